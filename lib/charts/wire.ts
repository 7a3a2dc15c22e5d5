import type { ChartSeries } from "@/lib/charts/types";

/**
 * Series as sent to the browser: a series on a regular grid (what a range query
 * gives: one point per step, null where there is no sample) travels as its start,
 * step and values, a third of the bytes of [t, v] pairs; any other series (e.g.
 * min/max downsampled) travels as its points. Pure.
 */
export type WireSeries = { name: string; start: number; step: number; values: (number | null)[] } | { name: string; points: [number, number | null][] };

export function toWire(series: ChartSeries[]): WireSeries[] {
  return series.map((s) => {
    const p = s.points;
    if (p.length < 2) return { name: s.name, points: p };
    const start = p[0]![0];
    const step = p[1]![0] - start;
    const regular = step > 0 && p.every(([t], i) => t === start + i * step);
    return regular ? { name: s.name, start, step, values: p.map(([, v]) => v) } : { name: s.name, points: p };
  });
}

export function fromWire(series: WireSeries[]): ChartSeries[] {
  return series.map((s) => ("points" in s ? { name: s.name, points: s.points } : { name: s.name, points: s.values.map((v, i) => [s.start + i * s.step, v] as [number, number | null]) }));
}
