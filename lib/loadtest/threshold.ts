import { percentileOf, type LoadTestMetric, type MetricType } from "./summary";

/**
 * k6's threshold expressions, read and judged the way k6 does (read from k6's source,
 * metrics/thresholds_parser.go and metrics/thresholds.go; written anew here):
 * `aggregation operator number`, where the operator is the first of
 * `<=`, `<`, `>=`, `>`, `===`, `==`, `!=` found in the text with something after it,
 * both sides trimmed; the aggregation is `value`, `count`, `rate`, `avg`, `min`, `med`,
 * `max` or `p(N)` with 0 ≤ N ≤ 100, and each metric type allows only some of them.
 * A statistic k6 does not have (a rate metric without samples) passes, as in k6.
 */

export type Operator = "<=" | "<" | ">=" | ">" | "===" | "==" | "!=";
export type Aggregation = "value" | "count" | "rate" | "avg" | "min" | "med" | "max" | "p";

export interface ThresholdExpression {
  source: string;
  aggregation: Aggregation;
  /** N of `p(N)`, else null */
  percentile: number | null;
  operator: Operator;
  value: number;
}

/** In k6's order of scanning: longer tokens before the shorter ones they contain. */
const OPERATORS: readonly Operator[] = ["<=", "<", ">=", ">", "===", "==", "!="];
const NAMED: readonly Aggregation[] = ["value", "count", "rate", "avg", "min", "med", "max"];

/** What k6 accepts on each metric type (metrics/metric_type.go). */
export const AGGREGATIONS: Record<MetricType, readonly Aggregation[]> = {
  counter: ["count", "rate"],
  gauge: ["value"],
  rate: ["rate"],
  trend: ["avg", "min", "max", "med", "p"],
};

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITE = /^[+-]?inf(?:inity)?$/i;

function parseNumber(text: string): number | null {
  if (INFINITE.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (!NUMBER.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseThreshold(source: string): Parsed<ThresholdExpression> {
  for (const operator of OPERATORS) {
    const at = source.indexOf(operator);
    if (at < 0) continue;
    const right = source.slice(at + operator.length);
    if (right === "") continue;
    const left = source.slice(0, at).trim();
    const rhs = right.trim();
    const value = parseNumber(rhs);
    if (value === null) return { ok: false, error: `"${source}": the right-hand side "${rhs}" is not a number` };
    if ((NAMED as readonly string[]).includes(left)) return { ok: true, value: { source, aggregation: left as Aggregation, percentile: null, operator, value } };
    if (left.startsWith("p(") && left.endsWith(")")) {
      const p = parseNumber(left.slice(2, -1));
      if (p === null || p < 0 || p > 100) return { ok: false, error: `"${source}": the percentile in "${left}" is not a number between 0 and 100` };
      return { ok: true, value: { source, aggregation: "p", percentile: p, operator, value } };
    }
    return { ok: false, error: `"${source}": "${left}" is not an aggregation k6 knows (value, count, rate, avg, min, med, max, p(N))` };
  }
  return { ok: false, error: `"${source}": no operator (<, <=, >, >=, ==, ===, !=) followed by a number` };
}

export function compare(lhs: number, operator: Operator, rhs: number): boolean {
  switch (operator) {
    case "<":
      return lhs < rhs;
    case "<=":
      return lhs <= rhs;
    case ">":
      return lhs > rhs;
    case ">=":
      return lhs >= rhs;
    case "==":
    case "===":
      return lhs === rhs;
    case "!=":
      return lhs !== rhs;
  }
}

export interface ThresholdOutcome {
  status: "passed" | "failed" | "unknown";
  /** the statistic compared, e.g. `p(95)` */
  stat: string;
  measured: number | null;
  /** why it passed without a measure, or why the console cannot tell */
  reason?: string;
}

const statName = (e: ThresholdExpression) => (e.aggregation === "p" ? `p(${e.percentile})` : e.aggregation);

/** The measured statistic a threshold compares, from the file's values; undefined when the file lacks it. */
function measure(e: ThresholdExpression, m: LoadTestMetric): number | undefined {
  if (e.aggregation === "p") return percentileOf(m.values, e.percentile!);
  if (e.aggregation === "med") return m.values.med ?? percentileOf(m.values, 50);
  return m.values[e.aggregation];
}

/** Judges one threshold expression on one metric of the file, as k6 would have at the end of the run. */
export function evaluateThreshold(source: string, metric: LoadTestMetric | undefined): ThresholdOutcome {
  const parsed = parseThreshold(source);
  if (!parsed.ok) return { status: "unknown", stat: "", measured: null, reason: `k6 would refuse this threshold: ${parsed.error}` };
  const e = parsed.value;
  const stat = statName(e);
  if (!metric) return { status: "unknown", stat, measured: null, reason: "the file has no such metric" };
  if (!AGGREGATIONS[metric.type].includes(e.aggregation)) {
    return { status: "unknown", stat, measured: null, reason: `${stat} does not apply to a ${metric.type} metric (k6 allows ${AGGREGATIONS[metric.type].map((a) => (a === "p" ? "p(N)" : a)).join(", ")})` };
  }
  if (metric.type === "rate" && (metric.values.passes ?? 0) + (metric.values.fails ?? 0) === 0) {
    // k6 has no rate without samples and passes the threshold
    return { status: "passed", stat, measured: null, reason: "no samples: k6 passes a rate threshold on an empty metric" };
  }
  const measured = measure(e, metric);
  if (measured === undefined) {
    return { status: "unknown", stat, measured: null, reason: `the file does not report ${stat} (add it to summaryTrendStats)` };
  }
  return { status: compare(measured, e.operator, e.value) ? "passed" : "failed", stat, measured };
}
