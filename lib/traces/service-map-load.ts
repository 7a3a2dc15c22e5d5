import "server-only";
import { getConfig } from "@/lib/config";
import { dependencies } from "@/lib/jaeger/client";
import type { DependencyLink } from "@/lib/jaeger/types";
import { overviewQueries } from "@/lib/overview/queries";
import { byLabel } from "@/lib/overview/transform";
import { toPanel, type Panel } from "@/lib/query/panel";
import { cachedInstant, ttlForStep } from "@/lib/query/run";
import { alignRangeToStep, DATA_RESOLUTION, parseDurationSeconds, rateWindowSeconds, stepFor, type RangePreset } from "@/lib/promql/time-range";
import { UpstreamError } from "@/lib/upstream/errors";
import { TRACES_OFF } from "./load";
import { buildServiceMap, type ServiceMap, type ServiceMetrics } from "./service-map";

/**
 * The service map's data in one call: Jaeger's dependency links and Prometheus's
 * per-service summary (the overview's queries: rate, 5xx ratio and p95 averaged over
 * the range) run concurrently, each as its own Panel, so either backend can fail
 * alone. The graph is laid out here, with Prometheus's numbers when it answered and
 * with every service "unknown" (and a warning) when it did not.
 */

/** The width the step is chosen for: the overview's default, so the summary queries are shared with it. */
const STEP_WIDTH_PX = 800;

export interface ServiceMapData {
  range: { preset: RangePreset; start: number; end: number };
  /** Jaeger's links laid out, colored by Prometheus's numbers when those loaded */
  graph: Panel<ServiceMap>;
  /** Prometheus's numbers by service */
  metrics: Panel<Record<string, ServiceMetrics>>;
}

/** Keeps 4 significant digits: what the browser shows, in fewer bytes. */
const round = (v: number | null | undefined): number | null => (v == null || !Number.isFinite(v) || v === 0 ? (v ?? null) : Number(v.toPrecision(4)));

async function loadLinks(endMs: number, lookbackMs: number): Promise<{ data: DependencyLink[]; warnings: string[] }> {
  const cfg = getConfig().jaeger;
  if (!cfg) throw new UpstreamError("jaeger", "unreachable", TRACES_OFF);
  return { data: await dependencies(cfg, { endMs, lookbackMs }), warnings: [] };
}

async function loadMetrics(rangeSeconds: number, step: number, end: number): Promise<{ data: Record<string, ServiceMetrics>; warnings: string[] }> {
  const cfg = getConfig().prometheus;
  const q = overviewQueries(rangeSeconds, rateWindowSeconds(step, DATA_RESOLUTION.scrapeSeconds)).summary;
  const instant = (query: string) => cachedInstant(cfg, query, end, ttlForStep(step)).then((r) => ({ data: byLabel(r.data, "service"), warnings: r.warnings }));
  const [rate, errorRatio, p95] = await Promise.all([instant(q.rate), instant(q.errorRatio), instant(q.p95)]);
  const names = new Set([...Object.keys(rate.data), ...Object.keys(errorRatio.data), ...Object.keys(p95.data)]);
  const data: Record<string, ServiceMetrics> = {};
  for (const name of [...names].sort()) {
    data[name] = { rate: round(rate.data[name]), errorRatio: round(errorRatio.data[name]), p95: round(p95.data[name]) };
  }
  return { data, warnings: [...new Set([...rate.warnings, ...errorRatio.warnings, ...p95.warnings])] };
}

export async function loadServiceMap(preset: RangePreset, now = Date.now() / 1000): Promise<ServiceMapData> {
  const rangeSeconds = parseDurationSeconds(preset) ?? 3600;
  const step = stepFor(rangeSeconds, STEP_WIDTH_PX, DATA_RESOLUTION.minStepSeconds);
  const { start, end } = alignRangeToStep(now, rangeSeconds, step);
  const [links, metrics] = await Promise.all([toPanel(loadLinks(end * 1000, (end - start) * 1000)), toPanel(loadMetrics(rangeSeconds, step, end))]);
  const graph: Panel<ServiceMap> = links.ok
    ? {
        ok: true,
        data: buildServiceMap(links.data, metrics.ok ? metrics.data : {}),
        warnings: metrics.ok ? links.warnings : [...links.warnings, `No health: Prometheus failed (${metrics.error.message}); services are shown as unknown.`],
      }
    : { ok: false, error: links.error };
  return { range: { preset, start, end }, graph, metrics };
}
