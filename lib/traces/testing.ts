import type { OtlpKeyValue, OtlpResourceSpans, OtlpSpan } from "./otlp";

/**
 * Test helper: OTLP-JSON from a compact list of spans, the way Jaeger's api_v3 would
 * send it (one resourceSpans per service, times as nanosecond strings). Used by the
 * lib/traces tests to write small traces by hand.
 */

export interface SpanSpec {
  id: string;
  parent?: string;
  service?: string;
  op?: string;
  /** µs since `BASE_NS` */
  start: number;
  /** µs */
  dur: number;
  error?: boolean;
  kind?: number;
  attrs?: Record<string, string | number | boolean>;
  traceId?: string;
}

/** An absolute start beyond 2^53 ns, as every real trace has. */
export const BASE_NS = 1_711_138_246_940_000_123n;
export const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

function attribute(key: string, v: string | number | boolean): OtlpKeyValue {
  if (typeof v === "string") return { key, value: { stringValue: v } };
  if (typeof v === "boolean") return { key, value: { boolValue: v } };
  return Number.isInteger(v) ? { key, value: { intValue: String(v) } } : { key, value: { doubleValue: v } };
}

/** µs (possibly fractional) → absolute ns string */
export const ns = (us: number) => (BASE_NS + BigInt(Math.round(us * 1000))).toString();

export function otlp(specs: readonly SpanSpec[]): OtlpResourceSpans[] {
  const byService = new Map<string, OtlpSpan[]>();
  for (const s of specs) {
    const service = s.service ?? "svc";
    let list = byService.get(service);
    if (!list) byService.set(service, (list = []));
    list.push({
      traceId: s.traceId ?? TRACE_ID,
      spanId: s.id,
      parentSpanId: s.parent,
      name: s.op ?? s.id,
      kind: s.kind ?? 1,
      startTimeUnixNano: ns(s.start),
      endTimeUnixNano: ns(s.start + s.dur),
      attributes: Object.entries(s.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      status: s.error ? { code: 2 } : {},
    });
  }
  return [...byService].map(([service, spans]) => ({
    resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
    scopeSpans: [{ scope: { name: "test" }, spans }],
  }));
}

/** A chain of `n` spans, each the only child of the previous one, each 1 µs shorter. */
export function chain(n: number): SpanSpec[] {
  return Array.from({ length: n }, (_, i) => ({ id: hexId(i + 1), parent: i === 0 ? undefined : hexId(i), start: i, dur: 2 * n - 2 * i }));
}

export const hexId = (n: number) => n.toString(16).padStart(16, "0");
