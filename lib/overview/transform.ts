import type { InstantSeries, RangeSeries } from "@/lib/prometheus/types";
import type { ChartSeries } from "@/lib/charts/types";

/** Pure conversions from Prometheus results to what panels draw. */

export function sampleValue(text: string): number | null {
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

export function byLabel(series: InstantSeries[], label: string): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const s of series) {
    const key = s.metric[label];
    if (key !== undefined) out[key] = sampleValue(s.value[1]);
  }
  return out;
}

/**
 * One chart series per result, named by a label (or a function of the labels), on
 * the full step grid (gaps are null, not interpolated), sorted by name.
 */
export function toChartSeries(
  series: RangeSeries[],
  name: string | ((metric: Record<string, string>) => string),
  start: number,
  end: number,
  step: number,
): ChartSeries[] {
  const nameOf = typeof name === "string" ? (m: Record<string, string>) => m[name] ?? "(none)" : name;
  return series
    .map((s) => {
      const values = new Map(s.values.map(([t, v]) => [Math.round(t), sampleValue(v)]));
      const points: [number, number | null][] = [];
      for (let t = start; t <= end; t += step) points.push([t, values.get(t) ?? null]);
      return { name: nameOf(s.metric), points };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
