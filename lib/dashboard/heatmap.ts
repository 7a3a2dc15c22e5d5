import type { ChartSeries } from "@/lib/overview/types";

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
