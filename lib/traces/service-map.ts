import type { DependencyLink } from "@/lib/jaeger/types";
import { healthOf, type Health } from "@/lib/overview/health";

/**
 * The service map as the view draws it. Pure: Jaeger's dependency links (parent →
 * child with a call count) and Prometheus's per-service numbers become nodes (with
 * health against DEFAULT_TARGETS and calls in/out) and edges (one per caller/callee
 * pair), laid out in layers:
 *
 * - columns: the longest path from the roots (services nobody calls); cycles are
 *   broken first by a depth-first search from the roots in name order (then from the
 *   remaining services in name order), whose back edges are left out of the layering
 *   and drawn as dashed arcs bending below (self-calls: loops above the node);
 * - rows: a barycentre pass (left to right by callers, then right to left by callees)
 *   to reduce crossings, ties by name, services without edges last;
 * - positions: a fixed coordinate space (SVG user units), each column centred.
 */

/** A service's numbers over the range, from Prometheus (null: no value). */
export interface ServiceMetrics {
  rate: number | null;
  errorRatio: number | null;
  p95: number | null;
}

export interface MapNode extends ServiceMetrics {
  name: string;
  health: Health;
  /** calls this service received / made in the range (Jaeger's counts, self-calls included) */
  callsIn: number;
  callsOut: number;
  column: number;
  row: number;
  /** top-left corner of the node's box */
  x: number;
  y: number;
}

export interface MapEdge {
  parent: string;
  child: string;
  callCount: number;
  /** drawn against the flow: closes a cycle (or calls itself) */
  back: boolean;
  /** SVG path (cubic curve) and where its label goes */
  path: string;
  label: { x: number; y: number };
  strokeWidth: number;
}

export interface ServiceMap {
  nodes: MapNode[];
  edges: MapEdge[];
  width: number;
  height: number;
}

export const LAYOUT = { nodeWidth: 180, nodeHeight: 56, columnGap: 110, rowGap: 36, padding: 36, backArc: 48 } as const;

/** 1 for a single call, one more per tenfold, at most 8. */
export function strokeWidthFor(callCount: number): number {
  return Math.min(8, 1 + Math.log10(Math.max(1, callCount)));
}

const byName = (a: string, b: string) => a.localeCompare(b);

/** The key of a caller → callee pair (unambiguous whatever the names hold). */
export const pairKey = (parent: string, child: string) => JSON.stringify([parent, child]);

/** Links merged by (parent, child), their counts summed; blank names and bad counts left out. */
export function mergeLinks(links: readonly DependencyLink[]): DependencyLink[] {
  const merged = new Map<string, DependencyLink>();
  for (const l of links) {
    if (!l.parent || !l.child) continue;
    const count = Number.isFinite(l.callCount) && l.callCount > 0 ? l.callCount : 0;
    const key = pairKey(l.parent, l.child);
    const seen = merged.get(key);
    if (seen) seen.callCount += count;
    else merged.set(key, { parent: l.parent, child: l.child, callCount: count });
  }
  return [...merged.values()].sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child));
}

/** The keys (pairKey) of the edges that close a cycle, found by a DFS from the roots in name order. */
export function backEdges(names: readonly string[], links: readonly DependencyLink[]): Set<string> {
  const out = new Map<string, string[]>(names.map((n) => [n, []]));
  const hasCaller = new Set<string>();
  for (const l of links) {
    if (l.parent === l.child) continue;
    out.get(l.parent)?.push(l.child);
    hasCaller.add(l.child);
  }
  for (const list of out.values()) list.sort(byName);
  const back = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const visit = (start: string) => {
    // iterative DFS: [node, index of the next callee to look at]
    const stack: [string, number][] = [[start, 0]];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const callees = out.get(top[0]) ?? [];
      if (top[1] >= callees.length) {
        state.set(top[0], "done");
        stack.pop();
        continue;
      }
      const next = callees[top[1]++]!;
      const s = state.get(next);
      if (s === "open") back.add(pairKey(top[0], next));
      else if (s === undefined) {
        state.set(next, "open");
        stack.push([next, 0]);
      }
    }
  };
  const sorted = [...names].sort(byName);
  for (const n of sorted) if (!hasCaller.has(n) && !state.has(n)) visit(n);
  for (const n of sorted) if (!state.has(n)) visit(n);
  return back;
}

/** Column of every service: the longest path from a root over the acyclic edges. */
export function columnsOf(names: readonly string[], forward: readonly DependencyLink[]): Map<string, number> {
  const column = new Map<string, number>(names.map((n) => [n, 0]));
  const indegree = new Map<string, number>(names.map((n) => [n, 0]));
  const out = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const l of forward) {
    out.get(l.parent)?.push(l.child);
    indegree.set(l.child, (indegree.get(l.child) ?? 0) + 1);
  }
  const queue = names.filter((n) => indegree.get(n) === 0);
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    for (const c of out.get(n) ?? []) {
      column.set(c, Math.max(column.get(c) ?? 0, (column.get(n) ?? 0) + 1));
      const left = (indegree.get(c) ?? 0) - 1;
      indegree.set(c, left);
      if (left === 0) queue.push(c);
    }
  }
  return column;
}

/** Services per column, ordered by a barycentre pass over the acyclic edges. */
export function orderRows(names: readonly string[], column: Map<string, number>, forward: readonly DependencyLink[]): string[][] {
  const count = Math.max(0, ...column.values()) + 1;
  const callers = new Map<string, string[]>(names.map((n) => [n, []]));
  const callees = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const l of forward) {
    callers.get(l.child)?.push(l.parent);
    callees.get(l.parent)?.push(l.child);
  }
  const connected = (n: string) => (callers.get(n)?.length ?? 0) + (callees.get(n)?.length ?? 0) > 0;
  const cols: string[][] = Array.from({ length: count }, () => []);
  for (const n of [...names].sort((a, b) => Number(connected(b)) - Number(connected(a)) || byName(a, b))) cols[column.get(n) ?? 0]!.push(n);
  // centred positions, so that columns of different heights compare
  const pos = new Map<string, number>();
  const place = (col: string[]) => col.forEach((n, i) => pos.set(n, i - (col.length - 1) / 2));
  cols.forEach(place);
  const sweep = (c: number, neighbours: Map<string, string[]>) => {
    const col = cols[c]!;
    const key = new Map<string, number>();
    for (const n of col) {
      const ps = (neighbours.get(n) ?? []).map((m) => pos.get(m) ?? 0);
      key.set(n, ps.length > 0 ? ps.reduce((a, b) => a + b, 0) / ps.length : (pos.get(n) ?? 0));
    }
    const current = new Map(col.map((n, i) => [n, i]));
    col.sort((a, b) => key.get(a)! - key.get(b)! || current.get(a)! - current.get(b)! || byName(a, b));
    place(col);
  };
  for (let c = 1; c < count; c++) sweep(c, callers);
  for (let c = count - 2; c >= 0; c--) sweep(c, callees);
  return cols;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** A cubic curve through four points, with its label at parameter `t` (near the callee for forward edges: they fan out there). */
function curve(points: [number, number][], t = 0.5): { path: string; label: { x: number; y: number } } {
  const [p0, p1, p2, p3] = points as [[number, number], [number, number], [number, number], [number, number]];
  const path = `M${r1(p0[0])},${r1(p0[1])} C${r1(p1[0])},${r1(p1[1])} ${r1(p2[0])},${r1(p2[1])} ${r1(p3[0])},${r1(p3[1])}`;
  const u = 1 - t;
  const at = (i: 0 | 1) => r1(u * u * u * p0[i] + 3 * u * u * t * p1[i] + 3 * u * t * t * p2[i] + t * t * t * p3[i]);
  return { path, label: { x: at(0), y: at(1) } };
}

/**
 * The curve of an edge between two placed nodes: right side → left side; a back edge
 * runs from the caller's left side to the callee's right side, lower down and bulging
 * downwards (apart from the forward edge of the same pair); a self-call loops above.
 */
export function edgeGeometry(from: MapNode, to: MapNode, back: boolean): { path: string; label: { x: number; y: number } } {
  const { nodeWidth: w, nodeHeight: h, backArc } = LAYOUT;
  if (from.name === to.name) {
    const x = from.x + w - 24;
    return curve([[x - 16, from.y], [x - 28, from.y - backArc / 2], [x + 28, from.y - backArc / 2], [x + 16, from.y]]);
  }
  if (back) {
    const [x0, y0, x1, y1] = [from.x, from.y + h * 0.75, to.x + w, to.y + h * 0.75];
    const bend = Math.max(30, (x0 - x1) / 3);
    return curve([[x0, y0], [x0 - bend, y0 + backArc / 2], [x1 + bend, y1 + backArc / 2], [x1, y1]]);
  }
  const [x0, y0, x1, y1] = [from.x + w, from.y + h / 2, to.x, to.y + h / 2];
  const bend = Math.max(30, (x1 - x0) / 2);
  return curve([[x0, y0], [x0 + bend, y0], [x1 - bend, y1], [x1, y1]], 0.7);
}

const NO_METRICS: ServiceMetrics = { rate: null, errorRatio: null, p95: null };

/**
 * The map of `links` (Jaeger) and `metrics` (Prometheus, by service; empty when
 * Prometheus failed: every node is then "unknown"). Services with metrics but no
 * calls appear too, alone in the first column.
 */
export function buildServiceMap(links: readonly DependencyLink[], metrics: Readonly<Record<string, ServiceMetrics>>): ServiceMap {
  const edges = mergeLinks(links);
  const names = [...new Set([...Object.keys(metrics), ...edges.flatMap((e) => [e.parent, e.child])])].filter((n) => n !== "").sort(byName);
  const back = backEdges(names, edges);
  const isBack = (e: DependencyLink) => e.parent === e.child || back.has(pairKey(e.parent, e.child));
  const forward = edges.filter((e) => !isBack(e));
  const column = columnsOf(names, forward);
  const cols = orderRows(names, column, forward);

  const { nodeWidth, nodeHeight, columnGap, rowGap, padding, backArc } = LAYOUT;
  const tallest = Math.max(1, ...cols.map((c) => c.length));
  const pitch = nodeHeight + rowGap;
  const callsIn = new Map<string, number>();
  const callsOut = new Map<string, number>();
  for (const e of edges) {
    callsIn.set(e.child, (callsIn.get(e.child) ?? 0) + e.callCount);
    callsOut.set(e.parent, (callsOut.get(e.parent) ?? 0) + e.callCount);
  }
  const nodes: MapNode[] = cols.flatMap((col, c) =>
    col.map((name, row) => {
      const m = metrics[name] ?? NO_METRICS;
      return {
        name,
        rate: m.rate,
        errorRatio: m.errorRatio,
        p95: m.p95,
        health: healthOf(m.errorRatio, m.p95),
        callsIn: callsIn.get(name) ?? 0,
        callsOut: callsOut.get(name) ?? 0,
        column: c,
        row,
        x: padding + c * (nodeWidth + columnGap),
        y: padding + ((tallest - col.length) / 2 + row) * pitch,
      };
    }),
  );
  const byNode = new Map(nodes.map((n) => [n.name, n]));
  const mapEdges: MapEdge[] = edges.map((e) => {
    const b = isBack(e);
    return { ...e, back: b, ...edgeGeometry(byNode.get(e.parent)!, byNode.get(e.child)!, b), strokeWidth: r1(strokeWidthFor(e.callCount)) };
  });
  const anyBelow = mapEdges.some((e) => e.back && e.parent !== e.child);
  return {
    nodes,
    edges: mapEdges,
    width: padding * 2 + cols.length * nodeWidth + (cols.length - 1) * columnGap,
    height: padding * 2 + tallest * nodeHeight + (tallest - 1) * rowGap + (anyBelow ? backArc : 0),
  };
}
