import type { ChartSeries } from "@/lib/charts/types";

/**
 * A latency heatmap from cumulative histogram buckets (one series per `le`):
 * counts per bucket and time step, de-cumulated. Pure.
 */
export interface Heatmap {
  /** upper bounds in seconds, ascending; the last is +Inf */
  bounds: number[];
  times: number[];
  /** counts[t][b]: requests in bucket b during step t (null: no data) */
  counts: (number | null)[][];
  max: number;
}

export function toHeatmap(series: ChartSeries[]): Heatmap {
  const byBound = series
    .map((s) => ({ bound: s.name === "+Inf" ? Number.POSITIVE_INFINITY : Number(s.name), points: s.points }))
    .filter((s) => !Number.isNaN(s.bound))
    .sort((a, b) => a.bound - b.bound);
  const times = byBound[0]?.points.map(([t]) => t) ?? [];
  let max = 0;
  const counts = times.map((_, ti) =>
    byBound.map((s, bi) => {
      const v = s.points[ti]?.[1];
      if (v === null || v === undefined) return null;
      const below = bi === 0 ? 0 : (byBound[bi - 1]?.points[ti]?.[1] ?? 0);
      const c = Math.max(0, v - below);
      if (c > max) max = c;
      return c;
    }),
  );
  return { bounds: byBound.map((s) => s.bound), times, counts, max };
}

/** The counts rounded to `digits` significant digits for the browser (shades and a three-digit readout need no more). */
export function roundHeatmap(h: Heatmap, digits = 4): Heatmap {
  const r = (c: number | null) => (c === null || c === 0 ? c : Number(c.toPrecision(digits)));
  return { ...h, counts: h.counts.map((row) => row.map(r)), max: r(h.max) ?? 0 };
}

/**
 * The heatmap's cells grouped into `levels` shades, each shade one SVG path of unit
 * squares (x = step index, y = bucket row from the top): a few elements instead of
 * one per cell, so a week of buckets draws with the HTML and stays cheap to hydrate.
 */
export function heatmapPaths(h: Heatmap, levels = 16): { opacity: number; d: string }[] {
  const rows = h.bounds.length;
  const parts: string[][] = Array.from({ length: levels }, () => []);
  h.counts.forEach((col, ti) => {
    col.forEach((c, bi) => {
      if (c === null || c === undefined || c <= 0) return;
      const level = Math.min(levels - 1, Math.floor(Math.sqrt(c / (h.max || 1)) * levels));
      parts[level]!.push(`M${ti} ${rows - bi - 1}h1.02v1.02h-1.02z`);
    });
  });
  return parts.flatMap((p, level) => (p.length ? [{ opacity: Number((0.08 + (0.92 * (level + 1)) / levels).toFixed(3)), d: p.join("") }] : []));
}
