import type { OtlpKeyValue, OtlpResourceSpans, OtlpSpan, V1KeyValue, V1Span, V1Trace } from "./types";

/**
 * Traces of Jaeger's internal v1 API (UI model: µs times, typed tags, references,
 * processes) turned into OTLP-JSON resourceSpans, so a v1 search result reads exactly
 * like an api_v3 answer. The mapping is the one Jaeger itself applies between the
 * two (OpenTelemetry's pkg/translator/jaeger, jaegerproto_to_traces.go, v0.139.0):
 *
 * - process → resource: `service.name` + the process tags;
 * - tag `span.kind` → kind; `otel.scope.name`/`.version` → scope (older data:
 *   `otel.library.*`); `w3c.tracestate` → traceState; these tags are removed;
 * - tag `error=true` (bool) → status ERROR with `otel.status_description` as its
 *   message; else `otel.status_code` OK/ERROR → status; these tags are removed;
 * - parent: the first CHILD_OF reference within the trace, else the first
 *   FOLLOWS_FROM; every other reference becomes a link with `opentracing.ref_type`;
 * - logs → events, the `event` field being the name;
 * - ids: 16-digit trace ids (high bits zero) padded to 32, as api_v3 writes them.
 *
 * v1 times are whole µs, so a converted trace is exact to the µs only.
 */

const KIND: Record<string, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

const padTraceId = (id: string) => (/^[0-9a-f]{1,31}$/i.test(id) ? id.padStart(32, "0") : id).toLowerCase();
const nanos = (us: number) => (BigInt(Math.trunc(us)) * 1000n).toString();

function toKeyValue(t: V1KeyValue): OtlpKeyValue {
  switch (t.type) {
    case "bool":
      return { key: t.key, value: { boolValue: t.value === true || t.value === "true" } };
    case "int64":
      return { key: t.key, value: { intValue: String(t.value) } };
    case "float64":
      return { key: t.key, value: { doubleValue: typeof t.value === "number" ? t.value : String(t.value) } };
    case "binary":
      return { key: t.key, value: { bytesValue: String(t.value) } };
    default:
      return { key: t.key, value: { stringValue: String(t.value) } };
  }
}

/** Removes the first tag named `key` and returns it. */
function take(tags: V1KeyValue[], key: string): V1KeyValue | undefined {
  const i = tags.findIndex((t) => t.key === key);
  return i < 0 ? undefined : tags.splice(i, 1)[0];
}

function parentOf(span: V1Span): string | undefined {
  const refs = (span.references ?? []).filter((r) => r.traceID.toLowerCase() === span.traceID.toLowerCase());
  return (refs.find((r) => r.refType === "CHILD_OF") ?? refs.find((r) => r.refType === "FOLLOWS_FROM"))?.spanID ?? span.parentSpanID;
}

function convertSpan(span: V1Span): { scope: { name?: string; version?: string }; span: OtlpSpan } {
  const tags = [...(span.tags ?? [])];
  const scopeName = take(tags, "otel.scope.name") ?? take(tags, "otel.library.name");
  const scopeVersion = scopeName ? (take(tags, "otel.scope.version") ?? take(tags, "otel.library.version")) : undefined;
  const kind = take(tags, "span.kind");
  const traceState = take(tags, "w3c.tracestate");

  let status: OtlpSpan["status"];
  const errorTag = tags.find((t) => t.key === "error");
  if (errorTag && errorTag.type === "bool" && (errorTag.value === true || errorTag.value === "true")) {
    take(tags, "error");
    take(tags, "otel.status_code");
    status = { code: 2, message: take(tags, "otel.status_description")?.value.toString() };
  } else {
    const code = take(tags, "otel.status_code");
    if (code) {
      const upper = String(code.value).toUpperCase();
      status = { code: upper === "ERROR" ? 2 : upper === "OK" ? 1 : 0, message: take(tags, "otel.status_description")?.value.toString() };
    }
  }

  const parent = parentOf(span);
  const traceId = padTraceId(span.traceID);
  const links = (span.references ?? [])
    .filter((r) => !(r.refType === "CHILD_OF" && r.spanID === parent && r.traceID.toLowerCase() === span.traceID.toLowerCase()))
    .map((r) => ({
      traceId: padTraceId(r.traceID),
      spanId: r.spanID.toLowerCase(),
      attributes: [{ key: "opentracing.ref_type", value: { stringValue: r.refType === "CHILD_OF" ? "child_of" : "follows_from" } }],
    }));

  return {
    scope: { name: scopeName ? String(scopeName.value) : undefined, version: scopeVersion ? String(scopeVersion.value) : undefined },
    span: {
      traceId,
      spanId: span.spanID.toLowerCase(),
      parentSpanId: parent?.toLowerCase(),
      traceState: traceState ? String(traceState.value) : undefined,
      name: span.operationName,
      kind: KIND[String(kind?.value ?? "")] ?? 0,
      startTimeUnixNano: nanos(span.startTime),
      endTimeUnixNano: nanos(span.startTime + span.duration),
      attributes: tags.map(toKeyValue),
      events: (span.logs ?? []).map((log) => {
        const fields = [...(log.fields ?? [])];
        const name = take(fields, "event");
        return { timeUnixNano: nanos(log.timestamp), name: name ? String(name.value) : "", attributes: fields.map(toKeyValue) };
      }),
      links,
      status,
    },
  };
}

/** One v1 trace → OTLP resourceSpans (one per process, one scopeSpans per scope). */
export function v1TraceToOtlp(trace: V1Trace): OtlpResourceSpans[] {
  const resources = new Map<string, { rs: OtlpResourceSpans; scopes: Map<string, OtlpSpan[]> }>();
  for (const v1 of trace.spans) {
    const processId = v1.processID ?? "";
    let entry = resources.get(processId);
    if (!entry) {
      const process = trace.processes?.[processId];
      const attributes: OtlpKeyValue[] = process ? [{ key: "service.name", value: { stringValue: process.serviceName } }, ...(process.tags ?? []).map(toKeyValue)] : [];
      entry = { rs: { resource: { attributes }, scopeSpans: [] }, scopes: new Map() };
      resources.set(processId, entry);
    }
    const { scope, span } = convertSpan(v1);
    const scopeKey = `${scope.name ?? ""}\u0000${scope.version ?? ""}`;
    let spans = entry.scopes.get(scopeKey);
    if (!spans) {
      spans = [];
      entry.scopes.set(scopeKey, spans);
      entry.rs.scopeSpans!.push({ scope: { name: scope.name, version: scope.version }, spans });
    }
    spans.push(span);
  }
  return [...resources.values()].map((e) => e.rs);
}

/** The warnings Jaeger attached to a trace and its spans (e.g. clock skew adjustments), each once. */
export function v1Warnings(trace: V1Trace): string[] {
  const all = new Set<string>(trace.warnings ?? []);
  for (const s of trace.spans) for (const w of s.warnings ?? []) all.add(w);
  const id = padTraceId(trace.traceID);
  return [...all].map((w) => `trace ${id}: ${w}`);
}
