import { LOADTEST_FAILURE_RATE, LOADTEST_P95 } from "@/lib/targets/reference";
import { evaluateThreshold, type ThresholdOutcome } from "./threshold";
import { findMetric, headline, type LoadTestSummary, type LoadTestThreshold, type Verdict } from "./summary";

/**
 * A run judged twice: by its own thresholds (as k6 judged them, from the file, and as
 * the console judges the same expressions on the file's numbers: they must agree) and
 * against the reference SLOs of the load tests (PRODUCT.md: p95 < 200 ms, failure rate
 * < 1 %). Pure.
 */

/** p95 of `http_req_duration` must stay under this (ms): the reviews' load-test target, in k6's unit. */
export const SLO_P95_MS = LOADTEST_P95.value * 1000;
/** `http_req_failed` rate must stay under this (1 %). */
export const SLO_FAILURE_RATE = LOADTEST_FAILURE_RATE.value;

export type Judgement = Verdict | "unknown";

export interface ThresholdJudgement extends LoadTestThreshold {
  console: ThresholdOutcome;
  /** null when the console cannot tell */
  agrees: boolean | null;
}

export interface SloCheck {
  id: "p95" | "failure_rate";
  label: string;
  /** e.g. "< 200 ms" */
  target: string;
  /** ms for p95, 0–1 for the failure rate */
  measured: number | null;
  status: Judgement;
  reason?: string;
}

export interface RunJudgement {
  /** k6's verdict from the file; null without thresholds */
  k6: Verdict | null;
  /** the console's verdict on the same thresholds; null without thresholds */
  console: Judgement | null;
  thresholds: ThresholdJudgement[];
  /** thresholds where the console and k6 disagree */
  disagreements: number;
  slo: { verdict: Judgement; checks: SloCheck[] };
}

export function judgeThresholds(summary: LoadTestSummary): ThresholdJudgement[] {
  return summary.thresholds.map((t) => {
    const outcome = evaluateThreshold(t.expression, findMetric(summary, t.metric));
    return { ...t, console: outcome, agrees: outcome.status === "unknown" ? null : outcome.status === t.k6 };
  });
}

const overall = (statuses: Judgement[]): Judgement => (statuses.includes("failed") ? "failed" : statuses.includes("unknown") ? "unknown" : "passed");

export function judgeSlo(summary: LoadTestSummary): RunJudgement["slo"] {
  const h = headline(summary);
  const p95: SloCheck = { id: "p95", label: "p95 of http_req_duration", target: `< ${SLO_P95_MS} ms`, measured: h.p95Ms, status: "unknown" };
  if (h.p95Ms === null) p95.reason = findMetric(summary, "http_req_duration") ? "the file does not report p(95) of http_req_duration (add it to summaryTrendStats)" : "the run made no HTTP requests (no http_req_duration)";
  else p95.status = h.p95Ms < SLO_P95_MS ? "passed" : "failed";
  const failure: SloCheck = { id: "failure_rate", label: "http_req_failed rate", target: `< ${SLO_FAILURE_RATE * 100} %`, measured: h.failureRate, status: "unknown" };
  if (h.failureRate === null) failure.reason = findMetric(summary, "http_req_failed") ? "http_req_failed has no samples" : "the file has no http_req_failed (k6 records it since v0.31)";
  else failure.status = h.failureRate < SLO_FAILURE_RATE ? "passed" : "failed";
  return { verdict: overall([p95.status, failure.status]), checks: [p95, failure] };
}

export function judgeRun(summary: LoadTestSummary): RunJudgement {
  const thresholds = judgeThresholds(summary);
  return {
    k6: summary.k6Verdict,
    console: thresholds.length ? overall(thresholds.map((t) => t.console.status)) : null,
    thresholds,
    disagreements: thresholds.filter((t) => t.agrees === false).length,
    slo: judgeSlo(summary),
  };
}
