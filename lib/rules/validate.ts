import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from "yaml";
import { checkPromQL } from "@/lib/promql/check";
import { isValidLabelName, isValidMetricName } from "@/lib/promql/escape";
import { parseTemplate } from "./template";

/**
 * Schema checks of a Prometheus rule file, the errors Prometheus itself would reject
 * the file for (model/rulefmt): exactly one of record/alert, an expr that parses and
 * type-checks, no for/keep_firing_for/annotations on recording rules, unknown keys,
 * duplicate group names, valid metric and label names, valid durations. Each
 * problem carries its line and column in the file. Pure.
 */

export interface RuleProblem {
  line: number;
  column: number;
  severity: "error" | "warning";
  message: string;
  /** A suggested change, for warnings. */
  fix?: string;
  /** The check that reported it, e.g. "promql/rate" (pint's names where pint has the check). */
  check?: string;
}

const GROUP_KEYS = new Set(["name", "interval", "limit", "query_offset", "labels", "rules"]);
const RULE_KEYS = new Set(["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]);
const DURATION = /^(0|(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/;

export function isValidDuration(v: string): boolean {
  return v !== "" && DURATION.test(v);
}

const UNIT_SECONDS: Record<string, number> = { y: 31536000, w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

/** Seconds of a Prometheus duration string ("1h30m"), undefined if it is not one. */
export function durationSeconds(v: string): number | undefined {
  if (!isValidDuration(v)) return undefined;
  let total = 0;
  for (const m of v.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  return total;
}

/** A duration in seconds as Prometheus writes it: 90 → "1m30s", 0.5 → "500ms". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  let ms = Math.round(seconds * 1000);
  let out = "";
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000], ["ms", 1]] as const) {
    if (ms >= size) {
      out += `${Math.floor(ms / size)}${unit}`;
      ms %= size;
    }
  }
  return out;
}

export function validateRuleFile(text: string): RuleProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems: RuleProblem[] = [];
  const at = (offset: number | undefined, message: string, severity: RuleProblem["severity"] = "error") => {
    const pos = lines.linePos(offset ?? 0);
    problems.push({ line: pos.line, column: pos.col, severity, message });
  };
  const start = (n: Node | null | undefined) => n?.range?.[0];
  for (const e of doc.errors) at(e.pos[0], `YAML: ${e.message.split("\n")[0]}`);
  if (doc.errors.length) return problems;

  const root = doc.contents;
  if (!isMap(root)) {
    at(0, "expected a mapping with a 'groups' list");
    return problems;
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (key !== "groups") at(start(pair.key as Node), `field ${key} not found in type rulefmt.RuleGroups`);
  }
  const groups = root.get("groups", true);
  if (groups === undefined || groups === null) return problems;
  if (!isSeq(groups)) {
    at(start(groups as Node), "groups: expected a list of rule groups");
    return problems;
  }
  const seen = new Map<string, number>();
  groups.items.forEach((g, gi) => {
    if (!isMap(g)) return at(start(g as Node), `group ${gi + 1}: expected a mapping`);
    unknownKeys(g, GROUP_KEYS, "rulefmt.RuleGroup", at);
    const nameNode = g.get("name", true) as Node | undefined;
    const name = isScalar(nameNode) ? String(nameNode.value ?? "") : "";
    if (!name) at(start(nameNode) ?? start(g), "groupname must not be empty");
    else if (seen.has(name)) at(start(nameNode), `groupname: "${name}" is repeated in the same file`);
    else seen.set(name, gi);
    for (const key of ["interval", "query_offset"]) durationField(g, key, at);
    const limit = g.get("limit", true) as Node | undefined;
    if (limit !== undefined && !(isScalar(limit) && Number.isInteger(limit.value) && (limit.value as number) >= 0)) {
      at(start(limit), "limit: expected a non-negative whole number");
    }
    labelMap(g.get("labels", true) as Node | undefined, "group labels", at);
    const rules = g.get("rules", true) as Node | undefined;
    if (rules === undefined || rules === null) return;
    if (!isSeq(rules)) return at(start(rules), "rules: expected a list of rules");
    rules.items.forEach((r, ri) => {
      const where = `group "${name}", rule ${ri + 1}`;
      if (!isMap(r)) return at(start(r as Node), `${where}: expected a mapping`);
      unknownKeys(r, RULE_KEYS, "rulefmt.Rule", at);
      const record = scalarText(r.get("record", true) as Node | undefined);
      const alert = scalarText(r.get("alert", true) as Node | undefined);
      if (record !== undefined && alert !== undefined) at(start(r), `${where}: only one of 'record' and 'alert' must be set`);
      if (record === undefined && alert === undefined) at(start(r), `${where}: one of 'record' or 'alert' must be set`);
      const exprNode = r.get("expr", true) as Node | undefined;
      const expr = scalarText(exprNode);
      if (expr === undefined || expr.trim() === "") at(start(exprNode) ?? start(r), `${where}: field 'expr' must be set in rule`);
      else {
        for (const p of checkPromQL(expr)) at(valueOffset(text, exprNode, p.from), `${where}: could not parse expression: ${p.message}`, p.severity);
      }
      if (record !== undefined) {
        for (const key of ["for", "keep_firing_for", "annotations"]) {
          const n = r.get(key, true) as Node | undefined;
          if (n !== undefined) at(start(n), `${where}: invalid field '${key}' in recording rule`);
        }
        if (/[{}]/.test(record)) at(start(r.get("record", true) as Node), `${where}: braces present in the recording rule name; should it be in expr?: ${record}`);
        else if (!isValidMetricName(record)) at(start(r.get("record", true) as Node), `${where}: invalid recording rule name: ${record}`);
      }
      if (alert !== undefined && alert.trim() === "") at(start(r.get("alert", true) as Node), `${where}: alert name must not be empty`);
      durationField(r, "for", at);
      durationField(r, "keep_firing_for", at);
      for (const key of ["labels", "annotations"] as const) {
        const map = r.get(key, true) as Node | undefined;
        labelMap(map, `${where}: ${key}`, at, key === "annotations");
        // Prometheus parses the labels and annotations of alerting rules as Go templates.
        if (alert !== undefined && isMap(map)) {
          for (const pair of map.items as Pair<Node, Node>[]) {
            const value = scalarText(pair.value);
            const result = value === undefined ? undefined : parseTemplate(value);
            if (result && !result.ok) {
              const name = isScalar(pair.key) ? String(pair.key.value) : "";
              at(valueOffset(text, pair.value ?? undefined, result.offset), `${where}: ${key}: template of ${name} does not parse: ${result.message}`);
            }
          }
        }
      }
    });
  });
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

type At = (offset: number | undefined, message: string, severity?: RuleProblem["severity"]) => void;

function scalarText(n: Node | undefined | null): string | undefined {
  if (n === undefined || n === null || !isScalar(n) || n.value === null) return undefined;
  return String(n.value);
}

function unknownKeys(map: YAMLMap, allowed: Set<string>, type: string, at: At) {
  for (const pair of map.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!allowed.has(key)) at(pair.key?.range?.[0], `field ${key} not found in type ${type}`);
  }
}

function durationField(map: YAMLMap, key: string, at: At) {
  const n = map.get(key, true) as Node | undefined;
  if (n === undefined) return;
  const v = scalarText(n);
  if (v === undefined || !isValidDuration(v)) at(n.range?.[0], `${key}: not a valid duration string: "${v ?? ""}" (expected e.g. 30s, 5m, 1h30m)`);
}

function labelMap(n: Node | undefined, what: string, at: At, annotations = false) {
  if (n === undefined || n === null) return;
  if (!isMap(n)) return at(n.range?.[0], `${what}: expected a mapping of names to values`);
  for (const pair of n.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!isValidLabelName(key)) at(pair.key?.range?.[0], `${what}: invalid ${annotations ? "annotation" : "label"} name: ${key}`);
    else if (!annotations && key === "__name__") at(pair.key?.range?.[0], `${what}: invalid label name: ${key}`);
  }
}

/** Offset in the file of the first character of a scalar's value (block scalars start on the next line). */
export function exprOffset(text: string, n: Node | undefined): number {
  const startAt = n?.range?.[0] ?? 0;
  if (isScalar(n) && (n.type === "BLOCK_LITERAL" || n.type === "BLOCK_FOLDED")) {
    const nl = text.indexOf("\n", startAt);
    const line = text.slice(nl + 1);
    return nl + 1 + (line.length - line.trimStart().length);
  }
  if (isScalar(n) && (n.type === "QUOTE_DOUBLE" || n.type === "QUOTE_SINGLE")) return startAt + 1;
  return startAt;
}

/**
 * Offset in the file of character `i` of a scalar's value. Walks the value and its
 * source together, skipping what YAML removes: block indentation, line folding,
 * quote escapes. Falls back to the value's start where the two cannot be matched.
 */
export function valueOffset(text: string, n: Node | undefined, i: number): number {
  const start = exprOffset(text, n);
  const value = scalarText(n);
  if (value === undefined || i <= 0) return start;
  const quote = isScalar(n) ? (n.type === "QUOTE_DOUBLE" ? '"' : n.type === "QUOTE_SINGLE" ? "'" : "") : "";
  let f = start;
  for (let v = 0; v < i && v < value.length; ) {
    const c = text[f];
    if (c === undefined) return start;
    if (c === value[v] && !(quote === '"' && c === "\\") && !(quote === "'" && c === "'")) {
      f++;
      v++;
    } else if (c === "\n" || c === "\r") {
      // a line break in the source: folded to a space or kept; the next line's indentation is not in the value
      f++;
      while (text[f] === " " || text[f] === "\t") f++;
      if (value[v] === " " || value[v] === "\n") v++;
    } else if (c === " " || c === "\t") f++;
    else if (quote === '"' && c === "\\") {
      const e = text[f + 1];
      f += e === "x" ? 4 : e === "u" ? 6 : e === "U" ? 10 : 2;
      v += e === "U" && (value.codePointAt(v) ?? 0) > 0xffff ? 2 : 1;
    } else if (quote === "'" && c === "'" && text[f + 1] === "'") {
      f += 2;
      v++;
    } else return start;
  }
  return f;
}
