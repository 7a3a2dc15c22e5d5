import "server-only";
import { getConfig, type BackendConfig } from "@/lib/config";
import { ActionFailure } from "@/lib/errors/action-failure";
import { findTraces, getTrace, operations, services } from "@/lib/jaeger/client";
import { UpstreamError } from "@/lib/upstream/errors";
import { fromOtlp, type Trace } from "./model";
import type { OtlpResourceSpans } from "./otlp";
import { toTraceQuery, type TraceSearchState } from "./query";
import { summarize, type TraceSummary } from "./summary";

/**
 * What the trace pages load from Jaeger: the trace model of one trace, search results
 * as summaries (the spans stay on the server), the services and operations for the
 * search form. Jaeger's failures arrive as UpstreamError and are shown where the
 * traces are; the metric pages never wait on Jaeger.
 */

export const TRACES_OFF = "Traces are off: set JAEGER_URL to Jaeger's query service (e.g. http://127.0.0.1:16686).";

function jaeger(): BackendConfig {
  const cfg = getConfig().jaeger;
  if (!cfg) throw new UpstreamError("jaeger", "unreachable", TRACES_OFF);
  return cfg;
}

export const isTraceId = (id: string) => /^[0-9a-fA-F]{1,32}$/.test(id);

/** The trace as Jaeger answers it (OTLP-JSON resource spans), for download. */
export async function loadTraceOtlp(id: string, signal?: AbortSignal): Promise<OtlpResourceSpans[]> {
  if (!isTraceId(id)) throw new ActionFailure("invalid", `"${id.slice(0, 40)}" is not a trace id: expected 1 to 32 hexadecimal digits`);
  return getTrace(jaeger(), id, {}, signal);
}

export async function loadTrace(id: string, signal?: AbortSignal): Promise<Trace> {
  const traces = fromOtlp(await loadTraceOtlp(id, signal));
  const want = id.toLowerCase().padStart(32, "0");
  const trace = traces.find((t) => t.traceId === want) ?? traces[0];
  if (!trace) throw new UpstreamError("jaeger", "bad_response", `Jaeger answered trace ${id} without spans`);
  return trace;
}

export interface SearchResult {
  summaries: TraceSummary[];
  /** which Jaeger API answered (attribute searches use the v1 API on Jaeger < 2.19) */
  via: string;
  warnings: string[];
  /** the time window searched, ms since the epoch */
  window: { startMs: number; endMs: number };
  limit: number;
}

export async function searchTraces(state: TraceSearchState, nowMs = Date.now(), signal?: AbortSignal): Promise<SearchResult> {
  const q = toTraceQuery(state, nowMs);
  if (!q.ok) throw new ActionFailure("invalid", q.issues.map((i) => `${i.field}: ${i.message}`).join("; "));
  const res = await findTraces(jaeger(), q.query, signal);
  const summaries = fromOtlp(res.resourceSpans, { details: false })
    .map(summarize)
    .sort((a, b) => b.startMs - a.startMs);
  return { summaries, via: res.via, warnings: res.warnings, window: { startMs: q.query.startMs, endMs: q.query.endMs }, limit: state.limit };
}

export async function traceServices(signal?: AbortSignal): Promise<string[]> {
  return (await services(jaeger(), signal)).sort();
}

export async function traceOperations(service: string, signal?: AbortSignal): Promise<string[]> {
  const ops = await operations(jaeger(), service, {}, signal);
  return [...new Set(ops.map((o) => o.name))].sort();
}
