import {
  decodeKind,
  decodeStatus,
  isNullSpanId,
  microsSince,
  normalizeTraceId,
  parseNanos,
  toAttributes,
  type Attribute,
  type OtlpResourceSpans,
  type OtlpSpan,
  type SpanKind,
  type StatusCode,
} from "./otlp";

/**
 * The trace model every trace page reads, built from OTLP-JSON by `fromOtlp`: spans
 * grouped by trace id, linked into a tree (children by start time, depth, orphans
 * as flagged roots), times in microseconds relative to the trace's start (kept
 * exactly, as a decimal string of nanoseconds). Pure, O(n log n), no recursion: a
 * 20,000-span trace converts in 50–100 ms and a 10,000-deep chain in ~20 ms (2 cores).
 *
 * A Trace is plain data (serialisable to the browser); `spanIndex` gives the id →
 * span map, built once per trace.
 */

export type { Attribute, SpanKind, StatusCode } from "./otlp";

export interface SpanEvent {
  name: string;
  /** µs since the trace's start */
  timeUs: number;
  attributes: Attribute[];
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attribute[];
  /** the linked span is part of this trace */
  inTrace: boolean;
}

export interface Span {
  /** unique within the trace: the span id, or `<span id>#<n>` for the n-th span repeating an id */
  id: string;
  /** the span id as sent */
  spanId: string;
  traceId: string;
  /** the parent span id as sent (undefined for a root); the parent may be missing from the trace */
  parentId?: string;
  service: string;
  operation: string;
  kind: SpanKind;
  /** instrumentation scope name, e.g. io.opentelemetry.jdbc */
  scope?: string;
  /** µs since the trace's start */
  startUs: number;
  durationUs: number;
  /** status ERROR, or an HTTP status of 500 or more */
  error: boolean;
  status: StatusCode;
  statusMessage?: string;
  attributes: Attribute[];
  /** the resource's attributes (service.name, host, …); shared by the spans of one resource */
  resource: Attribute[];
  events: SpanEvent[];
  links: SpanLink[];
  /** ids of the children, by start time */
  children: string[];
  /** 0 for a root */
  depth: number;
  /** a root only because its parent is not in the trace (or was part of a parent cycle) */
  orphan: boolean;
}

export interface Trace {
  traceId: string;
  /** absolute start: nanoseconds since the epoch, decimal (exceeds 2^53) */
  startNs: string;
  durationUs: number;
  /** in tree order: each root followed by its subtree, children by start time */
  spans: Span[];
  /** ids of the roots, by start time; orphans included */
  roots: string[];
  /** what was odd in the data (duplicate ids, parent cycles, spans ending before they start) */
  warnings: string[];
}

const UNKNOWN_SERVICE = "unknown_service";
const HTTP_STATUS_KEYS = new Set(["http.status_code", "http.response.status_code"]);

interface Raw {
  span: OtlpSpan;
  resource: Attribute[];
  service: string;
  scope?: string;
  start?: bigint;
  end?: bigint;
}

/** Builds one Trace per trace id found, in order of first appearance. */
/**
 * `details: false` leaves out what only the trace view shows (attributes, events,
 * links; the HTTP status that makes a span an error is still read): a search of
 * 1,500 traces needs their summaries only, and converting every attribute of every
 * span was most of the console's time on such a search (docs/PERFORMANCE.md, t2).
 */
export function fromOtlp(resourceSpans: readonly OtlpResourceSpans[] | undefined, opts: { details?: boolean } = {}): Trace[] {
  const details = opts.details ?? true;
  const byTrace = new Map<string, Raw[]>();
  for (const rs of resourceSpans ?? []) {
    const resource = toAttributes(rs.resource?.attributes);
    const service = resource.find((a) => a.key === "service.name")?.value || UNKNOWN_SERVICE;
    for (const ss of rs.scopeSpans ?? []) {
      const scope = ss.scope?.name || undefined;
      for (const span of ss.spans ?? []) {
        const traceId = normalizeTraceId(span.traceId);
        let list = byTrace.get(traceId);
        if (!list) byTrace.set(traceId, (list = []));
        list.push({ span, resource, service, scope, start: parseNanos(span.startTimeUnixNano), end: parseNanos(span.endTimeUnixNano) });
      }
    }
  }
  return [...byTrace].map(([traceId, raws]) => buildTrace(traceId, raws, details));
}

function isHttpServerError(attrs: readonly Attribute[]): boolean {
  for (const a of attrs) if (HTTP_STATUS_KEYS.has(a.key) && Number(a.value) >= 500) return true;
  return false;
}

function buildTrace(traceId: string, raws: Raw[], details: boolean): Trace {
  const warnings: string[] = [];
  let base: bigint | undefined;
  let last: bigint | undefined;
  for (const r of raws) {
    if (r.start !== undefined && (base === undefined || r.start < base)) base = r.start;
    const end = r.end ?? r.start;
    if (end !== undefined && (last === undefined || end > last)) last = end;
  }
  base ??= 0n;
  last ??= base;

  const byId = new Map<string, Span>();
  const spans: Span[] = [];
  let duplicates = 0;
  let backwards = 0;
  for (const r of raws) {
    const s = r.span;
    const spanId = (s.spanId ?? "").toLowerCase();
    let id = spanId;
    for (let n = 2; byId.has(id); n++) id = `${spanId}#${n}`;
    if (id !== spanId) duplicates++;
    const start = r.start ?? base;
    let end = r.end ?? start;
    if (end < start) {
      backwards++;
      end = start;
    }
    const attributes = details ? toAttributes(s.attributes) : toAttributes(s.attributes?.filter((kv) => HTTP_STATUS_KEYS.has(kv.key)));
    const status = decodeStatus(s.status?.code);
    const span: Span = {
      id,
      spanId,
      traceId,
      parentId: isNullSpanId(s.parentSpanId) ? undefined : s.parentSpanId!.toLowerCase(),
      service: r.service,
      operation: s.name ?? "",
      kind: decodeKind(s.kind),
      scope: r.scope,
      startUs: microsSince(start, base),
      durationUs: microsSince(end, start),
      error: status === "error" || isHttpServerError(attributes),
      status,
      statusMessage: s.status?.message || undefined,
      attributes,
      resource: r.resource,
      events: (details ? (s.events ?? []) : []).map((e) => ({
        name: e.name ?? "",
        timeUs: microsSince(parseNanos(e.timeUnixNano) ?? start, base),
        attributes: toAttributes(e.attributes),
      })),
      links: [],
      children: [],
      depth: 0,
      orphan: false,
    };
    byId.set(id, span);
    spans.push(span);
    span.links = (details ? (s.links ?? []) : []).map((l) => ({ traceId: normalizeTraceId(l.traceId), spanId: (l.spanId ?? "").toLowerCase(), attributes: toAttributes(l.attributes), inTrace: false }));
  }
  for (const span of spans) for (const l of span.links) l.inTrace = l.traceId === traceId && byId.has(l.spanId);
  if (duplicates > 0) warnings.push(`${duplicates} span(s) repeat the id of another span of this trace; they are shown as <id>#2, #3, …`);
  if (backwards > 0) warnings.push(`${backwards} span(s) end before they start; shown with a duration of 0`);

  const order = new Map<Span, number>(spans.map((s, i) => [s, i]));
  const byStart = (a: Span, b: Span) => a.startUs - b.startUs || order.get(a)! - order.get(b)!;
  const roots: Span[] = [];
  for (const span of spans) {
    const parent = span.parentId === undefined ? undefined : byId.get(span.parentId);
    if (parent && parent !== span) parent.children.push(span.id);
    else {
      span.orphan = span.parentId !== undefined;
      roots.push(span);
    }
  }
  for (const span of spans) {
    if (span.children.length > 1) span.children = span.children.map((c) => byId.get(c)!).sort(byStart).map((c) => c.id);
  }
  roots.sort(byStart);

  const tree = walk(roots, byId);
  if (tree.length < spans.length) breakCycles(spans, tree, roots, byId, byStart, warnings);
  const result: Trace = {
    traceId,
    startNs: base.toString(),
    durationUs: microsSince(last, base),
    spans: tree.length === spans.length ? tree : walk(roots, byId),
    roots: roots.map((r) => r.id),
    warnings,
  };
  indexes.set(result, byId);
  return result;
}

/** Pre-order walk from the roots, setting depths; iterative (10,000-deep chains are fine). */
function walk(roots: readonly Span[], byId: Map<string, Span>): Span[] {
  const out: Span[] = [];
  const stack: Span[] = [...roots].reverse();
  for (const r of roots) r.depth = 0;
  while (stack.length > 0) {
    const span = stack.pop()!;
    out.push(span);
    for (let i = span.children.length - 1; i >= 0; i--) {
      const child = byId.get(span.children[i]!)!;
      child.depth = span.depth + 1;
      stack.push(child);
    }
  }
  return out;
}

/** Spans no root reaches sit on a parent cycle: the earliest of each cycle becomes an orphan root. */
function breakCycles(spans: Span[], reached: Span[], roots: Span[], byId: Map<string, Span>, byStart: (a: Span, b: Span) => number, warnings: string[]) {
  const seen = new Set(reached);
  const left = spans.filter((s) => !seen.has(s)).sort(byStart);
  let broken = 0;
  for (const span of left) {
    if (seen.has(span)) continue;
    const parent = byId.get(span.parentId!);
    if (parent) parent.children = parent.children.filter((c) => c !== span.id);
    span.orphan = true;
    roots.push(span);
    broken++;
    for (const s of walk([span], byId)) seen.add(s);
  }
  roots.sort(byStart);
  warnings.push(`${broken} group(s) of spans name each other as parents (a cycle); each is shown from its earliest span`);
}

const indexes = new WeakMap<Trace, Map<string, Span>>();

/** id → span of a trace (built once per trace object; rebuilt for a trace that came over the wire). */
export function spanIndex(trace: Trace): Map<string, Span> {
  let index = indexes.get(trace);
  if (!index) {
    index = new Map(trace.spans.map((s) => [s.id, s]));
    indexes.set(trace, index);
  }
  return index;
}

/** The root a trace is named after: the earliest true root, else the earliest orphan. */
export function primaryRoot(trace: Trace): Span | undefined {
  const index = spanIndex(trace);
  const roots = trace.roots.map((id) => index.get(id)!);
  return roots.find((r) => !r.orphan) ?? roots[0];
}

/** Number of spans in each span's subtree (itself included), by position in `trace.spans`. */
export function subtreeSizes(trace: Trace): number[] {
  const sizes = new Array<number>(trace.spans.length).fill(1);
  const position = new Map(trace.spans.map((s, i) => [s.id, i]));
  for (let i = trace.spans.length - 1; i >= 0; i--) {
    for (const c of trace.spans[i]!.children) sizes[i]! += sizes[position.get(c)!]!;
  }
  return sizes;
}
