import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from "yaml";
import { checkPromQL } from "@/lib/promql/check";
import { escapeLabelValue } from "@/lib/promql/escape";
import { findValueReferences, goUnquote } from "./template";
import { lookups, MAX_LIVE_LOOKUPS, MAX_LIVE_SELECTORS, unlessRefused, type LiveFacts } from "./semantic-lookups";
import { durationSeconds, exprOffset, formatDuration, valueOffset, type RuleProblem } from "./validate";

/**
 * Warnings about rules Prometheus accepts but that misbehave, after pint's checks
 * (https://cloudflare.github.io/pint/checks/): rate() ranges too short for the
 * scrape interval, rate() of gauges or of sum(), alerts without a condition,
 * absent() without `for`, $value in alert labels, required labels and annotations,
 * duplicate rules, long group intervals, and, with live facts from Prometheus,
 * selectors that match no series. Never errors: validateRuleFile reports those.
 */

export interface RulePolicy {
  requiredLabels: string[];
  requiredAnnotations: string[];
}

export const DEFAULT_POLICY: RulePolicy = { requiredLabels: ["severity"], requiredAnnotations: ["summary"] };

export { MAX_LIVE_LOOKUPS, MAX_LIVE_SELECTORS, type LiveFacts } from "./semantic-lookups";

/** Prometheus's default global scrape_interval, assumed when the real one is unknown. */
const DEFAULT_SCRAPE_SECONDS = 60;
const COUNTER_SUFFIX = /_(total|count|sum|bucket)$/;
const RANGE_FUNCTIONS = new Set(["rate", "irate", "increase", "deriv"]);
const COUNTER_FUNCTIONS = new Set(["rate", "irate", "increase"]);
const COMPARISONS = new Set(["Eql", "Neq", "Gtr", "Lss", "Gte", "Lte"]);
const BINARY_OPS = new Set([...COMPARISONS, "Pow", "Mul", "Div", "Mod", "Add", "Sub", "And", "Or", "Unless", "Atan2", "TrimUpper", "TrimLower"]);
const EXPRESSIONS = new Set([
  ...["AggregateExpr", "BinaryExpr", "FunctionCall", "MatrixSelector", "NumberDurationLiteral", "OffsetExpr", "ParenExpr"],
  ...["StringLiteral", "SubqueryExpr", "UnaryExpr", "VectorSelector", "StepInvariantExpr", "AnchoredExpr", "SmoothedExpr"],
]);

interface Rule {
  where: string;
  kind: "alert" | "record";
  name: string;
  at: number;
  expr: string;
  exprNode: Node;
  forNode?: Node;
  labels: Pair<Node, Node>[];
  annotations: Pair<Node, Node>[];
  /** group labels, overridden by the rule's */
  staticLabels: Record<string, string>;
  groupName: string;
  groupAt: number;
}

interface Selector {
  text: string;
  name?: string;
  matchers: { label: string; op: string; value: string; text: string }[];
  at: number;
  rule: Rule;
}

interface CounterUse {
  fn: string;
  metric: string;
  call: string;
  at: number;
  rule: Rule;
}

const children = (n: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};
const exprChildren = (n: SyntaxNode) => children(n).filter((c) => EXPRESSIONS.has(c.name));
const child = (n: SyntaxNode, name: string) => children(n).find((c) => c.name === name);

/** The expression inside parentheses and offset/@/anchored/smoothed modifiers. */
function unwrap(n: SyntaxNode | undefined): SyntaxNode | undefined {
  while (n && ["ParenExpr", "OffsetExpr", "StepInvariantExpr", "AnchoredExpr", "SmoothedExpr"].includes(n.name)) n = exprChildren(n)[0];
  return n;
}

function fnName(expr: string, call: SyntaxNode): string {
  const id = child(call, "FunctionIdentifier");
  return id ? expr.slice(id.from, id.to) : "";
}

function callArgs(call: SyntaxNode): SyntaxNode[] {
  const body = child(call, "FunctionCallBody");
  return body ? exprChildren(body) : [];
}

/** Seconds of a literal range like [5m] or [300]; undefined for arithmetic ranges. */
function rangeSeconds(expr: string, n: SyntaxNode | undefined): number | undefined {
  const lit = n && children(n).length === 1 ? child(n, "NumberDurationLiteralInDurationContext") : undefined;
  if (!lit) return undefined;
  const text = expr.slice(lit.from, lit.to);
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : durationSeconds(text);
}

function selectorInfo(expr: string, n: SyntaxNode): Omit<Selector, "at" | "rule"> {
  const text = expr.slice(n.from, n.to).replace(/\s+/g, " ");
  const id = child(n, "Identifier");
  let name = id ? expr.slice(id.from, id.to) : undefined;
  const matchers: Selector["matchers"] = [];
  const list = child(n, "LabelMatchers");
  for (const m of list ? children(list) : []) {
    if (m.name === "QuotedLabelName") name = goUnquote(expr.slice(m.from, m.to)) ?? name;
    if (m.name !== "UnquotedLabelMatcher" && m.name !== "QuotedLabelMatcher") continue;
    const ln = child(m, "LabelName") ?? child(m, "QuotedLabelName");
    const op = child(m, "MatchOp");
    const str = m.lastChild?.name === "StringLiteral" ? m.lastChild : undefined;
    if (!ln || !op || !str) continue;
    const label = ln.name === "LabelName" ? expr.slice(ln.from, ln.to) : (goUnquote(expr.slice(ln.from, ln.to)) ?? "");
    const value = goUnquote(expr.slice(str.from, str.to)) ?? "";
    const opText = expr.slice(op.from, op.to);
    if (label === "__name__" && opText === "=") name = value;
    else matchers.push({ label, op: opText, value, text: expr.slice(m.from, m.to) });
  }
  return { text, name, matchers };
}

export async function semanticChecks(text: string, opts: { policy?: RulePolicy; live?: LiveFacts } = {}): Promise<RuleProblem[]> {
  const policy = opts.policy ?? DEFAULT_POLICY;
  const { live } = opts;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length || !isMap(doc.contents)) return [];
  const problems: RuleProblem[] = [];
  const warn = (offset: number, check: string, message: string, fix?: string) => {
    const pos = lines.linePos(offset);
    problems.push({ line: pos.line, column: pos.col, severity: "warning", check, message, ...(fix ? { fix } : {}) });
  };

  let interval = live?.scrapeIntervalSeconds;
  if (interval === undefined && live?.scrapeInterval) interval = await live.scrapeInterval().catch(() => undefined);
  const scrape = interval ?? DEFAULT_SCRAPE_SECONDS;
  const scrapeText = `scrape interval of ${formatDuration(scrape)}${interval === undefined ? " (assumed: Prometheus's default)" : ""}`;

  const rules = collectRules(text, doc.contents, (offset, message, fix) => warn(offset, "group/interval", message, fix));
  const selectors: Selector[] = [];
  const counters: CounterUse[] = [];

  for (const rule of rules) {
    const label = `${rule.kind} "${rule.name}"`;
    if (rule.kind === "alert") {
      policyChecks(rule, policy, warn);
      for (const pair of rule.labels) {
        const value = isScalar(pair.value) && typeof pair.value.value === "string" ? pair.value.value : undefined;
        for (const ref of value ? findValueReferences(value) : []) {
          warn(
            valueOffset(text, pair.value ?? undefined, ref.offset),
            "alerts/template",
            `${label}: label ${String((pair.key as { value?: unknown })?.value)} uses ${ref.name}: every change of the value gives the alert a new label set, so it resolves and fires again as a new alert`,
            `move ${ref.name} to an annotation`,
          );
        }
      }
    }
    if (checkPromQL(rule.expr).some((p) => p.severity === "error")) continue;
    const tree = parser.parse(rule.expr);
    const top = exprChildren(tree.topNode)[0];
    if (!top) continue;
    const off = (i: number) => valueOffset(text, rule.exprNode, i);
    let absentCall: SyntaxNode | undefined;

    const visit = (n: SyntaxNode, optional: boolean) => {
      if (n.name === "VectorSelector") {
        if (!optional) selectors.push({ ...selectorInfo(rule.expr, n), at: off(n.from), rule });
        return;
      }
      if (n.name === "FunctionCall") {
        const fn = fnName(rule.expr, n);
        if (fn === "absent" || fn === "absent_over_time") {
          absentCall ??= n;
          return; // its selectors are expected to match nothing
        }
        if (RANGE_FUNCTIONS.has(fn)) rateChecks(rule, fn, n, label, off, counters, warn, scrape, scrapeText);
      }
      if (n.name === "BinaryExpr") {
        const [lhs, rhs] = [exprChildren(n)[0], exprChildren(n).at(-1)];
        const op = children(n).find((c) => BINARY_OPS.has(c.name))?.name;
        const rhsInner = unwrap(rhs);
        const fallback = op === "Or" && rhsInner?.name === "FunctionCall" && fnName(rule.expr, rhsInner) === "vector";
        if (lhs) visit(lhs, optional || fallback);
        if (rhs) visit(rhs, optional || op === "Unless");
        return;
      }
      for (const c of children(n)) visit(c, optional);
    };
    visit(top, false);

    if (rule.kind === "alert" && !absentCall && !hasCondition(rule.expr, top)) {
      const flat = rule.expr.trim().replace(/\s+/g, " ");
      const setOp = top.name === "BinaryExpr" && children(top).some((c) => ["And", "Or", "Unless"].includes(c.name));
      warn(
        off(top.from),
        "alerts/comparison",
        `${label}: the expression has no comparison (==, !=, >, <, >=, <=), so the alert fires for every series it returns, whatever their values`,
        `add a condition${flat.length <= 80 ? `, e.g. ${setOp ? `(${flat})` : flat} > 0` : " such as > 0"}; ignore this for an always-firing (dead man's switch) alert`,
      );
    }
    if (rule.kind === "alert" && absentCall) {
      const forSeconds = rule.forNode && isScalar(rule.forNode) ? durationSeconds(String(rule.forNode.value)) : 0;
      if (forSeconds !== undefined && forSeconds < 2 * scrape) {
        const fnText = rule.expr.slice(absentCall.from, absentCall.to).replace(/\s+/g, " ");
        warn(
          rule.forNode ? exprOffset(text, rule.forNode) : off(absentCall.from),
          "alerts/absent",
          `${label}: ${fnText} with ${rule.forNode ? `for: ${formatDuration(forSeconds)}` : "no for"}: after a Prometheus restart absent() is true until the first scrape, so the alert fires falsely; for must be at least 2× the ${scrapeText} (${formatDuration(2 * scrape)})`,
          `set for: ${formatDuration(2 * scrape)} or more`,
        );
      }
    }
  }

  duplicateChecks(rules, warn);

  if (live) {
    // Series recorded by this file exist once it is loaded.
    const recorded = new Set(rules.filter((r) => r.kind === "record").map((r) => r.name));
    const checked = selectors.filter((s) => !(s.name && recorded.has(s.name)));
    const unique = uniqueBy(checked, (s) => s.text);
    try {
      const facts = lookups(live);
      const [series, types] = await Promise.all([
        Promise.all(unique.slice(0, MAX_LIVE_SELECTORS).map(async (s) => [s.text, await seriesProblem(s, facts).catch(unlessRefused(undefined))] as const)),
        Promise.all(counters.map(async (c) => [c, await counterVerdict(c.metric, facts).catch(unlessRefused(heuristic(c.metric)))] as const)),
      ]);
      const bySelector = new Map(series);
      for (const s of checked) {
        const why = bySelector.get(s.text);
        if (why) warn(s.at, "promql/series", `${s.rule.kind} "${s.rule.name}": ${why}`, "check the metric name and label values in Prometheus (Explore); the rule evaluates to nothing while the selector matches no series");
      }
      for (const [c, verdict] of types) if (verdict) counterWarning(c, verdict, warn);
      if (facts.spent() || unique.length > MAX_LIVE_SELECTORS) {
        const pos = lines.linePos(0);
        const covered = facts.spent() ? `stopped after ${MAX_LIVE_LOOKUPS} Prometheus lookups` : `covered the first ${MAX_LIVE_SELECTORS} of ${unique.length} selectors`;
        problems.push({
          line: pos.line,
          column: pos.col,
          severity: "warning",
          check: "live",
          message: `live checks ${covered}; the rest were not checked against live data (check the file in parts)`,
        });
      }
    } catch (err) {
      for (const c of counters) counterWarning(c, heuristic(c.metric), warn);
      const pos = lines.linePos(0);
      problems.push({
        line: pos.line,
        column: pos.col,
        severity: "warning",
        check: "live",
        message: `live checks skipped: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  } else for (const c of counters) counterWarning(c, heuristic(c.metric), warn);

  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

type Warn = (offset: number, check: string, message: string, fix?: string) => void;

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const t of items) if (!seen.has(key(t))) seen.set(key(t), t);
  return [...seen.values()];
}

function collectRules(text: string, root: YAMLMap, warn: (offset: number, message: string, fix?: string) => void): Rule[] {
  const rules: Rule[] = [];
  const groups = root.get("groups", true);
  if (!isSeq(groups)) return rules;
  for (const g of groups.items) {
    if (!isMap(g)) continue;
    const groupName = String((g.get("name", true) as { value?: unknown } | undefined)?.value ?? "");
    const groupAt = (g.get("name", true) as Node | undefined)?.range?.[0] ?? g.range?.[0] ?? 0;
    const intervalNode = g.get("interval", true) as Node | undefined;
    const interval = isScalar(intervalNode) ? durationSeconds(String(intervalNode.value)) : undefined;
    if (interval !== undefined && interval > 300) {
      warn(
        exprOffset(text, intervalNode),
        `group "${groupName}": interval ${formatDuration(interval)} is longer than 5m: recorded series go stale 5m after their last sample, so queries see gaps, and alerts can resolve between evaluations`,
        "use interval: 5m or less (for alerting rules, or set keep_firing_for to at least the interval)",
      );
    }
    const groupLabels: Record<string, string> = {};
    const gl = g.get("labels", true);
    if (isMap(gl)) for (const p of gl.items as Pair<Node, Node>[]) groupLabels[String((p.key as { value?: unknown })?.value)] = String((p.value as { value?: unknown })?.value ?? "");
    const list = g.get("rules", true);
    if (!isSeq(list)) continue;
    list.items.forEach((r, i) => {
      if (!isMap(r)) return;
      const alertNode = r.get("alert", true) as Node | undefined;
      const recordNode = r.get("record", true) as Node | undefined;
      const exprNode = r.get("expr", true) as Node | undefined;
      const nameNode = alertNode ?? recordNode;
      if (!isScalar(nameNode) || !isScalar(exprNode) || (alertNode && recordNode)) return;
      const pairs = (key: string) => {
        const m = r.get(key, true);
        return isMap(m) ? (m.items as Pair<Node, Node>[]) : [];
      };
      const labels = pairs("labels");
      const staticLabels = { ...groupLabels };
      for (const p of labels) staticLabels[String((p.key as { value?: unknown })?.value)] = String((p.value as { value?: unknown })?.value ?? "");
      rules.push({
        where: `group "${groupName}", rule ${i + 1}`,
        kind: alertNode ? "alert" : "record",
        name: String(nameNode.value ?? ""),
        at: nameNode.range?.[0] ?? r.range?.[0] ?? 0,
        expr: String(exprNode.value ?? ""),
        exprNode,
        forNode: r.get("for", true) as Node | undefined,
        labels,
        annotations: pairs("annotations"),
        staticLabels,
        groupName,
        groupAt,
      });
    });
  }
  return rules;
}

function policyChecks(rule: Rule, policy: RulePolicy, warn: Warn) {
  const annotations = new Set(rule.annotations.map((p) => String((p.key as { value?: unknown })?.value)));
  for (const l of policy.requiredLabels) {
    if (!(l in rule.staticLabels)) warn(rule.at, "rule/label", `alert "${rule.name}" has no ${l} label (required by policy)`, `add ${l}: <value> under labels`);
    else if (rule.staticLabels[l]!.trim() === "") warn(rule.at, "rule/label", `alert "${rule.name}": label ${l} is empty (required by policy)`, `give ${l} a value`);
  }
  for (const a of policy.requiredAnnotations) {
    if (!annotations.has(a)) warn(rule.at, "rule/annotation", `alert "${rule.name}" has no ${a} annotation (required by policy)`, `add ${a}: <text> under annotations`);
  }
}

function rateChecks(
  rule: Rule,
  fn: string,
  call: SyntaxNode,
  label: string,
  off: (i: number) => number,
  counters: CounterUse[],
  warn: Warn,
  scrape: number,
  scrapeText: string,
) {
  const expr = rule.expr;
  const arg = unwrap(callArgs(call)[0]);
  if (!arg) return;
  const callText = expr.slice(call.from, call.to).replace(/\s+/g, " ");
  const durations = children(arg).filter((c) => c.name === "DurationExpr");
  const range = rangeSeconds(expr, durations[0]);
  // A subquery's samples are `step` apart; without an explicit step, the evaluation interval applies (unknown here).
  const step = arg.name === "SubqueryExpr" ? rangeSeconds(expr, durations[1]) : scrape;
  if (range !== undefined && step !== undefined && range < 4 * step && durations[0]) {
    const min = 4 * step;
    const what = arg.name === "SubqueryExpr" ? `subquery step of ${formatDuration(step)}` : scrapeText;
    const why =
      range < 2 * step
        ? `the window often holds fewer than two samples, so ${fn}() returns nothing`
        : "one failed or late scrape leaves fewer than two samples in the window, so the result has gaps";
    const d = durations[0];
    const fixed = expr.slice(call.from, d.from) + formatDuration(min) + expr.slice(d.to, call.to);
    warn(
      off(d.from),
      "promql/rate",
      `${label}: ${callText} uses a ${formatDuration(range)} range, shorter than 4× the ${what} (${formatDuration(min)}); ${why}`,
      `use a range of at least ${formatDuration(min)}, e.g. ${fixed.replace(/\s+/g, " ")}`,
    );
  }
  if (!COUNTER_FUNCTIONS.has(fn)) return;
  const input = arg.name === "MatrixSelector" ? exprChildren(arg)[0] : arg.name === "SubqueryExpr" ? unwrap(exprChildren(arg)[0]) : undefined;
  if (input?.name === "AggregateExpr") {
    const agg = expr.slice(input.from, child(input, "AggregateOp")?.to ?? input.from);
    warn(
      off(input.from),
      "promql/rate",
      `${label}: ${fn}() over the result of ${agg}(): when one of the aggregated counters resets (a restart), the ${agg} drops and ${fn}() reads it as a counter reset, giving false spikes`,
      `take the ${fn} first, then aggregate: ${agg}(${fn}(<counter>[${durations[0] ? expr.slice(durations[0].from, durations[0].to) : "5m"}]))`,
    );
  } else if (input?.name === "VectorSelector") {
    const { name } = selectorInfo(expr, input);
    if (name) counters.push({ fn, metric: name, call: callText, at: off(input.from), rule });
  }
}

/** Offline: a counter's name ends in _total, _count, _sum or _bucket. */
function heuristic(metric: string): string | undefined {
  return COUNTER_SUFFIX.test(metric) ? undefined : `${metric} does not look like a counter (counter names end in _total, _count, _sum or _bucket)`;
}

/** Live: the type in Prometheus's metadata; OpenMetrics keeps it under the name without _total/_count/_sum/_bucket. */
async function counterVerdict(metric: string, facts: ReturnType<typeof lookups>): Promise<string | undefined> {
  let type = await facts.type(metric);
  if ((type === undefined || type === "unknown") && COUNTER_SUFFIX.test(metric)) type = await facts.type(metric.replace(COUNTER_SUFFIX, ""));
  if (type === undefined || type === "unknown") return heuristic(metric);
  return ["counter", "histogram", "summary", "gaugehistogram"].includes(type) ? undefined : `Prometheus's metadata says ${metric} is a ${type}, not a counter`;
}

function counterWarning(c: CounterUse, why: string | undefined, warn: Warn) {
  if (!why) return;
  warn(
    c.at,
    "promql/rate",
    `${c.rule.kind} "${c.rule.name}": ${c.call}: ${why}; ${c.fn}() treats every decrease as a counter reset, which gives nonsense for gauges`,
    `for a gauge use deriv() or delta() (or max_over_time/avg_over_time); if ${c.metric} really is a counter, ignore this`,
  );
}

/** Whether an alert expression filters its result: a comparison at the top (through and/or/unless, aggregations, parentheses). */
function hasCondition(expr: string, n: SyntaxNode | undefined): boolean {
  n = unwrap(n);
  if (!n) return false;
  if (n.name === "BinaryExpr") {
    const op = children(n).find((c) => BINARY_OPS.has(c.name))?.name ?? "";
    const [lhs, rhs] = [exprChildren(n)[0], exprChildren(n).at(-1)];
    if (COMPARISONS.has(op)) return !child(n, "BoolModifier");
    if (op === "And") return hasCondition(expr, lhs) || hasCondition(expr, rhs);
    if (op === "Or") return hasCondition(expr, lhs) && hasCondition(expr, rhs);
    if (op === "Unless") return hasCondition(expr, lhs);
    return false;
  }
  if (n.name === "AggregateExpr") return hasCondition(expr, exprChildren(child(n, "FunctionCallBody") ?? n).at(-1));
  if (n.name === "FunctionCall") {
    const fn = fnName(expr, n);
    // these keep the series of their first argument
    if (["label_replace", "label_join", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc"].includes(fn)) return hasCondition(expr, callArgs(n)[0]);
  }
  return false;
}

function duplicateChecks(rules: Rule[], warn: Warn) {
  const labelsKey = (r: Rule) => JSON.stringify(Object.entries(r.staticLabels).sort());
  const exprKey = (r: Rule) => r.expr.replace(/\s+/g, " ").trim();
  const firstAlert = new Map<string, Rule>();
  const seen: Rule[] = [];
  for (const r of rules) {
    const exact = seen.find((o) => o.kind === r.kind && o.name === r.name && exprKey(o) === exprKey(r) && labelsKey(o) === labelsKey(r));
    if (exact) {
      warn(
        r.at,
        "rule/duplicate",
        `${r.kind} "${r.name}" duplicates ${exact.where}: same name, expression and labels, so both produce the same ${r.kind === "alert" ? "alerts" : "series"}`,
        "delete one of them",
      );
    } else if (r.kind === "record") {
      const other = seen.find((o) => o.kind === "record" && o.name === r.name && labelsKey(o) === labelsKey(r));
      if (other) {
        warn(
          r.at,
          "rule/duplicate",
          `record "${r.name}" with the same labels is also defined in ${other.where}: both write the same series, and the later evaluation overwrites the other`,
          "give the rules different labels or names, or delete one",
        );
      }
    } else {
      const other = firstAlert.get(r.name);
      if (other && other.groupName !== r.groupName) {
        warn(
          r.at,
          "rule/duplicate",
          `alert "${r.name}" is also defined in ${other.where}: alerts of the same name in different groups are evaluated independently and are easy to change inconsistently`,
          "give each alert a distinct name, or keep variants of one alert (e.g. warning and critical thresholds) in one group",
        );
      }
    }
    if (r.kind === "alert" && !firstAlert.has(r.name)) firstAlert.set(r.name, r);
    seen.push(r);
  }
}

/** Why a selector matches no series now, narrowed down matcher by matcher; undefined if it matches. */
async function seriesProblem(s: Selector, facts: ReturnType<typeof lookups>): Promise<string | undefined> {
  if ((await facts.count(s.text)) > 0) return undefined;
  const none = `${s.text} matches no series`;
  if (!s.name) return none;
  const metric = `__name__="${escapeLabelValue(s.name)}"`;
  if ((await facts.count(`{${metric}}`)) === 0) return `${none}: Prometheus has no series named ${s.name} now (never scraped, renamed, or gone)`;
  const reasons = await Promise.all(
    s.matchers.map(async (m) => {
      if ((await facts.count(`{${metric}, ${m.text}}`)) > 0) return undefined;
      if ((m.op === "=" || m.op === "=~") && m.value !== "" && (await facts.count(`{${metric}, ${m.label}!=""}`)) === 0) {
        return `${s.name} has no label ${m.label}`;
      }
      return m.op === "=" ? `label ${m.label} has no value "${m.value}" on ${s.name}` : `no series of ${s.name} matches ${m.text}`;
    }),
  );
  const found = reasons.filter(Boolean);
  return found.length ? `${none}: ${found.join("; ")}` : `${none}: each matcher matches some series of ${s.name}, but no series matches all of them together`;
}
