import "server-only";
import type { BackendConfig } from "@/lib/config";
import { queryExemplars, queryInstant, queryRange, type RangeQuery } from "@/lib/prometheus/client";
import type { ExemplarSeries, InstantSeries, RangeSeries, WithWarnings } from "@/lib/prometheus/types";
import { Gauge } from "prom-client";
import { consoleMetrics } from "@/lib/telemetry/metrics";
import { QueryCache, instantQueryKey, rangeQueryKey } from "./cache";

/**
 * Cached, shared Prometheus queries for every panel of the console. One cache per
 * server process (kept on globalThis across module reloads).
 */

type Result = WithWarnings<RangeSeries[]> | WithWarnings<InstantSeries[]> | WithWarnings<ExemplarSeries[]>;
const key = Symbol.for("perfops.queryCache");
type G = typeof globalThis & { [key]?: QueryCache<Result> };

export function queryCache(): QueryCache<Result> {
  const g = globalThis as G;
  if (!g[key]) {
    const cache = new QueryCache<Result>({
      maxBytes: CACHE_MAX_BYTES,
      sizeOf: resultBytes,
      onLookup: (result) => consoleMetrics().queryCacheRequests.inc({ result }),
    });
    new Gauge({
      name: "perfops_query_cache_bytes",
      help: "Estimated size of the query results the console keeps (bounded by CACHE_MAX_BYTES).",
      registers: [consoleMetrics().registry],
      collect() {
        this.set(cache.storedBytes);
      },
    });
    g[key] = cache;
  }
  return g[key];
}

/** What the process keeps of query results, estimated by resultBytes. */
export const CACHE_MAX_BYTES = 128 * 1024 * 1024;

/**
 * A generous estimate of a result's heap size: V8 keeps a [t, "v"] point in ~80 bytes
 * (array, number, short string), a series' labels at 2 bytes a character plus objects.
 */
export function resultBytes(r: Result): number {
  let n = 64;
  for (const s of r.data as { metric?: Record<string, string>; values?: unknown[]; exemplars?: unknown[]; labels?: Record<string, string> }[]) {
    n += 200 + ((s.values?.length ?? 1) + (s.exemplars?.length ?? 0) * 3) * 80;
    for (const [k, v] of Object.entries(s.metric ?? s.labels ?? {})) n += 2 * (k.length + v.length) + 64;
  }
  return n;
}

/** About one step: a newer answer could differ only in its last point. 5 s … 5 min. */
export function ttlForStep(stepSeconds: number): number {
  return Math.min(300, Math.max(5, stepSeconds)) * 1000;
}

export function cachedRange(cfg: BackendConfig, q: RangeQuery, signal?: AbortSignal): Promise<WithWarnings<RangeSeries[]>> {
  return queryCache().get(rangeQueryKey(cfg, q), ttlForStep(q.step), (s) => queryRange(cfg, q, s), signal) as Promise<
    WithWarnings<RangeSeries[]>
  >;
}

export function cachedInstant(
  cfg: BackendConfig,
  query: string,
  time: number,
  ttlMs: number,
  signal?: AbortSignal,
): Promise<WithWarnings<InstantSeries[]>> {
  return queryCache().get(instantQueryKey(cfg, query, time), ttlMs, (s) => queryInstant(cfg, query, time, s), signal) as Promise<
    WithWarnings<InstantSeries[]>
  >;
}

/** Exemplars over an aligned window, shared like range queries (end rounded up to the step). */
export function cachedExemplars(
  cfg: BackendConfig,
  query: string,
  q: { start: number; end: number; step: number },
  signal?: AbortSignal,
): Promise<WithWarnings<ExemplarSeries[]>> {
  const key = JSON.stringify(["exemplars", cfg.url, cfg.tenant ?? "", query, q.start, q.end]);
  return queryCache().get(key, ttlForStep(q.step), (s) => queryExemplars(cfg, query, q.start, q.end, s), signal) as Promise<
    WithWarnings<ExemplarSeries[]>
  >;
}
