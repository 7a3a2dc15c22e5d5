import { spanIndex, subtreeSizes, type Trace } from "./model";

/**
 * Comparing two traces of the same request type span by span. A span is identified
 * across traces by its *path*: for itself and each ancestor, service + operation +
 * its position among the siblings with that same service and operation (by start
 * time), joined from the root down, e.g.
 * `frontend GET /checkout #1 > cart-service GetCart #1 > redis GET #2`.
 * Two traces of one endpoint then line up even when ids, times and sibling order
 * of different calls differ; a retried call shows up as a path only one side has.
 */

export const PATH_SEPARATOR = " > ";

/**
 * Walks a trace in tree order giving each span a path key: an integer interned in
 * `keys` from (parent's key, service, operation, position), so two traces sharing
 * `keys` give equal paths equal keys, and matching never hashes long strings (the
 * path of a span 10,000 levels deep is long; its key is one number).
 */
function walkPaths(trace: Trace, keys: Map<string, number>, texts: string[], visit: (spanIndex: number, key: number) => void) {
  const index = spanIndex(trace);
  const keyOf = new Map<string, number>();
  const number = (ids: readonly string[], parentKey: number) => {
    const seen = new Map<string, number>();
    for (const id of ids) {
      const s = index.get(id)!;
      const name = `${s.service}\u0000${s.operation}`;
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      const entry = `${parentKey}\u0000${name}\u0000${n}`;
      let key = keys.get(entry);
      if (key === undefined) {
        key = texts.length;
        keys.set(entry, key);
        const label = `${s.service} ${s.operation} #${n}`;
        texts.push(parentKey < 0 ? label : texts[parentKey]! + PATH_SEPARATOR + label);
      }
      keyOf.set(id, key);
    }
  };
  // roots are numbered among roots, children among their parent's children; both lists are by start
  number(trace.roots, -1);
  trace.spans.forEach((s, i) => {
    const key = keyOf.get(s.id)!;
    visit(i, key);
    if (s.children.length > 0) number(s.children, key);
  });
}

/** span id → its path. */
export function spanPaths(trace: Trace): Map<string, string> {
  const texts: string[] = [];
  const paths = new Map<string, string>();
  walkPaths(trace, new Map(), texts, (i, key) => paths.set(trace.spans[i]!.id, texts[key]!));
  return paths;
}

export interface CompareRow {
  path: string;
  inA: boolean;
  inB: boolean;
  /** spans in the subtree at this path in A (the span itself included); 0 when absent */
  countA: number;
  countB: number;
  /** duration of the span at this path, µs; 0 when absent */
  durationA: number;
  durationB: number;
  /** durationB − durationA: positive when B is slower */
  delta: number;
}

interface Side {
  count: number;
  duration: number;
}

function sides(trace: Trace, keys: Map<string, number>, texts: string[]): Map<number, Side> {
  const sizes = subtreeSizes(trace);
  const out = new Map<number, Side>();
  walkPaths(trace, keys, texts, (i, key) => out.set(key, { count: sizes[i]!, duration: trace.spans[i]!.durationUs }));
  return out;
}

/** One row per path found in either trace, largest |delta| first; ties in A's tree order, then B's. */
export function compareTraces(a: Trace, b: Trace): CompareRow[] {
  const keys = new Map<string, number>();
  const texts: string[] = [];
  const sa = sides(a, keys, texts);
  const sb = sides(b, keys, texts);
  const rows: { key: number; row: CompareRow }[] = [];
  // keys are numbered in A's tree order, then B's: iterating them in order is that order
  for (let key = 0; key < texts.length; key++) {
    const x = sa.get(key);
    const y = sb.get(key);
    const durationA = x?.duration ?? 0;
    const durationB = y?.duration ?? 0;
    rows.push({
      key,
      row: {
        path: texts[key]!,
        inA: x !== undefined,
        inB: y !== undefined,
        countA: x?.count ?? 0,
        countB: y?.count ?? 0,
        durationA,
        durationB,
        delta: durationB - durationA,
      },
    });
  }
  return rows.sort((p, q) => Math.abs(q.row.delta) - Math.abs(p.row.delta) || p.key - q.key).map((r) => r.row);
}
