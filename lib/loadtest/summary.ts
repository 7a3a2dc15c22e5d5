/**
 * A k6 run as the console keeps it (the `summary` column of `LoadTestRun`): one shape
 * for both files k6 writes, `--summary-export` and the `data` given to
 * `handleSummary` (parse.ts reads them). Durations are milliseconds, rates 0–1, as
 * k6 writes them. Pure: no I/O; the browser imports the types.
 */

export type K6Format = "summary-export" | "handle-summary";
export type MetricType = "counter" | "gauge" | "rate" | "trend";
export type MetricContains = "default" | "time" | "data";
export type Verdict = "passed" | "failed";

export interface LoadTestMetric {
  /** as in the file, with its tag selector if any: `http_req_duration{expected_response:true}` */
  name: string;
  type: MetricType;
  contains: MetricContains;
  /** type and contains read off the metric's fields and name (`--summary-export` records neither) */
  inferred: boolean;
  /**
   * The file's statistics. A rate metric always has `rate`, `passes` and `fails`
   * (`--summary-export` calls the rate `value`, and k6 before v0.30 wrote 0 there).
   */
  values: Record<string, number>;
}

export interface LoadTestThreshold {
  /** the metric (with its tag selector) the threshold is set on */
  metric: string;
  /** as written in the script: `p(95)<200` */
  expression: string;
  /** k6's own verdict, from the file */
  k6: Verdict;
}

export interface LoadTestCheck {
  /** `::group::check name` */
  path: string;
  name: string;
  passes: number;
  fails: number;
}

export interface LoadTestSummary {
  schema: 1;
  format: K6Format;
  metrics: LoadTestMetric[];
  thresholds: LoadTestThreshold[];
  /** k6's verdict on the run: failed when any threshold failed; null without thresholds */
  k6Verdict: Verdict | null;
  checks: { passes: number; fails: number; list: LoadTestCheck[]; truncated: boolean };
  durationMs: number | null;
  /** "state": `state.testRunDurationMs` (handleSummary); "derived": count ÷ rate of a counter (`--summary-export` has no duration) */
  durationSource: "state" | "derived" | null;
  vusMax: number | null;
  iterations: number | null;
  /** `http_reqs` count */
  requests: number | null;
  /** what the console had to interpret, said once per file */
  notes: string[];
}

/** Limits on what an import may hold (the action's body limit is 3 MB: next.config.ts). */
export const LOADTEST_LIMITS = {
  fileBytes: 2_000_000,
  metrics: 1000,
  valuesPerMetric: 64,
  thresholds: 1000,
  checksKept: 2000,
  groupDepth: 32,
  nameLength: 512,
} as const;

/** `http_req_duration{status:200}` → { base: "http_req_duration", tags: "status:200" } */
export function splitMetricName(name: string): { base: string; tags: string | null } {
  const i = name.indexOf("{");
  if (i < 0 || !name.endsWith("}")) return { base: name, tags: null };
  return { base: name.slice(0, i), tags: name.slice(i + 1, -1) };
}

export function findMetric(summary: Pick<LoadTestSummary, "metrics">, name: string): LoadTestMetric | undefined {
  return summary.metrics.find((m) => m.name === name);
}

/** The statistic `p(N)` of a trend, whatever way the file spells N (`p(99.9)`, `p(95.0)`), and `med` for p(50). */
export function percentileOf(values: Record<string, number>, p: number): number | undefined {
  for (const [key, v] of Object.entries(values)) {
    const m = /^p\((.+)\)$/.exec(key);
    if (m && Number(m[1]) === p) return v;
  }
  return p === 50 ? values.med : undefined;
}

/** The headline numbers of a run: p95 of `http_req_duration`, `http_req_failed` rate, requests per second. */
export interface Headline {
  p95Ms: number | null;
  failureRate: number | null;
  rps: number | null;
  requests: number | null;
  durationMs: number | null;
  vusMax: number | null;
}

export function headline(summary: LoadTestSummary): Headline {
  const duration = findMetric(summary, "http_req_duration");
  const failed = findMetric(summary, "http_req_failed");
  const reqs = findMetric(summary, "http_reqs");
  let rps = reqs?.values.rate ?? null;
  if (rps === null && reqs?.values.count !== undefined && summary.durationMs) rps = reqs.values.count / (summary.durationMs / 1000);
  return {
    p95Ms: (duration && percentileOf(duration.values, 95)) ?? null,
    failureRate: failed && (failed.values.passes ?? 0) + (failed.values.fails ?? 0) > 0 ? (failed.values.rate ?? null) : null,
    rps,
    requests: summary.requests,
    durationMs: summary.durationMs,
    vusMax: summary.vusMax,
  };
}
