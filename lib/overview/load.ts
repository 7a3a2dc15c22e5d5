import "server-only";
import { getConfig } from "@/lib/config";
import { labelValues } from "@/lib/prometheus/client";
import { cachedInstant, cachedRange, ttlForStep } from "@/lib/query/run";
import { alignRangeToStep, DATA_RESOLUTION, parseDurationSeconds, rateWindowSeconds, stepFor } from "@/lib/promql/time-range";
import { toPanel } from "@/lib/query/panel";
import { overviewQueries, SERVICE_DISCOVERY_METRIC } from "./queries";
import { byLabel, toChartSeries } from "./transform";
import type { OverviewData } from "./types";


/** All panels of the overview in one call, their queries run concurrently. */
export async function loadOverview(preset: string, widthPx: number, now = Date.now() / 1000): Promise<OverviewData> {
  const cfg = getConfig().prometheus;
  const rangeSeconds = parseDurationSeconds(preset) ?? 3600;
  const step = stepFor(rangeSeconds, widthPx, DATA_RESOLUTION.minStepSeconds);
  const range = alignRangeToStep(now, rangeSeconds, step);
  const window = rateWindowSeconds(step, DATA_RESOLUTION.scrapeSeconds);
  const q = overviewQueries(rangeSeconds, window);
  const instant = (query: string) =>
    cachedInstant(cfg, query, range.end, ttlForStep(step)).then((r) => ({ data: byLabel(r.data, "service"), warnings: r.warnings }));
  const series = (query: string) =>
    cachedRange(cfg, { query, ...range }).then((r) => ({
      data: toChartSeries(r.data, "service", range.start, range.end, step),
      warnings: r.warnings,
    }));
  const [services, rate, errorRatio, p95, rateSeries, errorSeries, p95Series] = await Promise.all([
    toPanel(
      labelValues(cfg, "service", { match: [SERVICE_DISCOVERY_METRIC], start: range.start, end: range.end }).then((r) => ({
        data: [...r.data].sort(),
        warnings: r.warnings,
      })),
    ),
    toPanel(instant(q.summary.rate)),
    toPanel(instant(q.summary.errorRatio)),
    toPanel(instant(q.summary.p95)),
    toPanel(series(q.series.rate)),
    toPanel(series(q.series.errorRatio)),
    toPanel(series(q.series.p95)),
  ]);
  return {
    range: { preset, ...range },
    services,
    summary: { rate, errorRatio, p95 },
    charts: { rate: rateSeries, errorRatio: errorSeries, p95: p95Series },
    tracesEnabled: Boolean(getConfig().jaeger),
  };
}
