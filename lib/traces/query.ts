import type { TraceQuery } from "@/lib/jaeger/client";
import { parseViewState, resolveRange, serializeViewState, type RangeSpec } from "@/lib/view/state";

/**
 * The trace search as the URL holds it (`/traces?service=…&operation=…&tags=…`) and
 * its translation into a Jaeger query: tags as `key=value` pairs (space or newline
 * separated, values may be double-quoted), durations in Go's syntax ("250ms", "1.5s",
 * "800us"), a limit of 1–1,500, and the console's time range (`range=1h` or
 * `from`/`to`). Bad input is reported per field with what was wrong. Pure.
 */

export const MAX_TRACE_LIMIT = 1500;
export const DEFAULT_TRACE_LIMIT = 100;

export interface TraceSearchState {
  service: string;
  operation: string;
  tags: string;
  minDuration: string;
  maxDuration: string;
  limit: number;
  range: RangeSpec;
}

type Params = { get(name: string): string | null };

export function parseSearchState(params: Params): TraceSearchState {
  const limit = Number(params.get("limit") ?? DEFAULT_TRACE_LIMIT);
  return {
    service: params.get("service") ?? "",
    operation: params.get("operation") ?? "",
    tags: params.get("tags") ?? "",
    minDuration: params.get("minDuration") ?? "",
    maxDuration: params.get("maxDuration") ?? "",
    limit: Number.isInteger(limit) && limit >= 1 && limit <= MAX_TRACE_LIMIT ? limit : DEFAULT_TRACE_LIMIT,
    range: parseViewState(params).range,
  };
}

/** The query string of a search (defaults left out, so links stay short). */
export function serializeSearchState(s: TraceSearchState): string {
  const p = new URLSearchParams(serializeViewState({ range: s.range, refresh: "off", compare: false, tz: "local" }));
  if (s.service) p.set("service", s.service);
  if (s.operation) p.set("operation", s.operation);
  if (s.tags.trim()) p.set("tags", s.tags.trim());
  if (s.minDuration.trim()) p.set("minDuration", s.minDuration.trim());
  if (s.maxDuration.trim()) p.set("maxDuration", s.maxDuration.trim());
  if (s.limit !== DEFAULT_TRACE_LIMIT) p.set("limit", String(s.limit));
  return p.toString();
}

const GO_UNITS: Record<string, number> = { ns: 0.001, us: 1, "µs": 1, "μs": 1, ms: 1000, s: 1e6, m: 60e6, h: 3600e6 };

/** A Go duration ("1.5s", "250ms", "1m30s", "800us") in µs; undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const v = text.trim();
  if (!v) return undefined;
  let total = 0;
  let consumed = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    if (m.index !== consumed) return undefined;
    total += Number(m[1]) * GO_UNITS[m[2]!]!;
    consumed += m[0].length;
  }
  return consumed === v.length ? total : undefined;
}

/** `key=value` pairs; values may be "double quoted" (with \" inside). */
export function parseTags(text: string): { ok: true; tags: Record<string, string> } | { ok: false; error: string } {
  const tags: Record<string, string> = {};
  const re = /\s*([^\s="]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))\s*/y;
  let at = 0;
  const src = text.trim();
  while (at < src.length) {
    re.lastIndex = at;
    const m = re.exec(src);
    if (!m) return { ok: false, error: `expected key=value at character ${at + 1} ("${src.slice(at, at + 20)}")` };
    const key = m[1]!;
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3]!;
    if (!value) return { ok: false, error: `${key}: expected a value after "="` };
    if (key in tags) return { ok: false, error: `${key}: given twice` };
    tags[key] = value;
    at = re.lastIndex;
  }
  return { ok: true, tags };
}

export type SearchIssue = { field: keyof TraceSearchState; message: string };

/** The Jaeger query for a search at `nowMs`, or what is wrong with it, field by field. */
export function toTraceQuery(s: TraceSearchState, nowMs: number): { ok: true; query: TraceQuery } | { ok: false; issues: SearchIssue[] } {
  const issues: SearchIssue[] = [];
  if (!s.service) issues.push({ field: "service", message: "pick a service" });
  const tags = parseTags(s.tags);
  if (!tags.ok) issues.push({ field: "tags", message: tags.error });
  const min = s.minDuration.trim() ? parseGoDuration(s.minDuration) : undefined;
  const max = s.maxDuration.trim() ? parseGoDuration(s.maxDuration) : undefined;
  if (s.minDuration.trim() && min === undefined) issues.push({ field: "minDuration", message: `"${s.minDuration}" is not a duration such as 250ms, 1.5s or 2m` });
  if (s.maxDuration.trim() && max === undefined) issues.push({ field: "maxDuration", message: `"${s.maxDuration}" is not a duration such as 250ms, 1.5s or 2m` });
  if (min !== undefined && max !== undefined && max <= min) issues.push({ field: "maxDuration", message: "must be longer than the minimum" });
  if (!Number.isInteger(s.limit) || s.limit < 1 || s.limit > MAX_TRACE_LIMIT) issues.push({ field: "limit", message: `expected 1 to ${MAX_TRACE_LIMIT}` });
  if (issues.length) return { ok: false, issues };
  const { from, to } = resolveRange(s.range, Math.floor(nowMs / 1000));
  return {
    ok: true,
    query: {
      service: s.service,
      operation: s.operation || undefined,
      startMs: from * 1000,
      endMs: to * 1000,
      minDurationUs: min,
      maxDurationUs: max,
      limit: s.limit,
      attributes: tags.ok && Object.keys(tags.tags).length ? tags.tags : undefined,
    },
  };
}
