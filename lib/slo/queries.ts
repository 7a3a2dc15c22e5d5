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
 * Every label value spliced in goes through labelMatcher (escaped); windows must be
 * PromQL durations; metric names must be valid. The ratio SLI's own queries are
 * PromQL authored with the SLO and are used as written, with `{{.window}}` replaced.
 */

import { escapeRegexLiteral, isValidMetricName, labelMatcher } from "@/lib/promql/escape";
import { errorBudget } from "./math";

type Selector = Record<string, string>;

/** The fields of SloSpec (./spec) these queries read. */
export interface SloQuerySpec {
  name: string;
  service: string;
  objective: number;
  sli:
    | { kind: "ratio"; errorQuery: string; totalQuery: string }
    | { kind: "ratio-good"; goodQuery: string; totalQuery: string }
    | { kind: "latency"; metric: string; thresholdSeconds: number; selector: Selector }
    | { kind: "availability"; upSelector: Selector };
}

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

/** Replace Sloth's `{{.window}}` placeholder (spaces allowed inside the braces). */
export function substituteWindow(query: string, window: string): string {
  promDurationSeconds(window);
  return query.replace(/\{\{\s*\.window\s*\}\}/g, window);
}

/** `{a="x",b="y"}` with escaped values, keys sorted so equal specs give equal (cacheable) queries. */
function selector(labels: Selector, extra: string[] = []): string {
  const matchers = Object.keys(labels)
    .sort()
    .map((k) => labelMatcher(k, labels[k] as string));
  return `{${[...matchers, ...extra].join(",")}}`;
}

/** A float as Prometheus writes it in `le`: text format "1" (Prometheus 2), normalised "1.0" (Prometheus 3). */
function leMatcher(threshold: number): string {
  if (!Number.isFinite(threshold) || threshold <= 0) {
    throw new RangeError(`latency threshold must be a positive number of seconds, got ${String(threshold)}`);
  }
  const text = String(threshold);
  if (!Number.isInteger(threshold) || text.includes("e")) return labelMatcher("le", text);
  // Prometheus 3 normalises integer bucket bounds to "1.0" on ingestion; Prometheus 2
  // kept the exposition's "1". Match both so the SLO survives the upgrade.
  return labelMatcher("le", `${escapeRegexLiteral(text)}|${escapeRegexLiteral(`${text}.0`)}`, "=~");
}

function histogramBase(metric: string): string {
  const base = metric.replace(/_(bucket|count|sum)$/, "");
  if (!isValidMetricName(base)) throw new RangeError(`invalid metric name "${metric}"`);
  return base;
}

function checkSelector(labels: Selector, what: string): void {
  if ("le" in labels) throw new RangeError(`${what} must not match on "le": the threshold sets it`);
}

/** Bad events / total, 0 at zero traffic or when the bad selector matches nothing. */
function badRatio(bad: string, total: string): string {
  return `((${bad}) / ((${total}) > 0)) or ((${total}) * 0)`;
}

/** 1 − good / total, 0 at zero traffic, 1 when the good selector matches nothing. */
function goodRatioComplement(good: string, total: string): string {
  return `(1 - (((${good}) / ((${total}) > 0)) or (((${total}) > 0) * 0))) or ((${total}) * 0)`;
}

interface Parts {
  good?: string;
  bad?: string;
  total: string;
  /** the events are not per second (availability counts scrapes over the window) */
  perWindow?: boolean;
}

function parts(slo: SloQuerySpec, window: string): Parts {
  const sli = slo.sli;
  switch (sli.kind) {
    case "ratio":
      return { bad: substituteWindow(sli.errorQuery, window), total: substituteWindow(sli.totalQuery, window) };
    case "ratio-good":
      return { good: substituteWindow(sli.goodQuery, window), total: substituteWindow(sli.totalQuery, window) };
    case "latency": {
      checkSelector(sli.selector, "latency selector");
      const base = histogramBase(sli.metric);
      promDurationSeconds(window);
      return {
        good: `sum(rate(${base}_bucket${selector(sli.selector, [leMatcher(sli.thresholdSeconds)])}[${window}]))`,
        total: `sum(rate(${base}_count${selector(sli.selector)}[${window}]))`,
      };
    }
    case "availability": {
      promDurationSeconds(window);
      // `up` is 0 or 1 per scrape: successful scrapes / scrapes, pooled over the
      // targets. For one target this is avg_over_time(up[w]) exactly.
      const sel = selector(sli.upSelector);
      return {
        good: `sum(sum_over_time(up${sel}[${window}]))`,
        total: `sum(count_over_time(up${sel}[${window}]))`,
        perWindow: true,
      };
    }
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
 * - availability: 1 − sum_over_time(up{…}) / count_over_time(up{…}), i.e.
 *   1 − avg_over_time(up{…}[w]) pooled over the matching targets by scrape.
 */
export function errorRatioQuery(slo: SloQuerySpec, window: string): string {
  const p = parts(slo, window);
  return p.bad !== undefined ? badRatio(p.bad, p.total) : goodRatioComplement(p.good as string, p.total);
}

/** Total events per second over `window` (for availability: scrapes per second). */
export function totalRateQuery(slo: SloQuerySpec, window: string): string {
  const p = parts(slo, window);
  return p.perWindow ? `(${p.total}) / ${promDurationSeconds(window)}` : p.total;
}

/**
 * Bad events per second over `window`: 0 (not empty) when the bad selector matches
 * nothing, good events missing count as all bad. Multiply by the step for counts per
 * step (the `errors` of compliance points). May dip a hair below 0 when good and
 * total extrapolate differently; the math sanitises that.
 */
export function badRateQuery(slo: SloQuerySpec, window: string): string {
  const p = parts(slo, window);
  const bad = p.bad !== undefined ? `(${p.bad}) or ((${p.total}) * 0)` : `(${p.total}) - ((${p.good}) or ((${p.total}) * 0))`;
  return p.perWindow ? `(${bad}) / ${promDurationSeconds(window)}` : bad;
}

/**
 * The selector of the Sloth-named recording rules generated for this SLO. By the
 * console's convention `sloth_id` is the SLO's name (Sloth's own CLI uses
 * "<service>-<name>"); `sloth_service`/`sloth_slo` are carried too but not matched.
 */
export function slothSelector(slo: Pick<SloQuerySpec, "name">): string {
  return `{${labelMatcher("sloth_id", slo.name)}}`;
}

/**
 * Error ratio from the recording rule `slo:sli_error:ratio_rate<window>`: milliseconds
 * instead of seconds for long windows. Sloth's rules divide without a guard and
 * record NaN at zero traffic; `(r >= 0) or (r >= bool 0)` reads NaN (and the tiny
 * negatives of a good/total rule) back as 0 with the series' labels.
 */
export function recordedErrorRatioQuery(slo: Pick<SloQuerySpec, "name">, window: string): string {
  promDurationSeconds(window);
  const series = `slo:sli_error:ratio_rate${window}${slothSelector(slo)}`;
  return `(${series} >= 0) or (${series} >= bool 0)`;
}

/**
 * The recorded query when the rule for this window exists (`recordedWindows`, e.g.
 * from /api/v1/rules), otherwise raw data.
 */
export function sloErrorRatioQuery(
  slo: SloQuerySpec,
  window: string,
  recordedWindows: ReadonlySet<string> | readonly string[],
): { query: string; source: "recorded" | "raw" } {
  const has = recordedWindows instanceof Set ? recordedWindows.has(window) : (recordedWindows as readonly string[]).includes(window);
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
 * period; Sloth computes it as the mean of the 5-minute ratios, so every 5 minutes
 * weigh the same), `raw` computes E from the events themselves (every request
 * weighs the same; see rawCostNote). With uneven traffic the two differ slightly.
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
    "which takes seconds on a busy Prometheus (Pyrra users measured 95 s for 12 weeks). " +
    "Recording rules (slo:sli_error:ratio_rate<window>) answer the same in milliseconds."
  );
}
