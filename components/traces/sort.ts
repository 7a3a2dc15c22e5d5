import type { TraceSummary } from "@/lib/traces/summary";

/** Sorting the trace table. Pure. */

export type SortKey = "start" | "root" | "duration" | "spans" | "services" | "errors";
export type SortDir = "asc" | "desc";
export interface Sort {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: Sort = { key: "start", dir: "desc" };

const rootLabel = (s: TraceSummary) => `${s.rootService}: ${s.rootOperation}`;

const COMPARE: Record<SortKey, (a: TraceSummary, b: TraceSummary) => number> = {
  start: (a, b) => a.startMs - b.startMs,
  root: (a, b) => rootLabel(a).localeCompare(rootLabel(b)),
  duration: (a, b) => a.durationUs - b.durationUs,
  spans: (a, b) => a.spanCount - b.spanCount,
  services: (a, b) => a.services.length - b.services.length,
  errors: (a, b) => a.errorCount - b.errorCount,
};

/** A sorted copy; ties fall back to newest first, then trace id, so the order is stable. */
export function sortSummaries(rows: readonly TraceSummary[], sort: Sort): TraceSummary[] {
  const cmp = COMPARE[sort.key];
  const sign = sort.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => sign * cmp(a, b) || b.startMs - a.startMs || a.traceId.localeCompare(b.traceId));
}

/** Clicking a header: the same column flips; a new column starts descending (text ascending). */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: key === "root" ? "asc" : "desc" };
}
