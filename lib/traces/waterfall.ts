import { subtreeSizes, type Span, type Trace } from "./model";

/**
 * The rows of a trace's waterfall: spans in tree order, minus the subtrees the user
 * collapsed. `trace.spans` is already in tree order, so a collapsed span's subtree is
 * the run of rows after it; skipping it is one jump. Iterative and O(visible rows).
 */

export interface WaterfallRow {
  span: Span;
  depth: number;
  hasChildren: boolean;
  collapsed: boolean;
  /** spans hidden under this row (its whole subtree when collapsed, else 0) */
  hiddenCount: number;
}

const sizesCache = new WeakMap<Trace, number[]>();

export function flatten(trace: Trace, collapsed: ReadonlySet<string>): WaterfallRow[] {
  let sizes = sizesCache.get(trace);
  if (!sizes) sizesCache.set(trace, (sizes = subtreeSizes(trace)));
  const rows: WaterfallRow[] = [];
  for (let i = 0; i < trace.spans.length; ) {
    const span = trace.spans[i]!;
    const hasChildren = span.children.length > 0;
    const isCollapsed = hasChildren && collapsed.has(span.id);
    const size = sizes[i]!;
    rows.push({ span, depth: span.depth, hasChildren, collapsed: isCollapsed, hiddenCount: isCollapsed ? size - 1 : 0 });
    i += isCollapsed ? size : 1;
  }
  return rows;
}

/** Ids of every span with children at `depth` or deeper: "collapse below level n". */
export function collapsedFromDepth(trace: Trace, depth: number): Set<string> {
  return new Set(trace.spans.filter((s) => s.depth >= depth && s.children.length > 0).map((s) => s.id));
}
