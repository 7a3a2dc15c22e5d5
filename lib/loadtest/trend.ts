import { judgeSlo, type Judgement } from "./judge";
import { headline, type LoadTestSummary, type Verdict } from "./summary";

/**
 * A service's runs in time order with their headline numbers (p95, failure rate,
 * requests per second) and each one's change against the run before it. Pure.
 */

export interface Change {
  /** this run minus the previous one (ms, ratio 0–1, or requests/s) */
  abs: number;
  /** relative change in percent; null when the previous value was 0 */
  pct: number | null;
}

export interface TrendPoint {
  id: string;
  name: string;
  /** ISO time */
  runAt: string;
  p95Ms: number | null;
  failureRate: number | null;
  rps: number | null;
  slo: Judgement;
  k6: Verdict | null;
  change: { p95Ms: Change | null; failureRate: Change | null; rps: Change | null };
}

export interface TrendRun {
  id: string;
  name: string;
  runAt: string | Date;
  summary: LoadTestSummary;
}

function change(now: number | null, before: number | null): Change | null {
  if (now === null || before === null) return null;
  return { abs: now - before, pct: before === 0 ? null : ((now - before) / before) * 100 };
}

export function trend(runs: readonly TrendRun[]): TrendPoint[] {
  const sorted = runs
    .map((r) => ({ ...r, runAt: typeof r.runAt === "string" ? r.runAt : r.runAt.toISOString() }))
    .sort((a, b) => Date.parse(a.runAt) - Date.parse(b.runAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const points: TrendPoint[] = [];
  for (const r of sorted) {
    const h = headline(r.summary);
    const prev = points[points.length - 1];
    points.push({
      id: r.id,
      name: r.name,
      runAt: r.runAt,
      p95Ms: h.p95Ms,
      failureRate: h.failureRate,
      rps: h.rps,
      slo: judgeSlo(r.summary).verdict,
      k6: r.summary.k6Verdict,
      change: {
        p95Ms: prev ? change(h.p95Ms, prev.p95Ms) : null,
        failureRate: prev ? change(h.failureRate, prev.failureRate) : null,
        rps: prev ? change(h.rps, prev.rps) : null,
      },
    });
  }
  return points;
}
