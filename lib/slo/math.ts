/**
 * Error-budget and burn-rate math (docs: shared/docs/DOMAIN.md, "SLOs and error
 * budgets"; Google SRE workbook ch. 5; Sloth; Pyrra). Pure, no I/O.
 *
 * Conventions, once for the whole module:
 * - An objective is a percentage in (0, 100]; anything else is a configuration
 *   error and throws a RangeError. The budget is B = 1 − objective / 100.
 * - Measured inputs (event counts, ratios, burn rates) never throw: NaN, negative
 *   and infinite counts count as 0 events, ratios are clamped to [0, 1], and
 *   errors above the total (two `increase()` calls extrapolate independently) are
 *   clamped to the total. No function here returns NaN.
 * - No requests means no errors: 0 / 0 is an error ratio of 0 (attained 1), flagged
 *   `noTraffic` so the UI can say so instead of showing a perfect score silently.
 * - Objective 100 % (B = 0) is allowed. Budget-relative quantities are then 0 / 0
 *   without errors, which this module resolves as "nothing spent" (burn rate 0,
 *   remaining 1), and x / 0 with errors, which is unbounded: scalar functions
 *   return ±Infinity, and every structured result meant for the wire carries that
 *   value as `null` (JSON has no Infinity; JSON.stringify would turn it into null
 *   silently anyway). Use `toJsonNumber` for the same conversion elsewhere.
 */

import { formatDuration } from "@/lib/promql/time-range";
import type { AlertTier, SloAlerting, TierWindows } from "./spec";

/** Throws a RangeError unless `objective` is a percentage in (0, 100]. */
export function assertObjective(objective: number): void {
  if (typeof objective !== "number" || !Number.isFinite(objective) || objective <= 0 || objective > 100) {
    throw new RangeError(`SLO objective must be a percentage in (0, 100], got ${String(objective)}`);
  }
}

/** Number of decimal places of a number as written (99.95 → 2, 1e-7 → 7). */
function decimalsOf(x: number): number {
  const m = /^-?\d*(?:\.(\d+))?(?:e([+-]\d+))?$/i.exec(String(x));
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/**
 * Error budget B = 1 − objective / 100, as a ratio. Computed on the decimal digits
 * of the objective, so 99.9 gives exactly the double nearest 0.001 (the naïve
 * 1 − 99.9 / 100 is 0.0009999999999998899, which shows up in thresholds and
 * exported reports). Throws on an objective outside (0, 100].
 */
export function errorBudget(objective: number): number {
  assertObjective(objective);
  const d = decimalsOf(objective);
  if (d > 12) return (100 - objective) / 100;
  const scale = 10 ** d;
  // Both integers are exact doubles; one division rounds correctly.
  return (100 * scale - Math.round(objective * scale)) / (100 * scale);
}

/** A count of events from Prometheus: anything but a finite positive number is 0. */
export function sanitizeCount(x: number): number {
  return typeof x === "number" && Number.isFinite(x) && x > 0 ? x : 0;
}

/** An error ratio: NaN and negatives are 0, above 1 (or +Infinity) is 1. */
export function sanitizeRatio(x: number): number {
  if (typeof x !== "number" || Number.isNaN(x) || x <= 0) return 0;
  return x >= 1 ? 1 : x;
}

/** ±Infinity (and NaN) → null, for values that cross a JSON boundary. */
export function toJsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export interface Attainment {
  /** good / total, in [0, 1]; 1 when there was no traffic */
  attained: number;
  /** bad / total, in [0, 1]; 0 when there was no traffic */
  errorRatio: number;
  /** the counts actually used, after sanitising */
  errors: number;
  total: number;
  /** total = 0: the figures above follow "no requests means no errors" */
  noTraffic: boolean;
}

/** Attained SLI from counts of bad and total events over one window. */
export function attainment(errors: number, total: number): Attainment {
  const t = sanitizeCount(total);
  const e = Math.min(sanitizeCount(errors), t);
  if (t === 0) return { attained: 1, errorRatio: 0, errors: 0, total: 0, noTraffic: true };
  const errorRatio = e / t;
  return { attained: 1 - errorRatio, errorRatio, errors: e, total: t, noTraffic: false };
}

/**
 * Burn rate BR = E / B: 1 spends the budget exactly over the SLO period, 14.4
 * spends a 30-day budget in 50 hours. 0 at zero traffic (E = 0). With a budget of
 * 0 (objective 100): 0 without errors, +Infinity with any.
 */
export function burnRate(errorRatio: number, objective: number): number {
  const b = errorBudget(objective);
  const e = sanitizeRatio(errorRatio);
  if (e === 0) return 0;
  return b === 0 ? Number.POSITIVE_INFINITY : e / b;
}

/**
 * Fraction of the period's budget spent, E(P) / B: 0 untouched, 1 exactly spent,
 * above 1 overspent. +Infinity with errors at objective 100.
 */
export function budgetConsumed(errorRatio: number, objective: number): number {
  return burnRate(errorRatio, objective);
}

/**
 * Remaining budget over the period, 1 − E(P) / B (DOMAIN.md). 1 untouched, 0 spent,
 * negative when overspent (−0.5: half a budget too much). −Infinity with errors at
 * objective 100.
 */
export function remainingBudget(errorRatio: number, objective: number): number {
  return 1 - budgetConsumed(errorRatio, objective);
}

/**
 * Seconds until the remaining budget is gone if the current burn rate holds. At
 * burn rate BR the budget of a period P goes at BR / P per second, so a remaining
 * fraction r lasts r · P / BR (DOMAIN.md: a full budget lasts P / BR).
 *
 * - burn ≤ 0 or NaN: `undefined`, the budget is never exhausted at this rate;
 * - remaining ≤ 0 (already spent) or burn = +Infinity: 0;
 * - remaining NaN: `undefined` (unknown).
 *
 * For a rolling window this is an upper bound on the risk: errors that age out of
 * the window give budget back. Throws on a period that is not a positive duration.
 */
export function timeToExhaustion(remaining: number, burn: number, periodSeconds: number): number | undefined {
  if (!Number.isFinite(periodSeconds) || periodSeconds <= 0) {
    throw new RangeError(`SLO period must be a positive number of seconds, got ${String(periodSeconds)}`);
  }
  if (Number.isNaN(remaining) || Number.isNaN(burn) || burn <= 0) return undefined;
  if (remaining <= 0 || burn === Number.POSITIVE_INFINITY) return 0;
  if (remaining === Number.POSITIVE_INFINITY) return undefined;
  return (remaining * periodSeconds) / burn;
}

/** One step of counts: [unix seconds, bad events, total events] over the step ending at t. */
export type CountStep = readonly [t: number, errors: number, total: number];

export interface BurnDown {
  /** [t, remaining budget fraction after that step]; null = unbounded (objective 100 with errors) */
  points: [number, number | null][];
  /** remaining budget at the end of the window, same as remainingBudget(E(W)) */
  remaining: number | null;
  /** no traffic in the whole window: every point is 1 */
  noTraffic: boolean;
}

/**
 * Cumulative remaining budget over a window, one point per step.
 *
 * Definition (occurrence-based, as Sloth's and Pyrra's request-based SLOs count):
 * the budget of the window is a number of bad events, B · N, where N is the
 * window's total traffic. Each step spends errors_k / (B · N) of it, which is the
 * step's own error ratio weighted by its share of the window's traffic,
 * (errors_k / total_k) · (total_k / N) / B. So
 *
 *     remaining_k = 1 − (errors_1 + … + errors_k) / (B · N)
 *
 * The series never rises (a burn-down), a busy hour weighs more than a quiet one,
 * and the last point is exactly the period's headline figure 1 − E(W) / B. For a
 * window still in progress N is the traffic so far, so earlier points are
 * re-scaled as traffic arrives; the last point is still "if the window ended now".
 * Steps are sorted by time; counts are sanitised as everywhere in this module.
 */
export function budgetBurnDown(steps: readonly CountStep[], objective: number): BurnDown {
  const budget = errorBudget(objective);
  const clean = steps
    .map(([t, errors, total]) => {
      const tot = sanitizeCount(total);
      return { t, errors: Math.min(sanitizeCount(errors), tot), total: tot };
    })
    .filter((s) => Number.isFinite(s.t))
    .sort((a, b) => a.t - b.t);
  const window = clean.reduce((sum, s) => sum + s.total, 0);
  if (window === 0) {
    return { points: clean.map((s) => [s.t, 1]), remaining: 1, noTraffic: true };
  }
  const allowed = budget * window;
  let spent = 0;
  const points: [number, number | null][] = clean.map((s) => {
    spent += s.errors;
    if (spent === 0) return [s.t, 1];
    return [s.t, allowed === 0 ? null : 1 - spent / allowed];
  });
  const last = points.at(-1);
  return { points, remaining: last ? last[1] : 1, noTraffic: false };
}

// ---------------------------------------------------------------------------
// Multi-window, multi-burn-rate alerting. The table itself (tiers, windows,
// thresholds per period) is spec.ts's `burnRateTiers(window)`, the one the rule
// generator uses, so a panel and the generated alerts cannot disagree.

export type TierCondition =
  /** both windows above the threshold: the alert fires */
  | "firing"
  /** only the short window: a burst that has not lasted (yet) */
  | "short-only"
  /** only the long window: it was burning and has stopped, the long window lags */
  | "long-only"
  | "ok";

export interface TierState {
  firing: boolean;
  condition: TierCondition;
  factor: number;
  /** JSON-safe: null = unbounded (objective 100 with errors) */
  burnLong: number | null;
  burnShort: number | null;
}

function sanitizeBurn(x: number): number {
  return typeof x !== "number" || Number.isNaN(x) || x < 0 ? 0 : x;
}

/**
 * One tier: fires when BR(long) > T and BR(short) > T (strictly, as Sloth's
 * `> (14.4 * budget)` does). NaN or negative burn rates count as 0; +Infinity
 * (objective 100 with errors) is above every threshold.
 */
export function tierState(burnLong: number, burnShort: number, factor: number): TierState {
  const long = sanitizeBurn(burnLong);
  const short = sanitizeBurn(burnShort);
  const longOver = long > factor;
  const shortOver = short > factor;
  const condition: TierCondition = longOver && shortOver ? "firing" : shortOver ? "short-only" : longOver ? "long-only" : "ok";
  return { firing: condition === "firing", condition, factor, burnLong: toJsonNumber(long), burnShort: toJsonNumber(short) };
}

export interface TierReport extends TierWindows {
  /** the windows as PromQL durations, the keys of `burnByWindow` ("1h", "5m") */
  long: string;
  short: string;
  enabled: boolean;
  /** undefined when a window's burn rate was not supplied */
  state?: TierState;
}

export interface AlertState {
  /** the most severe enabled tier that fires */
  severity: "page" | "ticket" | "none";
  firing: AlertTier[];
  tiers: TierReport[];
  /** enabled tiers whose windows were not supplied: their state is unknown, not ok */
  unknown: AlertTier[];
}

const ALL_TIERS_ON: Pick<SloAlerting, "pageTiers" | "ticketTiers"> = {
  pageTiers: { fast: true, slow: true },
  ticketTiers: { fast: true, slow: true },
};

/**
 * Summary for an SLO panel: which tiers fire, given the burn rate per window keyed
 * by PromQL duration ("5m" … "3d") and the SLO's tier table (spec.ts
 * `burnRateTiers(slo.window)`). Tiers turned off in the SLO are reported but never
 * fire, as in the generated rules. JSON-safe.
 */
export function alertState(
  burnByWindow: Readonly<Partial<Record<string, number>>>,
  tiers: readonly TierWindows[],
  switches: Pick<SloAlerting, "pageTiers" | "ticketTiers"> = ALL_TIERS_ON,
): AlertState {
  const reports: TierReport[] = tiers.map((tier) => {
    const enabled = (tier.severity === "page" ? switches.pageTiers : switches.ticketTiers)[tier.tier.endsWith("fast") ? "fast" : "slow"];
    const long = formatDuration(tier.longSeconds);
    const short = formatDuration(tier.shortSeconds);
    const burnLong = burnByWindow[long];
    const burnShort = burnByWindow[short];
    const report: TierReport = { ...tier, long, short, enabled };
    if (burnLong !== undefined && burnShort !== undefined) report.state = tierState(burnLong, burnShort, tier.factor);
    return report;
  });
  const firing = reports.filter((t) => t.enabled && t.state?.firing).map((t) => t.tier);
  const unknown = reports.filter((t) => t.enabled && !t.state).map((t) => t.tier);
  const severity = reports.some((t) => t.enabled && t.state?.firing && t.severity === "page")
    ? "page"
    : firing.length > 0
      ? "ticket"
      : "none";
  return { severity, firing, tiers: reports, unknown };
}
