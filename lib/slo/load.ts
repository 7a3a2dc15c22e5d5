import "server-only";
import { getConfig } from "@/lib/config";
import { allRuleGroups } from "@/lib/prometheus/rules";
import type { InstantSeries } from "@/lib/prometheus/types";
import { formatDuration } from "@/lib/promql/time-range";
import { cachedInstant, cachedRange } from "@/lib/query/run";
import { describeFailure } from "@/lib/upstream/errors";
import { calendarPeriods, monthlyCompliance, type ComplianceRow } from "./compliance";
import { alertState, budgetBurnDown, budgetConsumed, burnRate, errorBudget, remainingBudget, timeToExhaustion, toJsonNumber, type CountStep } from "./math";
import { labelMatcher } from "@/lib/promql/escape";
import { badRateQuery, promDurationSeconds, rawCostNote, recordedPeriodQuery, sloErrorRatioQuery, SLOTH_WINDOWS, totalRateQuery } from "./queries";
import { burnRateTiers, periodDays, sloId, type AlertTier, type SloSpec } from "./spec";
import type { SloRow } from "./store";

/**
 * What the SLO board and an SLO's page show, read from Prometheus: attained SLI,
 * remaining budget, burn rates per tier, time to exhaustion, alert state, burn-down,
 * burn-rate history and calendar-month compliance. Long windows read the SLO's
 * recording rules when Prometheus has them, raw data otherwise (with a note).
 */

export interface SloStatus {
  id: string;
  name: string;
  service: string;
  objective: number;
  window: string;
  /** fraction 0..1; null when Prometheus has no data at all for the SLI */
  attained: number | null;
  /** fraction of the window's budget left (negative = overspent); null = unbounded */
  remaining: number | null;
  /** burn rate over the last hour */
  burnRate: number | null;
  /** seconds until the budget is gone at the current burn rate; null = not burning */
  exhaustsInSeconds: number | null;
  noTraffic: boolean;
  alert: { severity: "page" | "ticket" | "none"; firing: AlertTier[]; unknown: AlertTier[] };
  source: "recorded" | "raw";
  note?: string;
  error?: string;
}

function windowOf(spec: SloSpec, now: Date): { window: string; seconds: number; label: string } {
  if (spec.window.kind === "rolling") {
    return { window: `${spec.window.days}d`, seconds: spec.window.days * 86_400, label: `rolling ${spec.window.days} days` };
  }
  const [period] = calendarPeriods(now, 1, spec.window.unit, spec.window.timeZone ?? "UTC");
  const seconds = Math.max(300, Math.floor((now.getTime() - period!.start.getTime()) / 1000));
  return { window: `${seconds}s`, seconds, label: `calendar ${spec.window.unit} ${period!.label} so far` };
}

/** A representative value of an instant result: the worst (largest) when several series come back. */
function worst(series: InstantSeries[]): number | undefined {
  const values = series.map((s) => Number(s.value[1])).filter((v) => Number.isFinite(v));
  return values.length ? Math.max(...values) : undefined;
}

// the queries derive the sloth_id label (service-name) from the spec themselves
const querySpec = (spec: SloSpec) => spec as Parameters<typeof sloErrorRatioQuery>[0];

/** Windows of each SLO's recorded `slo:sli_error:ratio_rate<w>` rules, by sloth_id (with the group's interval under the key "@interval"). */
async function recordedWindows(signal?: AbortSignal): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const intervals = new Map<string, number>();
  try {
    const groups = await allRuleGroups(getConfig().prometheus, { type: "record", excludeAlerts: true }, signal);
    for (const r of groups.flatMap((g) => g.rules)) {
      const m = /^slo:sli_error:ratio_rate(.+)$/.exec(r.name);
      const id = r.labels?.sloth_id;
      if (m && id) out.set(id, (out.get(id) ?? new Set()).add(m[1]!));
    }
    for (const g of groups) for (const r of g.rules) if (r.labels?.sloth_id) intervals.set(r.labels.sloth_id, g.interval || 60);
    for (const [id, set] of out) set.add(`@interval=${intervals.get(id) ?? 60}`);
  } catch {
    // no rules API (or down): everything is read from raw data, each panel says so
  }
  return out;
}

/**
 * Recorded windows whose recording rules have existed long enough to cover them:
 * right after the rules are pushed, a 30-day recording holds minutes of data and
 * would misstate the window, so such windows are read from raw data until covered.
 */
async function coveredWindows(spec: SloSpec, recorded: Set<string>, instant: (q: string) => Promise<InstantSeries[]>): Promise<Set<string>> {
  const windows = [...recorded].filter((w) => !w.startsWith("@"));
  if (windows.length === 0) return new Set();
  const interval = Number([...recorded].find((w) => w.startsWith("@interval="))?.split("=")[1] ?? 60);
  const longest = Math.max(...windows.map((w) => promDurationSeconds(w)));
  const samples = worst(await instant(`count_over_time(slo:sli_error:ratio_rate5m{${labelMatcher("sloth_id", sloId(spec))}}[${formatDuration(longest)}])`)) ?? 0;
  const history = samples * interval;
  return new Set(windows.filter((w) => promDurationSeconds(w) <= history * 1.05));
}

export async function sloStatus(row: SloRow, allRecorded: Set<string>, now = new Date(), signal?: AbortSignal): Promise<SloStatus> {
  const spec = row.spec;
  const w = windowOf(spec, now);
  const base = { id: row.id, name: row.name, service: spec.service, objective: spec.objective, window: w.label };
  try {
    const cfg = getConfig().prometheus;
    const qs = querySpec(spec);
    const t = Math.floor(now.getTime() / 1000 / 15) * 15;
    const instant = (q: string) => cachedInstant(cfg, q, t, 15_000, signal).then((r) => r.data);
    const recorded = await coveredWindows(spec, allRecorded, instant);
    const period = sloErrorRatioQuery(qs, w.window, recorded);
    const total = totalRateQuery(qs, w.window);
    const tiers = burnRateTiers(spec.window);
    const windows = [...new Set([...SLOTH_WINDOWS, ...tiers.flatMap((x) => [formatDuration(x.shortSeconds), formatDuration(x.longSeconds)])])];
    // A recorded period is read as it is first (milliseconds); only a NaN there needs
    // the NaN-safe form with its subquery.
    const periodRead = async () => {
      if (period.source !== "recorded") return instant(period.query);
      const plain = await instant(recordedPeriodQuery(qs, w.window));
      return plain.length && plain.every((x) => Number.isFinite(Number(x.value[1]))) ? plain : instant(period.query);
    };
    const [periodRatio, totalRate, ...burns] = await Promise.all([
      periodRead(),
      total ? instant(total) : Promise.resolve(undefined),
      ...windows.map((win) => instant(sloErrorRatioQuery(qs, win, recorded).query)),
    ]);
    const ratio = worst(periodRatio);
    const noTraffic = totalRate !== undefined && (worst(totalRate) ?? 0) === 0;
    const burnByWindow: Record<string, number> = {};
    windows.forEach((win, i) => {
      const r = worst(burns[i] ?? []);
      if (r !== undefined) burnByWindow[win] = burnRate(r, spec.objective);
    });
    const remaining = ratio === undefined ? undefined : remainingBudget(ratio, spec.objective);
    const burn1h = burnByWindow["1h"];
    const state = alertState(burnByWindow, tiers, spec.alerting);
    const exhausts = remaining !== undefined && burn1h !== undefined ? timeToExhaustion(remaining, burn1h, periodDays(spec.window) * 86_400) : undefined;
    return {
      ...base,
      attained: ratio === undefined ? null : 1 - ratio,
      remaining: remaining === undefined ? null : toJsonNumber(remaining),
      burnRate: burn1h === undefined ? null : toJsonNumber(burn1h),
      exhaustsInSeconds: exhausts === undefined ? null : toJsonNumber(exhausts),
      noTraffic,
      alert: { severity: state.severity, firing: state.firing, unknown: state.unknown },
      source: period.source,
      note: period.source === "raw" && w.seconds > 86_400 ? rawCostNote(w.seconds / 86_400) : undefined,
    };
  } catch (err) {
    return { ...base, attained: null, remaining: null, burnRate: null, exhaustsInSeconds: null, noTraffic: false, alert: { severity: "none", firing: [], unknown: [] }, source: "raw", error: describeFailure(err).message };
  }
}

export async function loadBoard(rows: SloRow[], signal?: AbortSignal): Promise<SloStatus[]> {
  const recorded = await recordedWindows(signal);
  return Promise.all(rows.map((r) => sloStatus(r, recorded.get(sloId(r.spec)) ?? new Set(), new Date(), signal)));
}

export interface SloDetail {
  status: SloStatus;
  /** remaining budget fraction over the window, per step (null = unbounded) */
  burnDown: [number, number | null][];
  /** burn rate per tier window over the last 2 days, with the tier thresholds */
  burnRates: { tier: AlertTier; factor: number; enabled: boolean; long: string; short: string; points: { long: [number, number | null][]; short: [number, number | null][] } }[];
  compliance: ComplianceRow[];
  range: { start: number; end: number; step: number };
  errors: string[];
}

async function counts(spec: SloSpec, start: number, end: number, step: number, signal?: AbortSignal): Promise<CountStep[]> {
  const cfg = getConfig().prometheus;
  const qs = querySpec(spec);
  const win = formatDuration(step);
  const bad = badRateQuery(qs, win);
  const total = totalRateQuery(qs, win);
  if (!bad || !total) return [];
  const [b, tot] = await Promise.all([cachedRange(cfg, { query: `sum(${bad})`, start, end, step }, signal), cachedRange(cfg, { query: `sum(${total})`, start, end, step }, signal)]);
  const badAt = new Map((b.data[0]?.values ?? []).map(([t, v]) => [t, Number(v)]));
  return (tot.data[0]?.values ?? []).map(([t, v]): CountStep => [t, Math.max(0, (badAt.get(t) ?? 0) * step), Math.max(0, Number(v) * step)]);
}

export async function loadDetail(row: SloRow, signal?: AbortSignal): Promise<SloDetail> {
  const spec = row.spec;
  const now = new Date();
  const allRecorded = (await recordedWindows(signal)).get(sloId(spec)) ?? new Set<string>();
  const status = await sloStatus(row, allRecorded, now, signal);
  const tNow = Math.floor(now.getTime() / 1000 / 15) * 15;
  const recorded = await coveredWindows(spec, allRecorded, (q) => cachedInstant(getConfig().prometheus, q, tNow, 15_000, signal).then((r) => r.data));
  const errors: string[] = [];
  const w = windowOf(spec, now);
  const end = Math.floor(now.getTime() / 1000 / 300) * 300;
  // Budget burn-down over the window, hourly (or 5-minutely for windows under 2 days).
  const step = w.seconds > 2 * 86_400 ? 3600 : 300;
  const start = end - Math.ceil(w.seconds / step) * step;
  let burnDown: SloDetail["burnDown"] = [];
  let steps: CountStep[] = [];
  try {
    steps = await counts(spec, start, end, step, signal);
    burnDown = budgetBurnDown(steps, spec.objective).points;
  } catch (err) {
    errors.push(`burn-down: ${describeFailure(err).message}`);
  }
  // Burn rate per tier over the last two days.
  const cfg = getConfig().prometheus;
  const qs = querySpec(spec);
  const rStart = end - 2 * 86_400;
  const budget = errorBudget(spec.objective);
  const series = async (win: string): Promise<[number, number | null][]> => {
    const r = await cachedRange(cfg, { query: sloErrorRatioQuery(qs, win, recorded).query, start: rStart, end, step: 300 }, signal);
    const first = r.data[0];
    return (first?.values ?? []).map(([t, v]) => [t, budget > 0 ? toJsonNumber(Number(v) / budget) : null]);
  };
  const tiers = burnRateTiers(spec.window);
  const burnRates = await Promise.all(
    tiers.map(async (tier) => {
      const long = formatDuration(tier.longSeconds);
      const short = formatDuration(tier.shortSeconds);
      const enabled = (tier.severity === "page" ? spec.alerting.pageTiers : spec.alerting.ticketTiers)[tier.tier.endsWith("fast") ? "fast" : "slow"];
      try {
        const [l, s] = await Promise.all([series(long), series(short)]);
        return { tier: tier.tier, factor: tier.factor, enabled, long, short, points: { long: l, short: s } };
      } catch (err) {
        errors.push(`burn rate ${tier.tier}: ${describeFailure(err).message}`);
        return { tier: tier.tier, factor: tier.factor, enabled, long, short, points: { long: [], short: [] } };
      }
    }),
  );
  // Calendar months: the last 12, or since data begins; hourly counts.
  let compliance: ComplianceRow[] = [];
  try {
    const periods = calendarPeriods(now, 12, "month", spec.window.kind === "calendar" ? (spec.window.timeZone ?? "UTC") : "UTC");
    const cStart = Math.floor(periods[0]!.start.getTime() / 1000 / 3600) * 3600;
    const hourly: CountStep[] = [];
    // Prometheus allows 11,000 points per query: fetch in chunks of 400 days max (9,600 hours).
    for (let s = cStart; s < end; s += 9_600 * 3600) hourly.push(...(await counts(spec, s, Math.min(end, s + 9_599 * 3600), 3600, signal)));
    compliance = monthlyCompliance(
      hourly.map(([t, e, tot]) => ({ t, errors: e, total: tot })),
      spec.objective,
      periods,
      { stepSeconds: 3600 },
    );
  } catch (err) {
    errors.push(`monthly compliance: ${describeFailure(err).message}`);
  }
  return { status, burnDown, burnRates, compliance, range: { start, end, step }, errors };
}

export interface SloPeriodFigure {
  id: string;
  name: string;
  service: string;
  objective: number;
  /** the SLI attained over the period (1 − error ratio), null without data */
  attained: number | null;
  /** share of the period's error budget the period consumed (1 = all of it) */
  budgetConsumed: number | null;
  met: boolean | null;
  source: "recorded" | "raw";
  query: string;
  error?: string;
}

/**
 * An SLO over a past period [end − seconds, end): the error ratio of the whole period
 * at its end, from the SLO's recording rule when Prometheus records that window and
 * the rule covered it then, from raw events otherwise. The reviews' SLO figures.
 */
export async function sloOverPeriod(rows: SloRow[], end: number, seconds: number, signal?: AbortSignal): Promise<SloPeriodFigure[]> {
  const recordedAll = await recordedWindows(signal);
  const cfg = getConfig().prometheus;
  const instant = (q: string) => cachedInstant(cfg, q, end, 300_000, signal).then((r) => r.data);
  return Promise.all(
    rows.map(async (row): Promise<SloPeriodFigure> => {
      const spec = row.spec;
      const base = { id: row.id, name: row.name, service: spec.service, objective: spec.objective };
      const q = sloErrorRatioQuery(querySpec(spec), formatDuration(seconds), await coveredWindows(spec, recordedAll.get(sloId(spec)) ?? new Set(), instant).catch(() => new Set<string>()));
      try {
        const ratio = worst(await instant(q.query));
        const consumed = ratio === undefined ? undefined : toJsonNumber(budgetConsumed(ratio, spec.objective));
        return { ...base, attained: ratio === undefined ? null : 1 - ratio, budgetConsumed: consumed ?? null, met: ratio === undefined ? null : 1 - ratio >= spec.objective / 100, source: q.source, query: q.query };
      } catch (err) {
        return { ...base, attained: null, budgetConsumed: null, met: null, source: q.source, query: q.query, error: describeFailure(err).message };
      }
    }),
  );
}
