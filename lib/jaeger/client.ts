import type { BackendConfig } from "@/lib/config";
import { UpstreamError } from "@/lib/upstream/errors";
import { parseJson, requestRaw, type RawResponse } from "@/lib/upstream/http";
import type {
  DependencyLink,
  JaegerOperation,
  OtlpResourceSpans,
  V1Envelope,
  V1Trace,
  V3Error,
  V3OperationsResponse,
  V3ServicesResponse,
  V3TracesResponse,
} from "./types";
import { v1TraceToOtlp, v1Warnings } from "./v1";

/**
 * Typed client of Jaeger's query service (tested against Jaeger 2.12, Go module
 * v1.75.0). Traces come back as OTLP-JSON resourceSpans, which lib/traces turns into
 * the console's trace model.
 *
 * Which endpoint answers what:
 * - services, operations, a trace by id, and searches by service / operation / time /
 *   duration: api_v3 (`/api/v3/...`), Jaeger's stable API, whose OTLP keeps every
 *   detail (ns times, typed attributes, events, links, status). Its search parameters
 *   are sent snake_case (`query.service_name`, …): Jaeger ≤ 2.18 reads only those,
 *   2.19+ still accepts them beside the camelCase names.
 * - searches by attribute: the v1 `/api/traces?tags={json}`. Jaeger 2.12's api_v3
 *   HTTP gateway never reads `query.attributes` (cmd/query/app/apiv3/http_gateway.go
 *   in v1.75.0 fills the filter with an empty map; the parameter exists from 2.19),
 *   so sending it there would silently return unfiltered traces. The v1 answer is
 *   converted to OTLP (./v1.ts). When the console requires Jaeger ≥ 2.19, move
 *   attribute searches to api_v3 `query.attributes`: v1 search was removed from
 *   Jaeger after 2.20.
 * - dependencies: v1 `/api/dependencies` (api_v3 has no HTTP route for them).
 *
 * api_v3 answers carry Content-Type text/plain even on success, so bodies are parsed
 * as JSON whatever the type. Its "nothing found" is a 404: an empty list for a
 * search, TraceNotFoundError for a trace id.
 */

/** A trace Jaeger does not have (never stored, or evicted by retention). */
export class TraceNotFoundError extends UpstreamError {
  constructor(readonly traceId: string) {
    super("jaeger", "rejected", `Trace ${traceId} does not exist in Jaeger (it may have been evicted)`, 404);
    this.name = "TraceNotFoundError";
  }
}

/** One trace may be large (10,000+ spans with attributes): read up to 64 MiB of it. */
export const TRACE_MAX_BYTES = 64 * 1024 * 1024;

type Query = Record<string, string | undefined>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Jaeger's own message from an api_v3 error body, if the body is one. */
function v3Message(res: RawResponse): string | undefined {
  try {
    const body = JSON.parse(res.text) as V3Error;
    return isObject(body) && isObject(body.error) && typeof body.error.message === "string" ? body.error.message : undefined;
  } catch {
    return undefined;
  }
}

/** Jaeger's own messages from a v1 envelope, if the body is one. */
function v1Messages(text: string): string[] | undefined {
  try {
    const body = JSON.parse(text) as V1Envelope<unknown>;
    return isObject(body) && Array.isArray(body.errors) ? body.errors.map((e) => e.msg) : undefined;
  } catch {
    return undefined;
  }
}

function failure(cfg: BackendConfig, what: string, res: RawResponse, message: string | undefined): UpstreamError {
  const said = message ?? (res.text.slice(0, 200).trim() || "an empty body");
  if (res.status === 400) return new UpstreamError(cfg.name, "rejected", `${cfg.name} refused ${what}: ${said}`, res.status);
  return new UpstreamError(cfg.name, "http", `${cfg.name} answered ${what} with HTTP ${res.status}: ${said}`, res.status);
}

function badShape(cfg: BackendConfig, what: string, expected: string): UpstreamError {
  return new UpstreamError(cfg.name, "bad_response", `${cfg.name} answered ${what} without ${expected}; is JAEGER_URL Jaeger's query service?`);
}

async function getV3(cfg: BackendConfig, path: string, endpoint: string, what: string, query: Query, signal?: AbortSignal, maxBytes?: number) {
  const res = await requestRaw(cfg, path, { endpoint, query, signal, maxBytes });
  return { res, body: res.status >= 200 && res.status < 300 ? parseJson(cfg, res, what) : undefined };
}

/** GET /api/v3/services: every service Jaeger has spans of. */
export async function services(cfg: BackendConfig, signal?: AbortSignal): Promise<string[]> {
  const { res, body } = await getV3(cfg, "/api/v3/services", "services", "the services request", {}, signal);
  if (body === undefined) throw failure(cfg, "the services request", res, v3Message(res));
  const list = isObject(body) ? ((body as V3ServicesResponse).services ?? []) : undefined;
  if (!Array.isArray(list) || list.some((s) => typeof s !== "string")) throw badShape(cfg, "the services request", 'a "services" list');
  return list;
}

export type SpanKindName = "server" | "client" | "producer" | "consumer" | "internal";

/** GET /api/v3/operations: the operations of a service, optionally of one span kind. */
export async function operations(cfg: BackendConfig, service: string, opts: { spanKind?: SpanKindName } = {}, signal?: AbortSignal): Promise<JaegerOperation[]> {
  const what = `the operations of service "${service}"`;
  const { res, body } = await getV3(cfg, "/api/v3/operations", "operations", what, { service, span_kind: opts.spanKind }, signal);
  if (body === undefined) throw failure(cfg, what, res, v3Message(res));
  const list = isObject(body) ? ((body as V3OperationsResponse).operations ?? []) : undefined;
  if (!Array.isArray(list) || !list.every(isObject)) throw badShape(cfg, what, 'an "operations" list');
  return list.map((o) => ({ name: String(o.name ?? ""), spanKind: String(o.spanKind ?? "") }));
}

function traceResult(cfg: BackendConfig, what: string, body: unknown): OtlpResourceSpans[] {
  const result = isObject(body) ? (body as V3TracesResponse).result : undefined;
  if (!isObject(result)) throw badShape(cfg, what, 'a "result" object');
  const list = result.resourceSpans ?? [];
  if (!Array.isArray(list)) throw badShape(cfg, what, 'a "resourceSpans" list');
  return list;
}

const rfc3339 = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * GET /api/v3/traces/{id}. `startMs`/`endMs` narrow where Jaeger looks (faster on
 * time-partitioned storage); `raw` skips Jaeger's adjusters (clock skew, …).
 */
export async function getTrace(
  cfg: BackendConfig,
  traceId: string,
  opts: { startMs?: number; endMs?: number; raw?: boolean } = {},
  signal?: AbortSignal,
): Promise<OtlpResourceSpans[]> {
  const id = traceId.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(id)) {
    throw new UpstreamError(cfg.name, "rejected", `"${traceId}" is not a trace id: expected 1 to 32 hexadecimal digits`);
  }
  const what = `trace ${id}`;
  const query = { start_time: rfc3339(opts.startMs), end_time: rfc3339(opts.endMs), raw_traces: opts.raw ? "true" : undefined };
  const { res, body } = await getV3(cfg, `/api/v3/traces/${id}`, "trace", what, query, signal, TRACE_MAX_BYTES);
  if (body === undefined) {
    const message = v3Message(res);
    // only Jaeger's own 404 means "no such trace"; a proxy's 404 means a wrong address
    if (res.status === 404 && message !== undefined) throw new TraceNotFoundError(traceId.trim());
    throw failure(cfg, what, res, message);
  }
  const spans = traceResult(cfg, what, body);
  if (spans.length === 0) throw new TraceNotFoundError(traceId.trim());
  return spans;
}

export interface TraceQuery {
  service: string;
  operation?: string;
  /** the traces' start time window, ms since the epoch */
  startMs: number;
  endMs: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  /** how many traces at most (Jaeger's search depth; default 20) */
  limit?: number;
  /** span attributes (tags) that must all match, e.g. {"http.status_code": "500"} */
  attributes?: Record<string, string>;
}

export interface TraceSearchResult {
  /** every found trace's spans in one list: group them by trace id (lib/traces fromOtlp) */
  resourceSpans: OtlpResourceSpans[];
  /** which API answered: api_v3, or v1 for attribute searches (see the module comment) */
  via: "api_v3" | "v1";
  /** what Jaeger attached to the traces (v1 only), e.g. clock skew adjustments */
  warnings: string[];
}

/** A duration in Go's syntax, which Jaeger parses (time.ParseDuration): 250ms, 1500us, 2s. */
export function goDuration(us: number): string {
  if (!Number.isInteger(us)) return `${Math.round(us * 1000)}ns`;
  if (us !== 0 && us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us !== 0 && us % 1000 === 0) return `${us / 1000}ms`;
  return `${us}us`;
}

function checkQuery(cfg: BackendConfig, q: TraceQuery): void {
  const bad = (m: string) => new UpstreamError(cfg.name, "rejected", `trace search not sent: ${m}`);
  if (!q.service.trim()) throw bad("a service is required");
  if (!Number.isFinite(q.startMs) || !Number.isFinite(q.endMs) || q.startMs >= q.endMs) {
    throw bad(`the start (${q.startMs}) must be a time before the end (${q.endMs}), both in ms since the epoch`);
  }
  for (const [name, v] of [["minimum duration", q.minDurationUs], ["maximum duration", q.maxDurationUs]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw bad(`the ${name} must be 0 µs or more, got ${v}`);
  }
  if (q.minDurationUs !== undefined && q.maxDurationUs !== undefined && q.maxDurationUs < q.minDurationUs) {
    throw bad(`the maximum duration (${q.maxDurationUs} µs) is below the minimum (${q.minDurationUs} µs)`);
  }
  if (q.limit !== undefined && !(Number.isInteger(q.limit) && q.limit > 0)) throw bad(`the limit must be a whole number above 0, got ${q.limit}`);
}

const DEFAULT_LIMIT = 20;

/** Finds traces; attribute searches go to the v1 API (see the module comment). */
export async function findTraces(cfg: BackendConfig, q: TraceQuery, signal?: AbortSignal): Promise<TraceSearchResult> {
  checkQuery(cfg, q);
  const dur = (us: number | undefined) => (us === undefined ? undefined : goDuration(us));
  const limit = String(q.limit ?? DEFAULT_LIMIT);
  const what = `the trace search for service "${q.service}"`;
  if (q.attributes && Object.keys(q.attributes).length > 0) {
    const query = {
      service: q.service,
      operation: q.operation || undefined,
      tags: JSON.stringify(q.attributes),
      start: String(Math.trunc(q.startMs * 1000)),
      end: String(Math.trunc(q.endMs * 1000)),
      minDuration: dur(q.minDurationUs),
      maxDuration: dur(q.maxDurationUs),
      limit,
    };
    const res = await requestRaw(cfg, "/api/traces", { endpoint: "find_traces_v1", query, signal, maxBytes: TRACE_MAX_BYTES });
    const traces = v1Data<V1Trace[]>(cfg, what, res) ?? [];
    return { resourceSpans: traces.flatMap(v1TraceToOtlp), via: "v1", warnings: traces.flatMap(v1Warnings) };
  }
  const query = {
    "query.service_name": q.service,
    "query.operation_name": q.operation || undefined,
    "query.start_time_min": rfc3339(q.startMs),
    "query.start_time_max": rfc3339(q.endMs),
    "query.duration_min": dur(q.minDurationUs),
    "query.duration_max": dur(q.maxDurationUs),
    "query.num_traces": limit,
  };
  const { res, body } = await getV3(cfg, "/api/v3/traces", "find_traces", what, query, signal, TRACE_MAX_BYTES);
  if (body === undefined) {
    const message = v3Message(res);
    if (res.status === 404 && message !== undefined) return { resourceSpans: [], via: "api_v3", warnings: [] };
    throw failure(cfg, what, res, message);
  }
  return { resourceSpans: traceResult(cfg, what, body), via: "api_v3", warnings: [] };
}

/** The `data` of a v1 envelope; errors (in the same envelope, any status) become UpstreamError. */
function v1Data<T>(cfg: BackendConfig, what: string, res: RawResponse): T | null {
  if (res.status < 200 || res.status >= 300) {
    const messages = v1Messages(res.text);
    throw failure(cfg, what, res, messages && messages.length > 0 ? messages.join("; ") : undefined);
  }
  const body = parseJson(cfg, res, what) as V1Envelope<T>;
  if (!isObject(body) || !("data" in body)) throw badShape(cfg, what, 'a "data" field');
  if (Array.isArray(body.errors) && body.errors.length > 0 && (body.data === null || (Array.isArray(body.data) && body.data.length === 0))) {
    throw new UpstreamError(cfg.name, "http", `${cfg.name} answered ${what} with errors: ${body.errors.map((e) => e.msg).join("; ")}`, res.status);
  }
  return body.data;
}

/** GET /api/dependencies: service-to-service call counts over [endMs − lookbackMs, endMs]. */
export async function dependencies(
  cfg: BackendConfig,
  opts: { endMs: number; lookbackMs: number; service?: string },
  signal?: AbortSignal,
): Promise<DependencyLink[]> {
  const query = { endTs: String(Math.trunc(opts.endMs)), lookback: String(Math.trunc(opts.lookbackMs)), service: opts.service || undefined };
  const res = await requestRaw(cfg, "/api/dependencies", { endpoint: "dependencies", query, signal });
  const data = v1Data<DependencyLink[]>(cfg, "the dependencies request", res) ?? [];
  if (!Array.isArray(data)) throw badShape(cfg, "the dependencies request", 'a "data" list');
  return data;
}
