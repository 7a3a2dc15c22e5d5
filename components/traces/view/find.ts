import type { SpanQuery } from "@/lib/traces/search";

/**
 * The "Find in trace" box: one line of text → the criteria of `searchSpans`.
 *
 * - `>5%` (or `>=5%`, `> 5 %`): spans taking at least 5 % of the trace;
 * - `key=value`: an attribute (span or resource) with that key and value; `key=`
 *   any value; quotes around the value are dropped;
 * - anything else: text found in the service, operation, attributes, …
 *
 * A share and one other criterion may be combined: `db.system=postgresql >10%`,
 * `checkout >1%`. Returns undefined for an empty box (nothing to find).
 */
export function parseFind(input: string): SpanQuery | undefined {
  let rest = input.trim();
  if (!rest) return undefined;
  const query: SpanQuery = {};
  const share = /(?:^|\s)>=?\s*(\d+(?:\.\d+)?)\s*%(?=\s|$)/.exec(rest);
  if (share) {
    query.minShare = Math.min(100, Number(share[1])) / 100;
    rest = (rest.slice(0, share.index) + " " + rest.slice(share.index + share[0].length)).trim();
  }
  const attr = /^([^\s=]+)\s*=\s*(.*)$/.exec(rest);
  if (attr) {
    const value = unquote(attr[2]!.trim());
    query.attribute = value === "" ? { key: attr[1]! } : { key: attr[1]!, value };
  } else if (rest) query.text = rest;
  return query;
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) return v.slice(1, -1);
  return v;
}
