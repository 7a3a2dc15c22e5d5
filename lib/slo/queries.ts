/**
 * PromQL for SLO panels. Pure: every query is a function of the SLO spec and a
 * window, so it can be tested here and cached by the query layer.
 *
 * Zero traffic. A ratio divides by the total, and 0 / 0 is NaN in PromQL: the top
 * complaint about Sloth's dashboards. Every ratio here is built as
 *
 *     (bad / (total > 0)) or (total * 0)
 *
 * `total > 0` is a filter: where the total is 0 the series drops out of the
 * division, and `or` fills that label set from `total * 0`, which is 0 and keeps
 * the total's labels (so `sum by (…)` results line up; `or` matches on all labels
 * except the metric name). It also answers 0 when the bad-event selector matches
 * no series at all (no 5xx since the process started: `sum()` over nothing is
 * empty, not 0). Ratios built from good events use the same idea twice, so that a
 * good-event selector matching nothing means "no good events" (all bad):
 *
 *     (1 - ((good / (total > 0)) or ((total > 0) * 0))) or (total * 0)
 *
 * When the total itself has no series the result is empty: "no data", which the
 * panel must tell apart from "no traffic" (0). The total expression is evaluated
 * two or three times; that is what it costs to avoid NaN without a subquery.
 *
 * Availability is an average of 0/1 samples and cannot be NaN; a raw error-ratio
 * SLI (and a recorded Sloth ratio, which Sloth divides without a guard) has no
 * total to test, so NaN is read back as 0 with `(r >= 0) or (r >= bool 0)`.
 *
 * The SLI building blocks (latency bucket/count, availability, `{{.window}}`) are
 * spec.ts's, the ones the rule generator records, so raw and recorded panels mean
 * the same thing. Every label value spliced in goes through labelMatcher (escaped);
 * windows must be PromQL durations; metric names must be valid. The spec's own
 * queries are PromQL authored with the SLO and are used as written.
 */

import { isValidMetricName } from "@/lib/promql/escape";
import { promDuration } from "./generate";
import { errorBudget } from "./math";
import { availabilityQuery, labelSelector, latencyQueries, renderWindow, sloId, type SloSpec } from "./spec";

/** The fields of an SLO these queries read. */
export type SloQuerySpec = Pick<SloSpec, "name" | "service" | "objective" | "sli">;

/** Windows Sloth records `slo:sli_error:ratio_rate<window>` for, besides the SLO period. */
export const SLOTH_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;

const DURATION = /^(?:\d+(?:ms|[smhdwy]))+$/;
const DURATION_PART = /(\d+)(ms|[smhdwy])/g;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** Seconds of a PromQL duration ("1h30m" → 5400); throws on anything else. */
export function promDurationSeconds(window: string): number {
  if (typeof window !== "string" || !DURATION.test(window)) {
    throw new RangeError(`not a PromQL duration: "${String(window)}"`);
  }
  let seconds = 0;
  for (const m of window.matchAll(DURATION_PART)) seconds += Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
  if (seconds <= 0) throw new RangeError(`not a positive PromQL duration: "${window}"`);
  return seconds;
}

/** Bad events / total, 0 at zero traffic or when the bad selector matches nothing. */
function badRatio(bad: string, total: string): string {
  return `((${bad}) / ((${total}) > 0)) or ((${total}) * 0)`;
}

/** 1 − good / total, 0 at zero traffic, 1 when the good selector matches nothing. */
function goodRatioComplement(good: string, total: string): string {
  return `(1 - (((${good}) / ((${total}) > 0)) or (((${total}) > 0) * 0))) or ((${total}) * 0)`;
}

/** A precomputed ratio read back with NaN (Prometheus's 0 / 0) and negatives as 0, labels kept. */
function nanToZero(ratio: string): string {
  return `((${ratio}) >= 0) or ((${ratio}) >= bool 0)`;
}

type Parts =
  /** event counts per second: bad or good, and total */
  | { kind: "events"; bad?: string; good?: string; total: string }
  /** a ratio without event counts; `scrapes` per second for availability */
  | { kind: "ratio"; ratio: string; guard: boolean; scrapes?: string };

function parts(slo: SloQuerySpec, window: string): Parts {
  const seconds = promDurationSeconds(window);
  const sli = slo.sli;
  switch (sli.kind) {
    case "ratio":
      return { kind: "events", bad: renderWindow(sli.errorQuery, window), total: renderWindow(sli.totalQuery, window) };
    case "ratio-good":
      return { kind: "events", good: renderWindow(sli.goodQuery, window), total: renderWindow(sli.totalQuery, window) };
    case "latency": {
      // spliced unescaped: the spec's schema checks it, this keeps an unchecked one out
      if (!isValidMetricName(sli.metric)) throw new RangeError(`invalid metric name "${sli.metric}"`);
      const q = latencyQueries(sli);
      return { kind: "events", good: renderWindow(q.good, window), total: renderWindow(q.total, window) };
    }
    case "availability":
      // An average of 0/1 samples: never NaN, empty without targets ("no data").
      return {
        kind: "ratio",
        ratio: renderWindow(availabilityQuery(sli), window),
        guard: false,
        scrapes: `sum(count_over_time(up${labelSelector(sli.upSelector)}[${window}])) / ${seconds}`,
      };
    case "raw":
      return { kind: "ratio", ratio: renderWindow(sli.errorRatioQuery, window), guard: true };
    default: {
      const never: never = sli;
      throw new Error(`unknown SLI kind ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Error ratio (bad / total, in [0, 1]) of the SLO over `window` ("5m", "30d"), from
 * raw data. 0 at zero traffic; empty when the total has no series ("no data").
 *
 * - ratio: the spec's error and total queries with `{{.window}}` replaced;
 * - ratio-good: 1 − good / total;
 * - latency: 1 − rate(<metric>_bucket{…, le="<threshold>"}) / rate(<metric>_count{…});
 * - availability: 1 − avg(avg_over_time(up{…}[w])), as the generated rules record it;
 * - raw: the spec's error-ratio query, NaN read as 0.
 */
export function errorRatioQuery(slo: SloQuerySpec, window: string): string {
  const p = parts(slo, window);
  if (p.kind === "ratio") return p.guard ? nanToZero(p.ratio) : p.ratio;
  return p.bad !== undefined ? badRatio(p.bad, p.total) : goodRatioComplement(p.good as string, p.total);
}

/**
 * Total events per second over `window` (availability: scrapes per second);
 * undefined for a raw error-ratio SLI, which has no event counts.
 */
export function totalRateQuery(slo: SloQuerySpec, window: string): string | undefined {
  const p = parts(slo, window);
  return p.kind === "events" ? p.total : p.scrapes;
}

/**
 * Bad events per second over `window`: 0 (not empty) when the bad selector matches
 * nothing; missing good events count as all bad. Multiply by the step for counts per
 * step (the `errors` of compliance points). Availability: failed scrapes per second;
 * undefined for a raw error-ratio SLI. May dip a hair below 0 when good and total
 * extrapolate differently; the math sanitises that.
 */
export function badRateQuery(slo: SloQuerySpec, window: string): string | undefined {
  const p = parts(slo, window);
  if (p.kind === "ratio") return p.scrapes === undefined ? undefined : `(${p.ratio}) * (${p.scrapes})`;
  return p.bad !== undefined ? `(${p.bad}) or ((${p.total}) * 0)` : `(${p.total}) - ((${p.good}) or ((${p.total}) * 0))`;
}

/**
 * The selector of the Sloth-named recording rules generated for this SLO:
 * `sloth_id` is "<service>-<name>", as Sloth and spec.ts's `sloId` write it.
 */
export function slothSelector(slo: Pick<SloQuerySpec, "service" | "name">): string {
  return labelSelector({ sloth_id: sloId(slo) });
}

/**
 * Error ratio from the recording rule `slo:sli_error:ratio_rate<window>`: milliseconds
 * instead of seconds for long windows.
 *
 * Sloth's rules divide without a guard. For the alert windows (SLOTH_WINDOWS) the
 * rule is a plain ratio of rates, NaN only at zero traffic, read back as 0 with
 * `(r >= 0) or (r >= bool 0)` (which also floors the tiny negatives of a good/total
 * rule). For the period (any other window) Sloth records the mean of the 5-minute
 * ratios, and a single NaN sample (five quiet minutes) makes the whole period NaN
 * for as long as it is in the window; NaN there is not "no traffic". So the period
 * rule is used while it is a number, and otherwise the same mean is recomputed from
 * the 5-minute series with its NaN read as 0 (a subquery over one recorded series:
 * milliseconds, and both sides of `or` are always evaluated).
 */
export function recordedErrorRatioQuery(slo: Pick<SloQuerySpec, "service" | "name">, window: string): string {
  const name = recordedWindowName(window);
  const selector = slothSelector(slo);
  const series = `slo:sli_error:ratio_rate${name}${selector}`;
  if ((SLOTH_WINDOWS as readonly string[]).includes(name)) return nanToZero(series);
  const fiveMinutes = nanToZero(`slo:sli_error:ratio_rate5m${selector}`);
  return `(${series} >= 0) or ignoring (sloth_window) avg_over_time((${fiveMinutes})[${window}:5m])`;
}

/**
 * The period's recorded rule as it is, NaN included: what a panel reads first. Only
 * when it is NaN (Sloth's own rules after five quiet minutes; the console's never) is
 * the NaN-safe recordedErrorRatioQuery, with its subquery, worth its cost.
 */
export function recordedPeriodQuery(slo: Pick<SloQuerySpec, "service" | "name">, window: string): string {
  return `slo:sli_error:ratio_rate${recordedWindowName(window)}${slothSelector(slo)}`;
}

/**
 * The window as the recorded rule spells it: Prometheus's duration format, as Sloth
 * and generate.ts name the rules ("28d" → "4w", "7d" → "1w", "30d" → "30d").
 */
export function recordedWindowName(window: string): string {
  return promDuration(promDurationSeconds(window));
}

/**
 * The recorded query when the rule for this window exists (`recordedWindows`: the
 * `<w>` of the `slo:sli_error:ratio_rate<w>` rules found, e.g. via /api/v1/rules;
 * "28d" and "4w" are the same window), otherwise raw data.
 */
export function sloErrorRatioQuery(
  slo: SloQuerySpec,
  window: string,
  recordedWindows: ReadonlySet<string> | readonly string[],
): { query: string; source: "recorded" | "raw" } {
  const recorded = new Set(recordedWindows);
  const has = recorded.has(window) || recorded.has(recordedWindowName(window));
  return has
    ? { query: recordedErrorRatioQuery(slo, window), source: "recorded" }
    : { query: errorRatioQuery(slo, window), source: "raw" };
}

function budgetLiteral(budget: number): string {
  return String(budget);
}

/** 1 − ratio / B; with B = 0: 1 without errors, −Inf with any (never NaN). */
function remainingFromRatio(ratio: string, budget: number): string {
  if (budget > 0) return `1 - ((${ratio}) / ${budgetLiteral(budget)})`;
  return `(1 - (((${ratio}) > 0) / 0)) or (((${ratio}) * 0) + 1)`;
}

/**
 * Remaining error budget 1 − E(period) / B over a rolling `period` ("30d"), two ways:
 * `recorded` reads `slo:sli_error:ratio_rate<period>` (Sloth records the SLO's own
 * period, as the mean of the 5-minute ratios: every 5 minutes weigh the same; see
 * recordedErrorRatioQuery for its NaN), `raw` computes E from the events themselves
 * (every request weighs the same; see rawCostNote). With uneven traffic the two
 * differ slightly. The period for a calendar window is spec.ts's periodDays ("31d").
 */
export function budgetRemainingQuery(slo: SloQuerySpec, period: string): { recorded: string; raw: string } {
  const budget = errorBudget(slo.objective);
  return {
    recorded: remainingFromRatio(recordedErrorRatioQuery(slo, period), budget),
    raw: remainingFromRatio(errorRatioQuery(slo, period), budget),
  };
}

/** The note a panel shows when it reads a long window from raw data. */
export function rawCostNote(windowDays: number, scrapeSeconds = 60): string {
  if (!Number.isFinite(windowDays) || windowDays <= 0) throw new RangeError(`window must be a positive number of days, got ${String(windowDays)}`);
  if (!Number.isFinite(scrapeSeconds) || scrapeSeconds <= 0) throw new RangeError(`scrape interval must be positive, got ${String(scrapeSeconds)}`);
  const samples = Math.round((windowDays * 86_400) / scrapeSeconds).toLocaleString("en-US");
  const days = `${Number(windowDays.toFixed(2))} day${windowDays === 1 ? "" : "s"}`;
  return (
    `Read from raw data: each refresh scans ${days} of samples (about ${samples} per series at one every ${scrapeSeconds} s), ` +
    "which can take seconds on a busy Prometheus (Pyrra users measured 95 s for 12 weeks). " +
    "Recording rules (slo:sli_error:ratio_rate<window>) answer the same in milliseconds."
  );
}
