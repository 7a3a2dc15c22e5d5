import { primaryRoot, spanIndex, type Span, type Trace } from "./model";

/**
 * Aggregates of one trace: the summary a search result row shows (`summarize`) and
 * the per-service / per-operation breakdown with self time (`groupSpans`). Pure.
 */

export interface ServiceCount {
  name: string;
  spanCount: number;
  errorCount: number;
}

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  /** nanoseconds since the epoch, decimal */
  startNs: string;
  /** milliseconds since the epoch (for display; sub-ms precision is in startNs) */
  startMs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  orphanCount: number;
  /** by span count, then name */
  services: ServiceCount[];
}

export function summarize(trace: Trace): TraceSummary {
  const root = primaryRoot(trace);
  const services = new Map<string, ServiceCount>();
  let errorCount = 0;
  let orphanCount = 0;
  for (const s of trace.spans) {
    let c = services.get(s.service);
    if (!c) services.set(s.service, (c = { name: s.service, spanCount: 0, errorCount: 0 }));
    c.spanCount++;
    if (s.error) {
      c.errorCount++;
      errorCount++;
    }
    if (s.orphan) orphanCount++;
  }
  const start = BigInt(trace.startNs);
  return {
    traceId: trace.traceId,
    rootService: root?.service ?? "",
    rootOperation: root?.operation ?? "",
    startNs: trace.startNs,
    startMs: Number(start / 1_000_000n) + Number(start % 1_000_000n) / 1e6,
    durationUs: trace.durationUs,
    spanCount: trace.spans.length,
    errorCount,
    orphanCount,
    services: [...services.values()].sort((a, b) => b.spanCount - a.spanCount || a.name.localeCompare(b.name)),
  };
}

export interface SpanGroup {
  service: string;
  /** set when grouped by operation (an operation belongs to its service) */
  operation?: string;
  count: number;
  errorCount: number;
  /** sum of the spans' durations, µs */
  totalUs: number;
  /** sum of the spans' self times, µs: duration minus the time covered by their children */
  selfUs: number;
}

/**
 * Self time of a span: its duration minus the union of its children's intervals,
 * each clipped to the span (overlapping children count once; time a child spends
 * outside its parent does not count against the parent).
 */
export function selfTimeUs(span: Span, index: Map<string, Span>): number {
  const start = span.startUs;
  const end = span.startUs + span.durationUs;
  let covered = 0;
  let runStart = 0;
  let runEnd = -Infinity;
  // children are sorted by start, and clipping to [start, end] keeps that order
  for (const id of span.children) {
    const c = index.get(id)!;
    const s = Math.max(c.startUs, start);
    const e = Math.min(c.startUs + c.durationUs, end);
    if (e <= s) continue;
    if (s > runEnd) {
      if (runEnd > runStart) covered += runEnd - runStart;
      runStart = s;
      runEnd = e;
    } else if (e > runEnd) runEnd = e;
  }
  if (runEnd > runStart) covered += runEnd - runStart;
  return Math.max(0, span.durationUs - covered);
}

/** Spans grouped by service or by service + operation, by self time (largest first). */
export function groupSpans(trace: Trace, by: "service" | "operation"): SpanGroup[] {
  const index = spanIndex(trace);
  const groups = new Map<string, SpanGroup>();
  for (const s of trace.spans) {
    const key = by === "service" ? s.service : `${s.service}\u0000${s.operation}`;
    let g = groups.get(key);
    if (!g) {
      g = { service: s.service, count: 0, errorCount: 0, totalUs: 0, selfUs: 0 };
      if (by === "operation") g.operation = s.operation;
      groups.set(key, g);
    }
    g.count++;
    if (s.error) g.errorCount++;
    g.totalUs += s.durationUs;
    g.selfUs += selfTimeUs(s, index);
  }
  return [...groups.values()].sort(
    (a, b) => b.selfUs - a.selfUs || a.service.localeCompare(b.service) || (a.operation ?? "").localeCompare(b.operation ?? ""),
  );
}
