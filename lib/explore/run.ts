import "server-only";
import { downsampleMinMax } from "@/lib/charts/downsample";
import { getConfig } from "@/lib/config";
import { toChartSeries } from "@/lib/overview/transform";
import type { ChartSeries } from "@/lib/charts/types";
import { alignRangeToStep, stepFor } from "@/lib/promql/time-range";
import { cachedInstant, cachedRange } from "@/lib/query/run";
import { resolveRange, type RangeSpec } from "@/lib/view/state";
import { formatSeriesName } from "./format";

const MAX_SERIES = 200;

export type ExploreResult =
  | { mode: "range"; range: { start: number; end: number; step: number }; series: ChartSeries[]; truncated: number; warnings: string[] }
  | { mode: "instant"; time: number; rows: { name: string; labels: Record<string, string>; value: string }[]; truncated: number; warnings: string[] };

export async function runExplore(query: string, mode: "range" | "instant", range: RangeSpec, widthPx: number, now = Date.now() / 1000): Promise<ExploreResult> {
  const prom = getConfig().prometheus;
  const { from, to } = resolveRange(range, now);
  if (mode === "instant") {
    const time = Math.floor(to);
    const res = await cachedInstant(prom, query, time, 5000);
    const rows = res.data.map((s) => ({ name: formatSeriesName(s.metric), labels: s.metric, value: s.value[1] }));
    return { mode, time, rows: rows.slice(0, 1000), truncated: Math.max(0, rows.length - 1000), warnings: res.warnings };
  }
  const step = stepFor(to - from, widthPx, 1);
  const aligned = alignRangeToStep(to, to - from, step);
  const res = await cachedRange(prom, { query, ...aligned });
  const series = toChartSeries(res.data.slice(0, MAX_SERIES), formatSeriesName, aligned.start, aligned.end, step).map((s) => ({
    name: s.name,
    points: downsampleMinMax(s.points, widthPx),
  }));
  return { mode, range: aligned, series, truncated: Math.max(0, res.data.length - MAX_SERIES), warnings: res.warnings };
}
