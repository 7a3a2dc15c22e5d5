import "server-only";
import { getConfig } from "@/lib/config";
import { labelValues } from "@/lib/prometheus/client";
import { cachedInstant, cachedRange, ttlForStep } from "@/lib/query/run";
import { alignRangeToStep, parseDurationSeconds, rateWindowSeconds, stepFor } from "@/lib/promql/time-range";
import { describeFailure } from "@/lib/upstream/errors";
import { overviewQueries, SERVICE_DISCOVERY_METRIC } from "./queries";
import { byLabel, toChartSeries } from "./transform";
import type { OverviewData, Panel } from "./types";

/** Scrape interval of the data: history is backfilled at 60 s, live data at 5 s. */
const DATA_RESOLUTION_SECONDS = 15;

async function panel<T>(work: Promise<{ data: T; warnings: string[] }>): Promise<Panel<T>> {
  try {
    const { data, warnings } = await work;
    return { ok: true, data, warnings };
  } catch (err) {
    return { ok: false, error: describeFailure(err) };
  }
}

/** All panels of the overview in one call, their queries run concurrently. */
export async function loadOverview(preset: string, widthPx: number, now = Date.now() / 1000): Promise<OverviewData> {
  const cfg = getConfig().prometheus;
  const rangeSeconds = parseDurationSeconds(preset) ?? 3600;
  const step = stepFor(rangeSeconds, widthPx, DATA_RESOLUTION_SECONDS);
  const range = alignRangeToStep(now, rangeSeconds, step);
  const window = rateWindowSeconds(step, 60);
  const q = overviewQueries(rangeSeconds, window);
  const instant = (query: string) =>
    cachedInstant(cfg, query, range.end, ttlForStep(step)).then((r) => ({ data: byLabel(r.data, "service"), warnings: r.warnings }));
  const series = (query: string) =>
    cachedRange(cfg, { query, ...range }).then((r) => ({
      data: toChartSeries(r.data, "service", range.start, range.end, step),
      warnings: r.warnings,
    }));
  const [services, rate, errorRatio, p95, rateSeries, errorSeries, p95Series] = await Promise.all([
    panel(
      labelValues(cfg, "service", { match: [SERVICE_DISCOVERY_METRIC], start: range.start, end: range.end }).then((r) => ({
        data: [...r.data].sort(),
        warnings: r.warnings,
      })),
    ),
    panel(instant(q.summary.rate)),
    panel(instant(q.summary.errorRatio)),
    panel(instant(q.summary.p95)),
    panel(series(q.series.rate)),
    panel(series(q.series.errorRatio)),
    panel(series(q.series.p95)),
  ]);
  return {
    range: { preset, ...range },
    services,
    summary: { rate, errorRatio, p95 },
    charts: { rate: rateSeries, errorRatio: errorSeries, p95: p95Series },
  };
}
