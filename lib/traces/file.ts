import { fromOtlp, type Trace } from "./model";
import type { OtlpResourceSpans } from "./otlp";

/**
 * A trace opened from a file: OTLP-JSON as the console downloads it or an
 * OpenTelemetry exporter writes it (`{"resourceSpans": […]}`), or Jaeger's api_v3
 * answer (`{"result": {"resourceSpans": […]}}`). Parsed in the browser (the file never
 * reaches the server), with a size cap and a precise message for what is wrong. Pure.
 */

export const MAX_TRACE_FILE_BYTES = 64 * 1024 * 1024;

export type TraceFile = { ok: true; trace: Trace; others: number } | { ok: false; error: string };

export function parseTraceFile(text: string, name: string): TraceFile {
  if (text.length > MAX_TRACE_FILE_BYTES) return { ok: false, error: `${name}: larger than ${MAX_TRACE_FILE_BYTES / 1024 / 1024} MiB, the most the console opens` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${name}: not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const top = body as { resourceSpans?: unknown; result?: { resourceSpans?: unknown } } | null;
  const spans = top && typeof top === "object" ? (top.resourceSpans ?? top.result?.resourceSpans) : undefined;
  if (!Array.isArray(spans)) {
    return { ok: false, error: `${name}: not an OTLP trace: expected "resourceSpans" (or Jaeger's "result.resourceSpans") at the top level` };
  }
  const traces = fromOtlp(spans as OtlpResourceSpans[]);
  const [first, ...rest] = traces.sort((a, b) => b.spans.length - a.spans.length);
  if (!first) return { ok: false, error: `${name}: the file holds no spans` };
  return { ok: true, trace: first, others: rest.length };
}
