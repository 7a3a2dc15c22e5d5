import { spanIndex, type Span, type Trace } from "./model";

/**
 * The critical path of a trace: the chain of work that determined when each root
 * span ended, computed like Jaeger UI's critical path (TracePage/CriticalPath):
 *
 * 1. Children are first fitted into their parent: a child starting before its
 *    parent or ending after it is clipped to the parent; a child entirely outside
 *    its parent is dropped with its subtree (it blocked nothing the parent waited for).
 * 2. From each root, take its last-finishing child (LFC); the parent's time from
 *    that child's end to the parent's end is on the path, and the walk continues
 *    into the child. A span without such a child is on the path from its start;
 *    the walk then returns to its parent, looking for the child that finished last
 *    *before* that span started (children that overlap it are not waited for).
 *
 * Iterative (no recursion, 10,000-deep chains are fine) and O(n log n): each span's
 * children are sorted by end once and scanned with a cursor, since the "finished
 * before" bound only decreases. Differences from Jaeger UI: times here are relative
 * to the trace start, so a bound of 0 is a bound (the UI treats 0 as "none"); and a
 * child that ended exactly when the one after it started counts as finished before
 * it (the UI requires strictly before, which leaves back-to-back calls off the path
 * and shows their time as the parent's).
 */

export interface CriticalSection {
  spanId: string;
  /** µs since the trace's start */
  startUs: number;
  endUs: number;
}

interface Fitted {
  span: Span;
  start: number;
  end: number;
  parent?: Fitted;
  /** kept children, latest end first (ties: earliest start first) */
  children: Fitted[];
  /** children before it were entered or skipped: they ended after the current bound */
  cursor: number;
}

/** The sections of the critical path, in walk order (latest first within each root). */
export function criticalPathSections(trace: Trace): CriticalSection[] {
  const index = spanIndex(trace);
  const fitted = new Map<string, Fitted>();
  // trace.spans is in tree order: a parent is fitted before its children
  for (const span of trace.spans) {
    const parent = span.depth === 0 ? undefined : fitted.get(span.parentId ?? "");
    if (span.depth > 0 && !parent) continue; // its parent was dropped
    let start = span.startUs;
    let end = span.startUs + span.durationUs;
    if (parent) {
      if (start >= parent.end || end <= parent.start) continue; // outside its parent
      start = Math.max(start, parent.start);
      end = Math.min(end, parent.end);
    }
    const f: Fitted = { span, start, end, parent, children: [], cursor: 0 };
    fitted.set(span.id, f);
    parent?.children.push(f);
  }
  for (const f of fitted.values()) {
    if (f.children.length > 1) f.children.sort((a, b) => b.end - a.end); // stable: equal ends keep start order
  }

  const sections: CriticalSection[] = [];
  const push = (spanId: string, startUs: number, endUs: number) => {
    if (startUs !== endUs) sections.push({ spanId, startUs, endUs });
  };
  for (const rootId of trace.roots) {
    const root = fitted.get(rootId);
    if (!root || !index.has(rootId)) continue;
    let current: Fitted | undefined = root;
    let bound: number | undefined; // the start of the child we returned from
    // every step either enters a child (at most once each) or returns to a parent
    for (let guard = 2 * fitted.size + 2; current && guard > 0; guard--) {
      const lfc = lastFinishingChild(current, bound);
      const sectionEnd: number = bound ?? current.end;
      if (lfc) {
        push(current.span.id, lfc.end, sectionEnd);
        current.cursor++; // never enter the same child twice
        current = lfc;
        bound = undefined;
      } else {
        push(current.span.id, current.start, sectionEnd);
        if (current === root) break;
        bound = current.start;
        current = current.parent;
      }
    }
  }
  return sections;
}

function lastFinishingChild(f: Fitted, bound: number | undefined): Fitted | undefined {
  if (bound === undefined) return f.children[f.cursor];
  while (f.cursor < f.children.length && f.children[f.cursor]!.end > bound) f.cursor++;
  return f.children[f.cursor];
}

/** Ids of the spans with time on the critical path. */
export function criticalPath(trace: Trace): Set<string> {
  return new Set(criticalPathSections(trace).map((s) => s.spanId));
}
