import type { BackendConfig } from "@/lib/config";
import { UpstreamError } from "@/lib/upstream/errors";
import { parseJson, requestRaw } from "@/lib/upstream/http";
import type { ApiResponse, BuildInfo, ExemplarSeries, InstantSeries, QueryData, RangeSeries, WithWarnings } from "./types";

/**
 * Typed client of the Prometheus HTTP API. Works against Prometheus and compatible
 * backends (Thanos, Mimir, Cortex): the base URL may carry a path prefix, and the
 * config adds basic/bearer auth and the X-Scope-OrgID tenant header.
 */

/**
 * How long Prometheus may evaluate one query: the console's own timeout less a margin for the
 * answer to travel, so that an expensive query is stopped by Prometheus itself (which then frees
 * its CPU and memory and says "query timed out") rather than only abandoned by the console while
 * Prometheus, or a query frontend in front of it, goes on evaluating.
 */
export function evaluationTimeoutMs(timeoutMs: number): number {
  return Math.max(100, Math.round(timeoutMs - Math.min(2000, timeoutMs * 0.2)));
}

async function call<T>(
  cfg: BackendConfig,
  path: string,
  endpoint: string,
  params: Record<string, string | string[] | undefined>,
  signal?: AbortSignal,
): Promise<WithWarnings<T>> {
  // POST with a form body: long PromQL does not hit URL length limits. `timeout` is the evaluation
  // budget of the query APIs (/query, /query_range, /query_exemplars); Prometheus ignores it elsewhere.
  const form = { ...params, timeout: `${evaluationTimeoutMs(cfg.timeoutMs)}ms` };
  const res = await requestRaw(cfg, path, { method: "POST", form, signal, endpoint });
  const body = parseJson(cfg, res, endpoint) as ApiResponse<T>;
  if (body && typeof body === "object" && body.status === "success") {
    return { data: body.data, warnings: body.warnings ?? [] };
  }
  if (body && typeof body === "object" && body.status === "error") {
    if (body.errorType === "timeout") {
      const budget = evaluationTimeoutMs(cfg.timeoutMs) / 1000;
      throw new UpstreamError(cfg.name, "timeout", `${cfg.name} stopped evaluating the query at the console's budget of ${budget}s (${body.error}); narrow it: fewer series, a shorter range or a coarser step`, res.status);
    }
    const kind = res.status === 400 || res.status === 422 ? "rejected" : "http";
    throw new UpstreamError(cfg.name, kind, `${cfg.name}: ${body.errorType}: ${body.error}`, res.status);
  }
  throw new UpstreamError(
    cfg.name,
    "bad_response",
    `${cfg.name} answered ${endpoint} with HTTP ${res.status} and no "status" field`,
    res.status,
  );
}

export interface RangeQuery {
  query: string;
  /** unix seconds */
  start: number;
  end: number;
  /** seconds */
  step: number;
}

export async function queryRange(
  cfg: BackendConfig,
  q: RangeQuery,
  signal?: AbortSignal,
): Promise<WithWarnings<RangeSeries[]>> {
  const res = await call<QueryData>(
    cfg,
    "/api/v1/query_range",
    "query_range",
    { query: q.query, start: String(q.start), end: String(q.end), step: String(q.step) },
    signal,
  );
  if (res.data.resultType !== "matrix") {
    throw new UpstreamError(cfg.name, "bad_response", `expected a matrix from query_range, got ${res.data.resultType}`);
  }
  return { data: res.data.result, warnings: res.warnings };
}

export async function queryInstant(
  cfg: BackendConfig,
  query: string,
  time?: number,
  signal?: AbortSignal,
): Promise<WithWarnings<InstantSeries[]>> {
  const res = await call<QueryData>(
    cfg,
    "/api/v1/query",
    "query",
    { query, time: time === undefined ? undefined : String(time) },
    signal,
  );
  if (res.data.resultType === "vector") return { data: res.data.result, warnings: res.warnings };
  if (res.data.resultType === "scalar") {
    return { data: [{ metric: {}, value: res.data.result }], warnings: res.warnings };
  }
  throw new UpstreamError(cfg.name, "bad_response", `expected a vector from query, got ${res.data.resultType}`);
}

/** An instant query of a range selector (`x[7d]`): the raw samples, with their own timestamps. */
export async function queryRawSamples(
  cfg: BackendConfig,
  query: string,
  time: number,
  signal?: AbortSignal,
): Promise<WithWarnings<RangeSeries[]>> {
  const res = await call<QueryData>(cfg, "/api/v1/query", "query", { query, time: String(time) }, signal);
  if (res.data.resultType === "matrix") return { data: res.data.result, warnings: res.warnings };
  throw new UpstreamError(cfg.name, "bad_response", `expected a matrix from a range selector, got ${res.data.resultType}`);
}

export async function labelValues(
  cfg: BackendConfig,
  label: string,
  opts: { match?: string[]; start?: number; end?: number } = {},
  signal?: AbortSignal,
): Promise<WithWarnings<string[]>> {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) {
    throw new UpstreamError(cfg.name, "rejected", `"${label}" is not a valid label name`);
  }
  const res = await requestRaw(cfg, `/api/v1/label/${label}/values`, {
    endpoint: "label_values",
    query: {
      "match[]": opts.match,
      start: opts.start === undefined ? undefined : String(opts.start),
      end: opts.end === undefined ? undefined : String(opts.end),
    },
    signal,
  });
  const body = parseJson(cfg, res, "label_values") as ApiResponse<string[]>;
  if (body.status === "success") return { data: body.data, warnings: body.warnings ?? [] };
  throw new UpstreamError(cfg.name, "http", `${cfg.name}: ${body.errorType}: ${body.error}`, res.status);
}

export async function buildInfo(cfg: BackendConfig, signal?: AbortSignal): Promise<BuildInfo> {
  const res = await requestRaw(cfg, "/api/v1/status/buildinfo", { endpoint: "buildinfo", signal });
  if (res.status !== 200) {
    throw new UpstreamError(cfg.name, "http", `${cfg.name} answered buildinfo with HTTP ${res.status}`, res.status);
  }
  const body = parseJson(cfg, res, "buildinfo") as ApiResponse<BuildInfo>;
  if (body.status !== "success") throw new UpstreamError(cfg.name, "bad_response", `${cfg.name}: ${body.error}`);
  return body.data;
}

/** Exemplars (e.g. trace ids) attached to samples of `query`'s series in [start, end]. */
export async function queryExemplars(
  cfg: BackendConfig,
  query: string,
  start: number,
  end: number,
  signal?: AbortSignal,
): Promise<WithWarnings<ExemplarSeries[]>> {
  const res = await call<ExemplarSeries[] | null>(
    cfg,
    "/api/v1/query_exemplars",
    "query_exemplars",
    { query, start: String(start), end: String(end) },
    signal,
  );
  return { data: res.data ?? [], warnings: res.warnings };
}
