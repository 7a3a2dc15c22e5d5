/**
 * OTLP-JSON, the trace encoding the model reads (`TracesData.resourceSpans`), as
 * Jaeger's api_v3 writes it: ids in lowercase hex, `kind` and `status.code` as
 * integers, times as decimal strings of nanoseconds since the epoch (beyond 2^53, so
 * never parsed into a number), typed attribute values, and proto3 defaults left out
 * (every field may be missing). Plus the decoding of those values: display strings,
 * span kinds, status codes and nanosecond arithmetic on BigInt.
 *
 * The wire types themselves are the Jaeger client's (lib/jaeger/types.ts), re-exported
 * here for the model's modules.
 */

import type { OtlpAnyValue, OtlpEvent, OtlpKeyValue, OtlpLink, OtlpResourceSpans, OtlpScope, OtlpScopeSpans, OtlpSpan, OtlpStatus } from "@/lib/jaeger/types";

export type { OtlpAnyValue, OtlpEvent, OtlpKeyValue, OtlpLink, OtlpResourceSpans, OtlpScope, OtlpScopeSpans, OtlpSpan, OtlpStatus };

export type SpanKind = "unspecified" | "internal" | "server" | "client" | "producer" | "consumer";
export type StatusCode = "unset" | "ok" | "error";
export type AttributeType = "string" | "int" | "bool" | "double" | "bytes" | "array" | "kvlist" | "empty";

/** An attribute as shown: its value as a display string; kvlists are flattened to `key.sub` entries. */
export interface Attribute {
  key: string;
  value: string;
  type: AttributeType;
}

const KINDS: readonly SpanKind[] = ["unspecified", "internal", "server", "client", "producer", "consumer"];

export function decodeKind(kind: number | string | undefined): SpanKind {
  if (typeof kind === "number") return KINDS[kind] ?? "unspecified";
  if (typeof kind === "string") {
    const name = kind.replace(/^SPAN_KIND_/i, "").toLowerCase();
    return (KINDS as readonly string[]).includes(name) ? (name as SpanKind) : "unspecified";
  }
  return "unspecified";
}

export function decodeStatus(code: number | string | undefined): StatusCode {
  if (code === 1 || code === "STATUS_CODE_OK") return "ok";
  if (code === 2 || code === "STATUS_CODE_ERROR") return "error";
  return "unset";
}

/** Nanoseconds as BigInt; undefined for a missing or malformed value (proto3 omits 0). */
export function parseNanos(v: string | number | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? BigInt(Math.trunc(v)) : undefined;
  return /^\d{1,30}$/.test(v) ? BigInt(v) : undefined;
}

/** ns − base as microseconds (a float: nanosecond precision is kept in the fraction). */
export function microsSince(ns: bigint, base: bigint): number {
  return Number(ns - base) / 1000;
}

/** Lowercase hex, left-padded to 32 digits (the v1 API writes 64-bit trace ids as 16). */
export function normalizeTraceId(id: string | undefined): string {
  const hex = (id ?? "").trim().toLowerCase();
  return /^[0-9a-f]{1,31}$/.test(hex) ? hex.padStart(32, "0") : hex;
}

/** A span id that means "no parent": missing, empty or all zeros. */
export function isNullSpanId(id: string | undefined): boolean {
  return id === undefined || /^0*$/.test(id);
}

function valueType(v: OtlpAnyValue | undefined): AttributeType {
  if (!v) return "empty";
  if (v.stringValue !== undefined) return "string";
  if (v.intValue !== undefined) return "int";
  if (v.boolValue !== undefined) return "bool";
  if (v.doubleValue !== undefined) return "double";
  if (v.bytesValue !== undefined) return "bytes";
  if (v.arrayValue !== undefined) return "array";
  if (v.kvlistValue !== undefined) return "kvlist";
  return "empty";
}

/** How a value reads on screen; strings inside arrays and kvlists are quoted. */
export function displayValue(v: OtlpAnyValue | undefined, nested = 0): string {
  if (!v) return "";
  if (v.stringValue !== undefined) return nested > 0 ? JSON.stringify(v.stringValue) : v.stringValue;
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.boolValue !== undefined) return String(v.boolValue);
  if (v.doubleValue !== undefined) return String(v.doubleValue);
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (nested > MAX_NESTING) return "…";
  if (v.arrayValue !== undefined) return `[${(v.arrayValue.values ?? []).map((x) => displayValue(x, nested + 1)).join(", ")}]`;
  if (v.kvlistValue !== undefined) {
    return `{${(v.kvlistValue.values ?? []).map((kv) => `${kv.key}: ${displayValue(kv.value, nested + 1)}`).join(", ")}}`;
  }
  return "";
}

/** Values nested deeper than this are shown as "…" (the upstream answer is not trusted to be shallow). */
const MAX_NESTING = 16;

/** Typed key/values → display attributes, kvlists flattened into dotted keys. */
export function toAttributes(kvs: readonly OtlpKeyValue[] | undefined): Attribute[] {
  const out: Attribute[] = [];
  if (!kvs) return out;
  // iterative, so an absurdly nested kvlist cannot overflow the stack
  const stack: { prefix: string; kvs: readonly OtlpKeyValue[]; at: number; depth: number }[] = [{ prefix: "", kvs, at: 0, depth: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.at >= top.kvs.length) {
      stack.pop();
      continue;
    }
    const kv = top.kvs[top.at++]!;
    const key = top.prefix + kv.key;
    const inner = kv.value?.kvlistValue?.values;
    if (inner !== undefined && top.depth < MAX_NESTING) {
      if (inner.length === 0) out.push({ key, value: "{}", type: "kvlist" });
      else stack.push({ prefix: `${key}.`, kvs: inner, at: 0, depth: top.depth + 1 });
      continue;
    }
    out.push({ key, value: displayValue(kv.value), type: valueType(kv.value) });
  }
  return out;
}
