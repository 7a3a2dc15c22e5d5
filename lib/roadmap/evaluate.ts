import { downsampleMinMax, roundForDisplay, type Point } from "@/lib/charts/downsample";
import { parseDurationSeconds } from "@/lib/promql/time-range";
import type { Comparator } from "./kinds";
import type { Target } from "./templates";

/**
 * Judging a target from its live value and its history (a range query of the same
 * expression). Pure.
 *
 * - `no-data`: the live value is missing (no series, or NaN: e.g. no traffic).
 * - `missed`: the live value does not meet the comparator.
 * - `at-risk`: the live value meets it, but
 *     (a) by no more than the margin: |value − threshold| ≤ margin, the margin being
 *         the target's own (`margin`) or else 10 % of |threshold| (p95 < 100 ms is at
 *         risk from 90 ms on); or
 *     (b) some history point in the last `window` before now did not meet it (it was
 *         missed during the period the target speaks of, and has only just recovered).
 * - `met`: meets it, outside the margin, and throughout the last window of history.
 *
 * The date it was last met: now when met now, else the newest history point that met
 * it, else null ("not in the history range"). The share of time met counts history
 * points with a value only.
 */

export type TargetStatus = "met" | "at-risk" | "missed" | "no-data";

export const DEFAULT_MARGIN_SHARE = 0.1;
export const SPARKLINE_POINTS = 120;

export interface TargetEvaluation {
  status: TargetStatus;
  /** why, in words: "0.183 is not < 0.1", "within 10 % of the threshold" */
  reason: string;
  live: { value: number | null; at: number };
  /** unix seconds; null when never met in the history range */
  lastMet: number | null;
  /** share of history points with a value that met the target; null without any */
  shareMet: number | null;
  history: { start: number; end: number; step: number };
  /** the history, downsampled (min/max kept) to at most SPARKLINE_POINTS points, 4 significant digits */
  sparkline: Point[];
}

export function meets(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
  }
}

export function marginOf(t: Pick<Target, "margin" | "threshold">): number {
  return t.margin ?? Math.abs(t.threshold) * DEFAULT_MARGIN_SHARE;
}

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

export function evaluateTarget(
  target: Target,
  live: { value: number | null; at: number },
  history: { start: number; end: number; step: number; points: Point[] },
  format: (v: number) => string = (v) => String(v),
): TargetEvaluation {
  const liveValue = finite(live.value) ? live.value : null;
  const points = history.points.map(([t, v]): Point => [t, finite(v) ? v : null]);
  const withValue = points.filter((p): p is [number, number] => p[1] !== null);
  const metPoints = withValue.filter(([, v]) => meets(v, target.comparator, target.threshold));
  const shareMet = withValue.length ? metPoints.length / withValue.length : null;
  const windowSeconds = parseDurationSeconds(target.window) ?? 0;
  const base = {
    live: { value: liveValue, at: live.at },
    shareMet,
    history: { start: history.start, end: history.end, step: history.step },
    sparkline: roundForDisplay(downsampleMinMax(points, SPARKLINE_POINTS)),
  };
  const lastMetInHistory = metPoints.length ? metPoints[metPoints.length - 1]![0] : null;
  const cmp = `${target.comparator} ${format(target.threshold)}`;
  if (liveValue === null) {
    return { ...base, status: "no-data", reason: "no value now (no series, or no traffic)", lastMet: lastMetInHistory };
  }
  if (!meets(liveValue, target.comparator, target.threshold)) {
    return { ...base, status: "missed", reason: `${format(liveValue)} is not ${cmp}`, lastMet: lastMetInHistory };
  }
  const margin = marginOf(target);
  if (Math.abs(liveValue - target.threshold) <= margin) {
    return { ...base, status: "at-risk", reason: `${format(liveValue)} is ${cmp}, by less than the margin of ${format(margin)}`, lastMet: live.at };
  }
  const since = live.at - windowSeconds;
  const failed = withValue.filter(([t, v]) => t >= since && t <= live.at && !meets(v, target.comparator, target.threshold));
  if (failed.length) {
    const newest = failed[failed.length - 1]!;
    return { ...base, status: "at-risk", reason: `${format(liveValue)} is ${cmp} now, but was ${format(newest[1])} within the last ${target.window}`, lastMet: live.at };
  }
  return { ...base, status: "met", reason: `${format(liveValue)} is ${cmp}`, lastMet: live.at };
}
