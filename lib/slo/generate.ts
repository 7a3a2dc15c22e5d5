import { stringify } from "yaml";
import { escapeLabelValue } from "@/lib/promql/escape";
import {
  availabilityQuery,
  burnRateTiers,
  formatGoFloat,
  latencyQueries,
  periodDays,
  renderWindow,
  slothSliOf,
  sloId,
  tierEnabled,
  type AlertTier,
  type SloSpec,
  type TierWindows,
} from "./spec";

/**
 * Prometheus rules for an SLO, in Sloth's layout and naming (slok/sloth,
 * internal/prometheus/recording_rules.go and alert_rules.go), so Sloth's Grafana
 * dashboards and anyone's queries on `slo:*` series keep working:
 *
 * - group `sloth-slo-sli-recordings-<id>`: `slo:sli_error:ratio_rate<w>` for the alert
 *   windows 5m, 30m, 1h, 2h, 6h, 1d, 3d, and for the period (e.g. `_rate30d`, `_rate4w`
 *   for 28 days: Prometheus' duration format, as Sloth names it), the period one
 *   averaged from the 5m series (sum_over_time / count_over_time) instead of a raw
 *   30-day range;
 * - group `sloth-slo-meta-recordings-<id>`: `slo:objective:ratio`,
 *   `slo:error_budget:ratio`, `slo:time_period:days`, `slo:current_burn_rate:ratio`,
 *   `slo:period_burn_rate:ratio`, `slo:period_error_budget_remaining:ratio`,
 *   `sloth_slo_info`; all carry `sloth_id`, `sloth_service`, `sloth_slo`;
 * - group `sloth-slo-alerts-<id>`: multi-window multi-burn-rate alerts from the table in
 *   burnRateTiers (Google SRE workbook, as Sloth ships it for 30d/28d; Sloth's 7d table
 *   for 7 days): a tier fires when the error ratio over its long AND its short window
 *   (1/12 of the long one) exceed factor × error budget.
 *
 * Two styles. "sloth" reproduces Sloth's output for the same SLO (as toSlothSpec writes
 * it): a test compares it with Sloth's published example. "console" (the default) differs
 * on purpose:
 * - Zero traffic gives an error ratio of 0, not NaN: "no requests means no errors"
 *   (DOMAIN.md). Sloth divides error by total, so 0/0 = NaN at zero traffic, and one
 *   NaN 5m sample turns the 30-day average, the period burn rate and the remaining
 *   budget into NaN for 30 days. Here the ratio is `(E) / ((T) > 0) or 0 * (T)`: the
 *   division only where there was traffic, and `0 * (T)` fills in a 0 for each series
 *   of the total, with the total's labels, where the division gave nothing: no traffic,
 *   or no error series at all (a 5xx counter that was never incremented does not
 *   exist). `or vector(0)` would not do: its 0 has no labels, so it matches nothing
 *   when the queries aggregate `by (…)`, and it would invent a series when the total
 *   itself is missing. A missing total still yields no series (not scraped is not the
 *   same as no traffic). In the period average, zero-traffic 5m samples count as
 *   error-free. Good/total SLIs take a missing good series as "no good events"
 *   (`(T) - (G) or (T)`), so an outage that stops all successes is not read as
 *   no errors. Cost: the total query is evaluated two to four times per window.
 * - Four alerts per SLO instead of Sloth's two (page = fast OR slow, ticket = fast OR
 *   slow): one per tier, each with a stable `slo_tier` label (page-fast, page-slow,
 *   ticket-fast, ticket-slow) besides Sloth's `sloth_severity` (page, ticket), so each
 *   tier can be turned off on its own and Alertmanager can mute the slower tiers while a
 *   faster one fires (inhibitRulesFor). Alerts get `severity` critical (page) or warning
 *   (ticket) unless the SLO sets one, and a description naming the tier's numbers.
 * - The period rule carries the SLO's labels, as Sloth does since v0.11.
 *
 * Calendar windows: the rules are rolling, over the longest period (31d for a month,
 * 92d for a quarter), so the alert thresholds and the recorded period budget never
 * assume more time than the calendar period has; compliance for a given calendar month
 * is a query over that month, not a rule. Pure.
 */

export interface GenerateOptions {
  style?: "console" | "sloth";
  /** Added to every SLO label set, like `sloth generate --extra-labels`. */
  extraLabels?: Record<string, string>;
  /** Labels of sloth_slo_info: sloth_version, sloth_mode, sloth_spec (the input format). */
  info?: { version?: string; mode?: string; spec?: string };
  /** Start the file with a comment saying what generated it and which table it uses (default true). */
  header?: boolean;
}

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

const WINDOW_LABEL = "sloth_window";
const CONSOLE_INFO = { version: "perfops-console", mode: "perfops-console", spec: "prometheus/v1" };
const TIER_ORDER: AlertTier[] = ["page-fast", "page-slow", "ticket-fast", "ticket-slow"];

/** A duration as Prometheus prints it (common/model Duration.String): 30d → "30d", 28d → "4w", 7d → "1w". */
export function promDuration(seconds: number): string {
  let ms = Math.round(seconds * 1000);
  if (ms === 0) return "0s";
  let out = "";
  const unit = (name: string, size: number, exact: boolean) => {
    if (exact && ms % size !== 0) return;
    const n = Math.floor(ms / size);
    if (n > 0) {
      out += `${n}${name}`;
      ms -= n * size;
    }
  };
  unit("y", 365 * 86_400_000, true);
  unit("w", 7 * 86_400_000, true);
  unit("d", 86_400_000, false);
  unit("h", 3_600_000, false);
  unit("m", 60_000, false);
  unit("s", 1000, false);
  unit("ms", 1, false);
  return out;
}

function sortedLabels(...maps: (Record<string, string> | undefined)[]): Record<string, string> {
  const merged: Record<string, string> = Object.assign({}, ...maps);
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]!]));
}

/** Sloth's label filter (prometheus LabelSet.String): `{a="x", b="y"}`, sorted. */
function labelFilter(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabelValue(labels[k]!)}"`);
  return `{${parts.join(", ")}}`;
}

function errorMetric(seconds: number): string {
  return `slo:sli_error:ratio_rate${promDuration(seconds)}`;
}

/** The SLI error-ratio expression for one window. */
function sliExpr(slo: SloSpec, window: string, style: "console" | "sloth"): string {
  if (style === "sloth") {
    const s = slothSliOf(slo.sli);
    if ("events" in s) return `(${renderWindow(s.events.error_query, window)})\n/\n(${renderWindow(s.events.total_query, window)})\n`;
    return `(${renderWindow(s.raw.error_ratio_query, window)})`;
  }
  const sli = slo.sli;
  let error: string;
  let total: string;
  switch (sli.kind) {
    case "availability":
      return `(${renderWindow(availabilityQuery(sli), window)})`;
    case "raw":
      return `(${renderWindow(sli.errorRatioQuery, window)})`;
    case "ratio":
      error = `(${sli.errorQuery})`;
      total = sli.totalQuery;
      break;
    case "ratio-good":
      error = `((${sli.totalQuery}) - (${sli.goodQuery}) or (${sli.totalQuery}))`;
      total = sli.totalQuery;
      break;
    case "latency": {
      const q = latencyQueries(sli);
      error = `((${q.total}) - (${q.good}) or (${q.total}))`;
      total = q.total;
      break;
    }
  }
  const t = renderWindow(total, window);
  return `${renderWindow(error, window)}\n/\n((${t}) > 0)\nor\n0 * (${t})\n`;
}

/** The rule groups of one SLO. */
export function ruleGroups(slo: SloSpec, opts: GenerateOptions = {}): RuleGroup[] {
  const style = opts.style ?? "console";
  const id = sloId(slo);
  const idLabels = { sloth_id: id, sloth_service: slo.service, sloth_slo: slo.name };
  const filter = labelFilter(idLabels);
  const sloLabels = { ...slo.labels, ...opts.extraLabels };
  const tiers = burnRateTiers(slo.window);
  const periodSeconds = periodDays(slo.window) * 86_400;
  const shortest = tiers.find((t) => t.tier === "page-fast")!.shortSeconds;

  // SLI error ratios: every alert window, ascending, then the period.
  const windows = [...new Set(tiers.flatMap((t) => [t.shortSeconds, t.longSeconds]))].sort((a, b) => a - b);
  const sliRules: Rule[] = windows.map((w) => ({
    record: errorMetric(w),
    expr: sliExpr(slo, promDuration(w), style),
    labels: sortedLabels(idLabels, { [WINDOW_LABEL]: promDuration(w) }, sloLabels),
  }));
  const period = promDuration(periodSeconds);
  sliRules.push({
    record: errorMetric(periodSeconds),
    expr: `sum_over_time(${errorMetric(shortest)}${filter}[${period}])\n/ ignoring (${WINDOW_LABEL})\ncount_over_time(${errorMetric(shortest)}${filter}[${period}])\n`,
    // Sloth 0.16 labels the period rule like every other SLI rule (older builds gave it only sloth_window)
    labels: sortedLabels(idLabels, { [WINDOW_LABEL]: period }, sloLabels),
  });

  // Metadata.
  const labels = sortedLabels(idLabels, sloLabels);
  const objectiveRatio = slo.objective / 100;
  const burnRate = (metric: string) =>
    `${metric}${filter}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${filter}\n`;
  const info = { ...CONSOLE_INFO, ...opts.info };
  const metaRules: Rule[] = [
    { record: "slo:objective:ratio", expr: `vector(${formatGoFloat(objectiveRatio)})`, labels },
    { record: "slo:error_budget:ratio", expr: `vector(1-${formatGoFloat(objectiveRatio)})`, labels },
    { record: "slo:time_period:days", expr: `vector(${formatGoFloat(periodSeconds / 86_400)})`, labels },
    { record: "slo:current_burn_rate:ratio", expr: burnRate(errorMetric(shortest)), labels },
    { record: "slo:period_burn_rate:ratio", expr: burnRate(errorMetric(periodSeconds)), labels },
    { record: "slo:period_error_budget_remaining:ratio", expr: `1 - slo:period_burn_rate:ratio${filter}`, labels },
    {
      record: "sloth_slo_info",
      expr: "vector(1)",
      labels: sortedLabels(
        labels,
        {
          sloth_version: info.version,
          sloth_mode: info.mode,
          sloth_spec: info.spec,
          sloth_objective: formatFixed(slo.objective),
        },
        slo.owner ? { owner: slo.owner } : undefined,
      ),
    },
  ];

  const alertRules = style === "sloth" ? slothAlerts(slo, tiers, filter) : consoleAlerts(slo, tiers, filter);
  const groups: RuleGroup[] = [
    { name: `sloth-slo-sli-recordings-${id}`, rules: sliRules },
    { name: `sloth-slo-meta-recordings-${id}`, rules: metaRules },
  ];
  if (alertRules.length) groups.push({ name: `sloth-slo-alerts-${id}`, rules: alertRules });
  return groups;
}

/** Go's strconv.FormatFloat(x, 'f', -1, 64), Sloth's format of sloth_objective. */
function formatFixed(x: number): string {
  const g = formatGoFloat(x);
  if (!g.includes("e")) return g;
  return x.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
}

function budgetRatio(slo: SloSpec): string {
  // (100 - objective) / 100, as Sloth computes it (not 1 - objective/100): same floats.
  return formatGoFloat((100 - slo.objective) / 100);
}

function condition(t: TierWindows, filter: string, budget: string, indent: string): string {
  const f = formatGoFloat(t.factor);
  return (
    `${indent}(${errorMetric(t.shortSeconds)}${filter} > (${f} * ${budget}))\n` +
    `${indent}and ignoring (${WINDOW_LABEL})\n` +
    `${indent}(${errorMetric(t.longSeconds)}${filter} > (${f} * ${budget}))\n`
  );
}

/** Sloth 0.16's form of a tier's condition: each side aggregated away from its window label. */
function slothCondition(t: TierWindows, filter: string, budget: string): string {
  const f = formatGoFloat(t.factor);
  const side = (seconds: number) => `    max(${errorMetric(seconds)}${filter} > (${f} * ${budget})) without (${WINDOW_LABEL})\n`;
  return `${side(t.shortSeconds)}    and\n${side(t.longSeconds)}`;
}

function title(severity: string): string {
  return `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`;
}

const SUMMARY = "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.";

/** Sloth's two alerts: page (page-fast OR page-slow), ticket (ticket-fast OR ticket-slow). */
function slothAlerts(slo: SloSpec, tiers: TierWindows[], filter: string): Rule[] {
  const a = slo.alerting;
  const budget = budgetRatio(slo);
  const rules: Rule[] = [];
  for (const severity of ["page", "ticket"] as const) {
    const on = tiers.filter((t) => t.severity === severity && tierEnabled(a, t.tier));
    if (on.length === 0) continue;
    rules.push({
      alert: a.name,
      expr: on.map((t) => `(\n${slothCondition(t, filter, budget)})\n`).join("or\n"),
      labels: sortedLabels({ sloth_severity: severity }, a.labels, severity === "page" ? a.pageLabels : a.ticketLabels),
      annotations: sortedLabels(
        { title: title(severity), summary: SUMMARY },
        a.annotations,
        a.runbook ? { runbook_url: a.runbook } : undefined,
        severity === "page" ? a.pageAnnotations : a.ticketAnnotations,
      ),
    });
  }
  return rules;
}

/**
 * How long each tier's condition must hold before it fires (Pyrra's choice for the
 * same four tiers): long enough to ride out one noisy evaluation, short against the
 * tier's windows. The alert is pending meanwhile, which the console shows. Sloth's
 * own layout (style "sloth") has none.
 */
export const TIER_FOR: Record<AlertTier, string> = { "page-fast": "2m", "page-slow": "15m", "ticket-fast": "1h", "ticket-slow": "3h" };

/** One alert per enabled tier, with a stable slo_tier label. */
function consoleAlerts(slo: SloSpec, tiers: TierWindows[], filter: string): Rule[] {
  const a = slo.alerting;
  const budget = budgetRatio(slo);
  const days = periodDays(slo.window);
  return tiers
    .filter((t) => tierEnabled(a, t.tier))
    .map((t) => {
      const page = t.severity === "page";
      const long = promDuration(t.longSeconds);
      const short = promDuration(t.shortSeconds);
      return {
        alert: a.name,
        expr: condition(t, filter, budget, ""),
        for: TIER_FOR[t.tier],
        labels: sortedLabels(
          { severity: page ? "critical" : "warning" },
          a.labels,
          page ? a.pageLabels : a.ticketLabels,
          { sloth_severity: t.severity, slo_tier: t.tier },
        ),
        annotations: sortedLabels(
          {
            title: title(t.severity),
            summary: SUMMARY,
            description:
              `Error ratio {{ $value | humanizePercentage }} over ${short}: the error budget burns faster than ${Number(t.factor.toPrecision(4))}x over both ${long} and ${short} ` +
              `(${formatGoFloat(t.budgetPercent)}% of the ${days}-day budget spent in ${long}; tier ${t.tier}).`,
          },
          a.annotations,
          page ? a.pageAnnotations : a.ticketAnnotations,
          a.runbook ? { runbook_url: a.runbook } : undefined,
        ),
      };
    });
}

const TABLE_SOURCE: Record<number, string> = {
  30: "Google SRE workbook table, as Sloth ships it (google-30d)",
  28: "Google SRE workbook table, as Sloth ships it (google-28d)",
  7: "Sloth's 7-day table (examples/windows/7d.yaml)",
};

function header(slos: SloSpec[], opts: GenerateOptions): string {
  const style = opts.style ?? "console";
  const lines = [
    "Code generated by Perfops Console (lib/slo/generate.ts). DO NOT EDIT.",
    `Layout and names as Sloth (github.com/slok/sloth) prometheus/v1${style === "sloth" ? ", Sloth's own expressions (NaN at zero traffic)" : ""}.`,
  ];
  for (const slo of slos) {
    const w = slo.window;
    const tiers = burnRateTiers(w);
    const period = periodDays(w);
    lines.push(
      `SLO ${sloId(slo)}: ${formatGoFloat(slo.objective)}% over ${w.kind === "rolling" ? `${w.days} rolling days` : `a calendar ${w.unit} (rules use ${period}d)`}.`,
      `  Alerts, multi-window multi-burn-rate: ${TABLE_SOURCE[period] ?? `Google SRE workbook budget shares, thresholds scaled to ${period}d`}:`,
      ...tiers.map(
        (t) =>
          `    ${t.tier.padEnd(11)} ${tierEnabled(slo.alerting, t.tier) ? "on " : "off"} ${formatGoFloat(t.budgetPercent)}% of the budget in ${promDuration(t.longSeconds)}: burn rate > ${Number(t.factor.toPrecision(4))} over ${promDuration(t.longSeconds)} and ${promDuration(t.shortSeconds)}`,
      ),
    );
  }
  if (style === "console") lines.push("Zero traffic counts as an error ratio of 0 (no requests, no errors).");
  return lines.map((l) => `# ${l}`).join("\n") + "\n";
}

/** One rule file with the groups of every SLO. */
export function generateRuleFile(slos: SloSpec[], opts: GenerateOptions = {}): string {
  const groups = slos.flatMap((slo) => ruleGroups(slo, opts));
  const body = stringify({ groups }, { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
  return (opts.header === false ? "" : header(slos, opts)) + body;
}

/** The Prometheus rule file (YAML) of one SLO. */
export function generateRules(slo: SloSpec, opts: GenerateOptions = {}): string {
  return generateRuleFile([slo], opts);
}

/**
 * An example Alertmanager `inhibit_rules` snippet for the console-style alerts of an
 * SLO: while a tier fires, every slower enabled tier of the same SLO is muted
 * (page-fast mutes page-slow and the tickets, page-slow the tickets, ticket-fast
 * ticket-slow). Uses Alertmanager's matcher syntax (v0.22+).
 */
export function inhibitRulesFor(slo: SloSpec): string {
  const id = sloId(slo);
  const on = TIER_ORDER.filter((t) => tierEnabled(slo.alerting, t));
  const rules = on
    .map((tier, i) => ({ tier, slower: on.slice(i + 1) }))
    .filter((r) => r.slower.length > 0)
    .map((r) => ({
      source_matchers: [`sloth_id="${escapeLabelValue(id)}"`, `slo_tier="${r.tier}"`],
      target_matchers: [r.slower.length === 1 ? `slo_tier="${r.slower[0]}"` : `slo_tier=~"${r.slower.join("|")}"`],
      equal: ["sloth_id"],
    }));
  const head = `# Alertmanager inhibit_rules for SLO ${id}: a firing burn-rate tier mutes the slower tiers of the same SLO.\n`;
  if (rules.length === 0) return `${head}# (fewer than two alert tiers are on: nothing to inhibit)\ninhibit_rules: []\n`;
  return head + stringify({ inhibit_rules: rules }, { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
}
