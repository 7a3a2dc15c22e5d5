import { Document, isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";

/**
 * Field paths in YAML documents, and the line each one is on: a checker reports
 * `spec.behavior.scaleDown.policies[0].periodSeconds` and the editor, the CLI and the
 * API server's 422 causes all point at the same line. Used by SLO specs and scaling
 * profiles. Pure.
 */

export type Seg = string | number;

/** An error (or warning) at a field path, with the line it is on when known. */
export interface PathError {
  path: string;
  message: string;
  line?: number;
}

/** `["spec", "metrics", 0, "type"]` → `spec.metrics[0].type` (after `base`, when given). */
export function formatPath(base: string, segs: readonly Seg[]): string {
  let out = base;
  for (const s of segs) out += typeof s === "number" ? `[${s}]` : out === "" ? s : `.${s}`;
  return out;
}

/** `spec.metrics[0].type` → `["spec", "metrics", 0, "type"]`; a leading dot (server-side apply paths) is ignored. */
export function parsePath(path: string): Seg[] {
  const out: Seg[] = [];
  for (const m of path.replace(/^\./, "").matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** One object in a YAML file: its document and the node path to it. */
export interface Loc {
  doc: Document;
  lines: LineCounter;
  nodePath: Seg[];
  base: string;
}

/** The line of `path` in a document: that of the deepest key (or item) of the path that exists. */
export function lineOf(doc: Document, lines: LineCounter, full: readonly Seg[]): number | undefined {
  for (let k = full.length; k >= 0; k--) {
    const parent = k <= 1 ? doc.contents : doc.getIn(full.slice(0, k - 1), true);
    let node: unknown = k === 0 ? doc.contents : undefined;
    if (k > 0 && isMap(parent)) node = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(full[k - 1]))?.key;
    else if (k > 0 && isSeq(parent) && typeof full[k - 1] === "number") node = parent.items[full[k - 1] as number];
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The error at `path` in an object, with the line of the deepest key of the path that exists. */
export function locate(loc: Loc, path: readonly Seg[], message: string): PathError {
  const full = [...loc.nodePath, ...path];
  const line = lineOf(loc.doc, loc.lines, full);
  return { path: formatPath(loc.base, full), message, ...(line !== undefined ? { line } : {}) };
}

/** Every document of a YAML text (empty ones dropped), with its syntax errors at their lines. */
export function readYaml(text: string): { lines: LineCounter; docs: Document[]; errors: PathError[] } {
  const lines = new LineCounter();
  const all = parseAllDocuments(text, { lineCounter: lines });
  const docs = Array.from(all as Iterable<Document>);
  const errors = docs.flatMap((d) => d.errors.map((e) => ({ path: "", message: `YAML: ${e.message.split("\n")[0]}`, line: lines.linePos(e.pos[0]).line })));
  return { lines, docs: docs.filter((d) => d.contents !== null), errors };
}

/** Errors in file order (stable: those without a line keep their place at the end). */
export function byLine<T extends { line?: number }>(errors: T[]): T[] {
  return [...errors].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}
