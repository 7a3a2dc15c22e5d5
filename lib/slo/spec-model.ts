/**
 * The console's SLO type (SloSpec) and what is derived from it alone: the SLO id,
 * `{{.window}}` queries and their check, the queries of latency and availability
 * SLIs, the SLI as Sloth spells it, Go's %g for numbers in rules, and the
 * multi-window multi-burn-rate alert table. Pure.
 */
import { checkPromQL } from "@/lib/promql/check";
import { escapeLabelValue, labelMatcher } from "@/lib/promql/escape";

export type SloWindow =
  | { kind: "rolling"; days: 7 | 28 | 30 }
  /** Calendar month or quarter; rules use the longest one (31d, 92d), see periodDays. */
  | { kind: "calendar"; unit: "month" | "quarter"; timeZone?: string };

/**
 * What counts as an error. Queries use Sloth's `{{.window}}` placeholder for the range.
 * `raw` is Sloth's and OpenSLO's precomputed error ratio (0..1).
 */
export type SloSli =
  | { kind: "ratio"; errorQuery: string; totalQuery: string }
  | { kind: "ratio-good"; goodQuery: string; totalQuery: string }
  /** Share of requests faster than the threshold: <metric>_bucket{le=threshold} / <metric>_count. */
  | { kind: "latency"; metric: string; thresholdSeconds: number; selector: Record<string, string> }
  /** Share of failed scrapes of up{...}. */
  | { kind: "availability"; upSelector: Record<string, string> }
  | { kind: "raw"; errorRatioQuery: string };

export interface SloTiers {
  fast: boolean;
  slow: boolean;
}

export interface SloAlerting {
  /** Alert name of every generated alert (Sloth's alerting.name). */
  name: string;
  pageTiers: SloTiers;
  ticketTiers: SloTiers;
  /** Labels of every alert (Sloth's alerting.labels). */
  labels?: Record<string, string>;
  pageLabels: Record<string, string>;
  ticketLabels: Record<string, string>;
  /** Annotations of every alert; they override the generated summary/title. */
  annotations: Record<string, string>;
  pageAnnotations?: Record<string, string>;
  ticketAnnotations?: Record<string, string>;
  /** Written as the `runbook_url` annotation. */
  runbook?: string;
}

export interface SloSpec {
  /** Sloth's SLO name, e.g. "requests-availability"; the SLO id is `<service>-<name>`. */
  name: string;
  service: string;
  description?: string;
  owner?: string;
  labels: Record<string, string>;
  /** Percent, e.g. 99.9. */
  objective: number;
  window: SloWindow;
  sli: SloSli;
  alerting: SloAlerting;
}

export interface SpecError {
  /** Where in the input, e.g. `slos[0].objective`; "" for the file as a whole. */
  path: string;
  message: string;
  line?: number;
}

export type SpecResult = { ok: true; slos: SloSpec[] } | { ok: false; errors: SpecError[] };

// ---------------------------------------------------------------- shared rules

/** Sloth's name rule for services and SLO names (internal/prometheus/model.go). */
export const SLO_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$/;

/** Labels the generated rules set themselves; a user label of that name would break them. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set([
  "sloth_id",
  "sloth_service",
  "sloth_slo",
  "sloth_window",
  "sloth_severity",
  "sloth_mode",
  "sloth_spec",
  "sloth_version",
  "sloth_objective",
  "slo_tier",
]);

export const DEFAULT_WINDOW: SloWindow = { kind: "rolling", days: 30 };
const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;

/** The SLO id Sloth uses in its labels and group names. */
export function sloId(slo: Pick<SloSpec, "service" | "name">): string {
  return `${slo.service}-${slo.name}`;
}

/** A query with its `{{.window}}` placeholders replaced by a range such as "5m". */
export function renderWindow(query: string, window: string): string {
  return query.replace(WINDOW_PLACEHOLDER, window);
}

/** Why a `{{.window}}` query cannot be used, or undefined. */
export function queryProblem(query: string): string | undefined {
  if (query.trim() === "") return "expected a PromQL query";
  if (!new RegExp(WINDOW_PLACEHOLDER.source).test(query)) {
    return "expected the {{.window}} placeholder for the range, e.g. sum(rate(http_requests_total[{{.window}}]))";
  }
  const rendered = renderWindow(query, "5m");
  if (rendered.includes("{{")) return "only the {{.window}} placeholder is supported";
  const problem = promqlError(rendered);
  if (problem) return `does not parse (with {{.window}} = 5m): ${problem.message} at character ${problem.from + 1}`;
  return undefined;
}

/**
 * checkPromQL's first error, if it persists over three checks. lib/promql/check.ts
 * type-checks the tree the editor state parsed at creation, within a 20 ms budget and
 * over at most the first 3000 characters; when that budget runs out (a loaded machine,
 * about 1 in 1000 calls here) it reports a type error in a valid query.
 */
function promqlError(expr: string) {
  let problem;
  for (let attempt = 0; attempt < 3; attempt++) {
    problem = checkPromQL(expr).find((p) => p.severity === "error");
    if (!problem) return undefined;
  }
  return problem;
}

/** `{a="x",b="y"}` with the values escaped; "" for no matchers. */
export function labelSelector(matchers: Record<string, string>, extra: string[] = []): string {
  const parts = [...Object.entries(matchers).map(([k, v]) => labelMatcher(k, v)), ...extra];
  return parts.length ? `{${parts.join(",")}}` : "";
}

/**
 * The `le` matcher of a bucket. Go clients write the bound 1 as "1", Prometheus 3
 * normalises classic histograms to "1.0": whole numbers match both.
 */
function leMatcher(seconds: number): string {
  const text = formatGoFloat(seconds);
  return Number.isInteger(seconds) ? `le=~"${text}(\\\\.0)?"` : `le="${escapeLabelValue(text)}"`;
}

/** Good and total queries of a latency SLI, with the `{{.window}}` placeholder. */
export function latencyQueries(sli: Extract<SloSli, { kind: "latency" }>): { good: string; total: string } {
  return {
    good: `sum(rate(${sli.metric}_bucket${labelSelector(sli.selector, [leMatcher(sli.thresholdSeconds)])}[{{.window}}]))`,
    total: `sum(rate(${sli.metric}_count${labelSelector(sli.selector)}[{{.window}}]))`,
  };
}

/** Error ratio of an availability SLI: the share of failed scrapes. */
export function availabilityQuery(sli: Extract<SloSli, { kind: "availability" }>): string {
  return `1 - avg(avg_over_time(up${labelSelector(sli.upSelector)}[{{.window}}]))`;
}

export type SlothSli = { events: { error_query: string; total_query: string } } | { raw: { error_ratio_query: string } };

/**
 * The SLI as Sloth spells it. Good/total SLIs become an error query `total - good`,
 * and a missing good series counts as no good events (`or total`), so a total outage
 * is not read as "no errors".
 */
export function slothSliOf(sli: SloSli): SlothSli {
  switch (sli.kind) {
    case "ratio":
      return { events: { error_query: sli.errorQuery, total_query: sli.totalQuery } };
    case "ratio-good":
      return { events: { error_query: `(${sli.totalQuery}) - (${sli.goodQuery}) or (${sli.totalQuery})`, total_query: sli.totalQuery } };
    case "latency": {
      const q = latencyQueries(sli);
      return { events: { error_query: `(${q.total}) - (${q.good}) or (${q.total})`, total_query: q.total } };
    }
    case "availability":
      return { raw: { error_ratio_query: availabilityQuery(sli) } };
    case "raw":
      return { raw: { error_ratio_query: sli.errorRatioQuery } };
  }
}

/**
 * Go's `%g` (strconv 'g', shortest): Sloth writes every number in its rules this way,
 * e.g. 0.9990000000000001, 1e-05.
 */
export function formatGoFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return "0";
  const [mantissa, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  const sign = x < 0 ? "-" : "";
  // %e when the exponent is below -4 or, for the shortest precision, at least 6 (Go's strconv).
  if (exp < -4 || exp >= 6) {
    const e = `${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}e${e}`;
  }
  return sign + fixedDigits(digits, exp);
}

function fixedDigits(digits: string, exp: number): string {
  if (exp < 0) return `0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return digits + "0".repeat(exp + 1 - digits.length);
  return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

// ---------------------------------------------------------------- the alert table

export type AlertTier = "page-fast" | "page-slow" | "ticket-fast" | "ticket-slow";

export interface TierWindows {
  tier: AlertTier;
  severity: "page" | "ticket";
  /** Share of the period's error budget the tier alerts on, in percent. */
  budgetPercent: number;
  shortSeconds: number;
  longSeconds: number;
  /** Burn-rate threshold: budgetPercent · P / long window. */
  factor: number;
}

export const H = 3600;
export const D = 24 * H;

/**
 * Multi-window multi-burn-rate table. For every period but 7d: the Google SRE
 * workbook's (ch. 5, "Alerting on SLOs", recommended parameters), exactly as Sloth
 * ships it (internal/alert/windows/google-30d.yaml and google-28d.yaml): 2% of the
 * budget in 1h (short 5m), 5% in 6h (30m), 10% in 1d (2h), 10% in 3d (6h); the
 * threshold scales with the period P (14.4/6/3/1 for 30d, 13.44/5.6/2.8/0.93 for 28d).
 * For 7d the same percentages would give a ticket threshold of 0.23, firing while the
 * SLO is met, so 7d uses the table Sloth publishes for it (examples/windows/7d.yaml:
 * 8%, 12.5%, 20%, 42%; thresholds 13.44/3.5/1.4/0.98).
 */
const WORKBOOK_TABLE: ReadonlyArray<[AlertTier, number, number, number]> = [
  ["page-fast", 2, 5 * 60, H],
  ["page-slow", 5, 30 * 60, 6 * H],
  ["ticket-fast", 10, 2 * H, D],
  ["ticket-slow", 10, 6 * H, 3 * D],
];
const SLOTH_7D_TABLE: ReadonlyArray<[AlertTier, number, number, number]> = [
  ["page-fast", 8, 5 * 60, H],
  ["page-slow", 12.5, 30 * 60, 6 * H],
  ["ticket-fast", 20, 2 * H, D],
  ["ticket-slow", 42, 6 * H, 3 * D],
];

/** Days in the SLO period. A calendar month counts as 31 days and a quarter as 92 (the longest ones). */
export function periodDays(window: SloWindow): number {
  if (window.kind === "rolling") return window.days;
  return window.unit === "month" ? 31 : 92;
}

/** The four alert tiers for a period, thresholds computed as Sloth does (internal/alert/window.go). */
export function burnRateTiers(window: SloWindow): TierWindows[] {
  const days = periodDays(window);
  const table = days === 7 ? SLOTH_7D_TABLE : WORKBOOK_TABLE;
  return table.map(([tier, budgetPercent, shortSeconds, longSeconds]) => ({
    tier,
    severity: tier.startsWith("page") ? "page" : "ticket",
    budgetPercent,
    shortSeconds,
    longSeconds,
    // Same operation order as Sloth's getBurnRateFactor, so the floats are identical.
    factor: (budgetPercent * (days * 24)) / 100 / (longSeconds / H),
  }));
}

export function tierEnabled(alerting: SloAlerting, tier: AlertTier): boolean {
  const tiers = tier.startsWith("page") ? alerting.pageTiers : alerting.ticketTiers;
  return tier.endsWith("fast") ? tiers.fast : tiers.slow;
}
