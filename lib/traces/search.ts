import type { Attribute, Span, Trace } from "./model";

/**
 * Finding spans inside one trace (the trace page's search box and filters). Every
 * criterion given must match; a query without criteria matches every span.
 */

export interface SpanQuery {
  /** case-insensitive substring of the service, operation, span id, status message,
   *  an attribute or resource attribute key or value, or an event name */
  text?: string;
  /** an attribute (span or resource) with this key, and this display value if given */
  attribute?: { key: string; value?: string };
  /** the span's share of the trace's duration, 0..1 (e.g. 0.1: at least 10 %) */
  minShare?: number;
}

const hasText = (attrs: readonly Attribute[], needle: string) =>
  attrs.some((a) => a.key.toLowerCase().includes(needle) || a.value.toLowerCase().includes(needle));

function matchesText(s: Span, needle: string): boolean {
  return (
    s.service.toLowerCase().includes(needle) ||
    s.operation.toLowerCase().includes(needle) ||
    s.spanId.includes(needle) ||
    (s.statusMessage?.toLowerCase().includes(needle) ?? false) ||
    hasText(s.attributes, needle) ||
    hasText(s.resource, needle) ||
    s.events.some((e) => e.name.toLowerCase().includes(needle))
  );
}

function matchesAttribute(s: Span, want: { key: string; value?: string }): boolean {
  const ok = (a: Attribute) => a.key === want.key && (want.value === undefined || a.value === want.value);
  return s.attributes.some(ok) || s.resource.some(ok);
}

/** Ids of the matching spans, in tree order. */
export function searchSpans(trace: Trace, query: SpanQuery): string[] {
  const needle = query.text?.trim().toLowerCase() || undefined;
  const minUs = query.minShare !== undefined && query.minShare > 0 ? query.minShare * trace.durationUs : undefined;
  return trace.spans
    .filter(
      (s) =>
        (needle === undefined || matchesText(s, needle)) &&
        (query.attribute === undefined || matchesAttribute(s, query.attribute)) &&
        (minUs === undefined || s.durationUs >= minUs),
    )
    .map((s) => s.id);
}
