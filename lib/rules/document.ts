import { isMap, isScalar, isSeq, parseDocument, Scalar, stringify, YAMLMap, YAMLSeq, type Document } from "yaml";

/**
 * A rule file as the editor sees it. The YAML text is the source of truth (it keeps
 * comments, key order and quoting); the form reads a plain model from it and writes
 * each edit back into the YAML document, so switching between the form and the YAML
 * view never loses a comment. Pure.
 */

export interface DraftRule {
  kind: "alert" | "record";
  name: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface DraftGroup {
  name: string;
  interval?: string;
  limit?: number;
  query_offset?: string;
  labels: Record<string, string>;
  rules: DraftRule[];
}

export type RuleModel = { ok: true; groups: DraftGroup[] } | { ok: false; error: string };

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return String(v);
}

function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x === null || x === undefined ? "" : String(x)]));
}

/** The plain model of a rule file, or why it cannot be read as one (the checks say more). */
export function readRuleModel(source: string): RuleModel {
  const doc = parseDocument(source);
  if (doc.errors.length) return { ok: false, error: `YAML: ${doc.errors[0]!.message.split("\n")[0]}` };
  const js = doc.toJS() as unknown;
  if (js === null || js === undefined) return { ok: true, groups: [] };
  if (typeof js !== "object" || Array.isArray(js)) return { ok: false, error: "expected a mapping with a 'groups' list" };
  const groups = (js as { groups?: unknown }).groups;
  if (groups === undefined || groups === null) return { ok: true, groups: [] };
  if (!Array.isArray(groups)) return { ok: false, error: "groups: expected a list" };
  return {
    ok: true,
    groups: groups.map((g: Record<string, unknown>) => ({
      name: text(g?.name) ?? "",
      interval: text(g?.interval),
      limit: typeof g?.limit === "number" ? g.limit : undefined,
      query_offset: text(g?.query_offset),
      labels: stringMap(g?.labels),
      rules: (Array.isArray(g?.rules) ? g.rules : []).map((r: Record<string, unknown>) => ({
        kind: r?.record !== undefined ? ("record" as const) : ("alert" as const),
        name: text(r?.record ?? r?.alert) ?? "",
        expr: text(r?.expr) ?? "",
        for: text(r?.for),
        keep_firing_for: text(r?.keep_firing_for),
        labels: stringMap(r?.labels),
        annotations: stringMap(r?.annotations),
      })),
    })),
  };
}

export type RuleEdit =
  | { op: "setGroup"; group: number; field: "name" | "interval" | "query_offset"; value: string }
  | { op: "setGroupLabels"; group: number; labels: Record<string, string> }
  | { op: "addGroup"; name: string }
  | { op: "removeGroup"; group: number }
  | { op: "setRule"; group: number; rule: number; field: "name" | "expr" | "for" | "keep_firing_for"; value: string }
  | { op: "setRuleMap"; group: number; rule: number; field: "labels" | "annotations"; value: Record<string, string> }
  | { op: "addRule"; group: number; kind: "alert" | "record" }
  | { op: "removeRule"; group: number; rule: number };

/** Applies one form edit to the YAML text, keeping everything else (comments included) as it was. */
export function applyEdit(source: string, edit: RuleEdit): string {
  const doc = parseDocument(source);
  if (doc.errors.length) throw new Error(`the YAML does not parse (${doc.errors[0]!.message.split("\n")[0]}); fix it in the YAML view first`);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({ groups: [] }) as unknown as typeof doc.contents;
  if (!isSeq(doc.getIn(["groups"], true))) doc.setIn(["groups"], doc.createNode([]));
  switch (edit.op) {
    case "addGroup":
      blockSeq(doc, ["groups"]).add(doc.createNode({ name: edit.name, rules: [] }));
      break;
    case "removeGroup":
      doc.deleteIn(["groups", edit.group]);
      break;
    case "setGroup":
      setOrDelete(doc, ["groups", edit.group, edit.field], edit.value, edit.field === "name");
      break;
    case "setGroupLabels":
      setMap(doc, ["groups", edit.group, "labels"], edit.labels);
      break;
    case "addRule": {
      const rule =
        edit.kind === "alert"
          ? { alert: "NewAlert", expr: "", for: "5m", labels: { severity: "warning" }, annotations: { summary: "" } }
          : { record: "new:record", expr: "" };
      blockSeq(doc, ["groups", edit.group, "rules"]).add(doc.createNode(rule));
      break;
    }
    case "removeRule":
      doc.deleteIn(["groups", edit.group, "rules", edit.rule]);
      break;
    case "setRule": {
      const base = ["groups", edit.group, "rules", edit.rule];
      const rule = doc.getIn(base, true);
      if (!isMap(rule)) throw new Error(`group ${edit.group + 1} has no rule ${edit.rule + 1}`);
      if (edit.field === "name") {
        const key = rule.has("record") ? "record" : "alert";
        setOrDelete(doc, [...base, key], edit.value, true);
      } else if (edit.field === "expr") {
        setExpr(doc, [...base, "expr"], edit.value);
      } else {
        setOrDelete(doc, [...base, edit.field], edit.value, false);
      }
      break;
    }
    case "setRuleMap":
      setMap(doc, ["groups", edit.group, "rules", edit.rule, edit.field], edit.value);
      break;
  }
  return doc.toString({ lineWidth: 0 });
}

/** The list at `path`, created if missing; an empty `[]` turns into a block list as it gets items. */
function blockSeq(doc: Document, path: (string | number)[]): YAMLSeq {
  let seq = doc.getIn(path, true);
  if (!isSeq(seq)) {
    seq = doc.createNode([]);
    doc.setIn(path, seq);
  }
  const s = seq as YAMLSeq;
  if (s.items.length === 0) s.flow = false;
  return s;
}

function setOrDelete(doc: Document, path: (string | number)[], value: string, keepEmpty: boolean) {
  if (value === "" && !keepEmpty) doc.deleteIn(path);
  else {
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.value = value;
    else doc.setIn(path, value);
  }
}

/** Multi-line expressions are written as literal blocks, the way people write them by hand. */
function setExpr(doc: Document, path: (string | number)[], value: string) {
  const node = doc.getIn(path, true);
  const multiline = value.includes("\n");
  if (isScalar(node)) {
    node.value = value;
    if (multiline) node.type = Scalar.BLOCK_LITERAL;
    else if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) node.type = Scalar.PLAIN;
    return;
  }
  const scalar = doc.createNode(value) as Scalar;
  if (multiline) scalar.type = Scalar.BLOCK_LITERAL;
  doc.setIn(path, scalar);
}

/** Replaces a labels/annotations map, keeping the position (and comments) of keys that stay. */
function setMap(doc: Document, path: (string | number)[], value: Record<string, string>) {
  const entries = Object.entries(value).filter(([k]) => k.trim() !== "");
  if (entries.length === 0) {
    doc.deleteIn(path);
    return;
  }
  const node = doc.getIn(path, true);
  if (!isMap(node)) {
    doc.setIn(path, doc.createNode(Object.fromEntries(entries)));
    return;
  }
  const map = node as YAMLMap;
  for (const pair of [...map.items]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!(key in value)) map.delete(key);
  }
  for (const [k, v] of entries) {
    const existing = map.get(k, true);
    if (isScalar(existing)) existing.value = v;
    else map.set(k, v);
  }
}

/** Prometheus duration string of a number of seconds, e.g. 5400 → "1h30m", 0.5 → "500ms". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "0s";
  let ms = Math.round(seconds * 1000);
  const units: [string, number][] = [
    ["w", 7 * 86_400_000],
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
    ["ms", 1],
  ];
  let out = "";
  for (const [u, size] of units) {
    if (ms >= size) {
      out += `${Math.floor(ms / size)}${u}`;
      ms %= size;
    }
  }
  return out;
}

/** Parses a Prometheus duration string into seconds; undefined when it is not one. */
export function parseDuration(v: string | undefined): number | undefined {
  if (v === undefined || v === "") return undefined;
  if (v === "0") return 0;
  const re = /(\d+)(ms|y|w|d|h|m|s)/g;
  const size: Record<string, number> = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  let consumed = 0;
  for (const m of v.matchAll(re)) {
    if (m.index !== consumed) return undefined;
    total += Number(m[1]) * size[m[2]!]!;
    consumed += m[0].length;
  }
  return consumed === v.length && consumed > 0 ? total : undefined;
}

/** Loaded groups (from /api/v1/rules) as rule-file YAML, for files the console cannot read. */
export function groupsFromApi(
  groups: {
    name: string;
    interval: number;
    limit?: number;
    rules: (
      | { type: "alerting"; name: string; query: string; duration: number; keepFiringFor?: number; labels?: Record<string, string>; annotations?: Record<string, string> }
      | { type: "recording"; name: string; query: string; labels?: Record<string, string> }
    )[];
  }[],
): string {
  const nonEmpty = (m?: Record<string, string>) => (m && Object.keys(m).length ? m : undefined);
  return stringify(
    {
      groups: groups.map((g) => ({
        name: g.name,
        interval: g.interval ? formatDuration(g.interval) : undefined,
        limit: g.limit ? g.limit : undefined,
        rules: g.rules.map((r) =>
          r.type === "alerting"
            ? {
                alert: r.name,
                expr: r.query,
                for: r.duration ? formatDuration(r.duration) : undefined,
                keep_firing_for: r.keepFiringFor ? formatDuration(r.keepFiringFor) : undefined,
                labels: nonEmpty(r.labels),
                annotations: nonEmpty(r.annotations),
              }
            : { record: r.name, expr: r.query, labels: nonEmpty(r.labels) },
        ),
      })),
    },
    { lineWidth: 0 },
  );
}

/**
 * Whether two rule files mean the same to Prometheus: same groups and rules in the
 * same order, same fields; durations compared by value ("60s" = "1m"), expressions
 * compared ignoring whitespace. Comments and formatting do not matter. A group
 * interval set on one side only is not a difference: /api/v1/rules reports the
 * global evaluation interval for groups that do not set one.
 */
export function sameRules(a: string, b: string): boolean {
  const ma = readRuleModel(a);
  const mb = readRuleModel(b);
  if (!ma.ok || !mb.ok || ma.groups.length !== mb.groups.length) return false;
  const intervalsAgree = ma.groups.every((g, i) => {
    const other = mb.groups[i]!;
    return g.interval === undefined || other.interval === undefined || parseDuration(g.interval) === parseDuration(other.interval);
  });
  return intervalsAgree && JSON.stringify(canonical(ma.groups)) === JSON.stringify(canonical(mb.groups));
}

function canonical(groups: DraftGroup[]) {
  const d = (v?: string) => parseDuration(v) ?? 0;
  const sorted = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).sort(([x], [y]) => x.localeCompare(y)));
  return groups.map((g) => ({
    name: g.name,
    limit: g.limit ?? 0,
    query_offset: d(g.query_offset),
    labels: sorted(g.labels),
    rules: g.rules.map((r) => ({
      kind: r.kind,
      name: r.name,
      expr: r.expr.replace(/\s+/g, ""),
      for: d(r.for),
      keep_firing_for: d(r.keep_firing_for),
      labels: sorted(r.labels),
      annotations: sorted(r.annotations),
    })),
  }));
}

/** Group names and, per group, rule names in order: what a verified push must find loaded. */
export function outline(source: string): { name: string; rules: { kind: "alert" | "record"; name: string }[] }[] {
  const m = readRuleModel(source);
  if (!m.ok) return [];
  return m.groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ kind: r.kind, name: r.name })) }));
}
