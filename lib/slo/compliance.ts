/**
 * Per calendar month / quarter compliance for SLA reviews (DOMAIN.md: "a calendar
 * month is not 30 days"; nobody offers this out of the box). Pure, no I/O.
 *
 * Definitions:
 * - A period is [start, end): local midnight of its first day to local midnight of
 *   the next period's first day, in the report's time zone. `days` counts calendar
 *   days (28–31 for a month, 90–92 for a quarter); across a DST change the period
 *   lasts an hour more or less than days × 24 h, and minutes use the real length.
 * - A point {t, errors, total} holds the events of the step that ENDS at t (what
 *   `increase(x[step])` evaluated at t returns), so it belongs to the period with
 *   start < t ≤ end: the point stamped 00:00 on the 1st belongs to the month before.
 *   Query with steps that divide the period boundaries (aligned in the same zone);
 *   otherwise the step that straddles a boundary counts wholly for the period its
 *   end falls in.
 * - Attainment is occurrence-based: 1 − Σ bad / Σ total over the period's points;
 *   "met" when attained ≥ objective (equality meets it; compared on counts with a
 *   1e-9 relative tolerance for float noise).
 * - "No data" (the period has no points at all: attained null) is not "no traffic"
 *   (points whose totals are all 0: attained 1, noTraffic true, met).
 * - A period is partial when it is still in progress (it contains the report's end)
 *   or when the data begins inside it ("since data begins"). Partial figures mean
 *   "if the period ended now".
 */

import { csvNumber, csvText } from "@/lib/format/csv";
import { attainment, errorBudget } from "./math";

export type PeriodUnit = "month" | "quarter";

export interface CalendarPeriod {
  /** "2026-11" for a month, "2026-Q4" for a quarter (in the report's time zone) */
  label: string;
  unit: PeriodUnit;
  /** first instant of the period */
  start: Date;
  /** first instant of the next period (exclusive) */
  end: Date;
  /** calendar days in the whole period */
  days: number;
  timeZone: string;
  /** contains the report's end: still in progress */
  current: boolean;
  /** evaluated up to: `end`, or the report's end for the current period */
  through: Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

interface Wall {
  year: number;
  month: number; // 0-based
  day: number;
  /** the wall-clock reading as if it were UTC, in ms */
  asUtc: number;
}

function wallClock(timeZone: string, ms: number): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const year = parts.year ?? 1970;
  const month = (parts.month ?? 1) - 1;
  const day = parts.day ?? 1;
  const asUtc = Date.UTC(year, month, day, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return { year, month, day, asUtc };
}

/** UTC offset of the zone at an instant, in ms (Berlin in summer: +7,200,000). */
function offsetAt(timeZone: string, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClock(timeZone, whole).asUtc - whole;
}

/**
 * The first instant of a calendar day in a zone. Usually local midnight; where
 * midnight falls in a DST gap (clocks jump 00:00 → 01:00), the instant of the jump;
 * where it repeats (25-hour night), the first of the two.
 */
function startOfDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month, day);
  const candidates = [...new Set([wall - offsetAt(timeZone, wall - 86_400_000), wall - offsetAt(timeZone, wall + 86_400_000)])].sort(
    (a, b) => a - b,
  );
  const exact = candidates.find((t) => wallClock(timeZone, t).asUtc === wall);
  if (exact !== undefined) return exact;
  // Midnight does not exist: the day starts when the clocks jump, which is the
  // later candidate (wall minus the offset before the jump).
  return candidates.at(-1) as number;
}

/** The last `count` calendar months or quarters, oldest first, ending with the one containing `end`. */
export function calendarPeriods(end: Date, count: number, unit: PeriodUnit, timeZone = "UTC"): CalendarPeriod[] {
  if (!(end instanceof Date) || Number.isNaN(end.getTime())) throw new RangeError("calendarPeriods: end is not a valid date");
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`calendarPeriods: count must be a whole number ≥ 0, got ${String(count)}`);
  if (unit !== "month" && unit !== "quarter") throw new RangeError(`calendarPeriods: unknown unit "${String(unit)}"`);
  const now = wallClock(timeZone, end.getTime());
  const months = unit === "month" ? 1 : 3;
  // Index of the current period's first month, counted in months since year 0.
  const currentIndex = now.year * 12 + Math.floor(now.month / months) * months;
  const periods: CalendarPeriod[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const first = currentIndex - i * months;
    const year = Math.floor(first / 12);
    const month = first - year * 12;
    const nextYear = Math.floor((first + months) / 12);
    const nextMonth = first + months - nextYear * 12;
    const start = startOfDay(year, month, 1, timeZone);
    const stop = startOfDay(nextYear, nextMonth, 1, timeZone);
    const label = unit === "month" ? `${year}-${String(month + 1).padStart(2, "0")}` : `${year}-Q${month / 3 + 1}`;
    periods.push({
      label,
      unit,
      start: new Date(start),
      end: new Date(stop),
      days: Math.round((Date.UTC(nextYear, nextMonth, 1) - Date.UTC(year, month, 1)) / 86_400_000),
      timeZone,
      current: i === 0,
      through: i === 0 ? new Date(end.getTime()) : new Date(stop),
    });
  }
  return periods;
}

/** Events of the step ending at `t` (unix seconds). */
export interface CompliancePoint {
  t: number;
  errors: number;
  total: number;
}

export interface ComplianceOptions {
  /** the query step in seconds; inferred as the median spacing of the points */
  stepSeconds?: number;
  /** when the data begins (unix seconds or Date); default: first point's t minus one step */
  dataStart?: number | Date;
}

export type ComplianceStatus = "met" | "missed" | "no-data";

export interface ComplianceRow {
  label: string;
  unit: PeriodUnit;
  start: Date;
  end: Date;
  days: number;
  /** percent, as in the SLO */
  objective: number;
  status: ComplianceStatus;
  /** good / total over the period, in [0, 1]; null: no data at all */
  attained: number | null;
  errorRatio: number | null;
  /** points exist but carried no events: attained 1 by "no requests means no errors" */
  noTraffic: boolean;
  badEvents: number;
  totalEvents: number;
  /** bad events the budget allows for this period's traffic: B · total */
  allowedBadEvents: number;
  /** E / B: 0 untouched, 1 spent, > 1 overspent; null: no data, or unbounded (objective 100 with errors) */
  budgetConsumed: number | null;
  /**
   * Full-outage-equivalent minutes: error ratio × minutes covered by data in the
   * period (25 minutes at 8 % errors under constant traffic → 2). null: no data.
   */
  errorMinutes: number | null;
  /** the whole period's budget in minutes: B × the period's length (99.9 %, 31 days → 44.64) */
  budgetMinutes: number;
  /** still in progress */
  inProgress: boolean;
  /** the data begins inside this period: figures are "since data begins" */
  sinceDataBegins: Date | null;
  partial: boolean;
}

function median(sorted: number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function inferStep(times: number[]): number | undefined {
  const diffs: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const d = (times[i] as number) - (times[i - 1] as number);
    if (d > 0) diffs.push(d);
  }
  return median(diffs.sort((a, b) => a - b));
}

/** Compliance per period (months or quarters from `calendarPeriods`). Throws on an objective outside (0, 100]. */
export function monthlyCompliance(
  points: readonly CompliancePoint[],
  objective: number,
  periods: readonly CalendarPeriod[],
  options: ComplianceOptions = {},
): ComplianceRow[] {
  const budget = errorBudget(objective);
  if (options.stepSeconds !== undefined && !(Number.isFinite(options.stepSeconds) && options.stepSeconds > 0)) {
    throw new RangeError(`stepSeconds must be a positive number, got ${String(options.stepSeconds)}`);
  }
  // A point without a usable total is not a sample: it must not turn "no data" into "no traffic".
  const samples = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.total)).sort((a, b) => a.t - b.t);
  const times = samples.map((p) => p.t);
  const step = options.stepSeconds ?? inferStep(times) ?? 0;
  const dataStartSeconds =
    options.dataStart instanceof Date
      ? options.dataStart.getTime() / 1000
      : (options.dataStart ?? (samples.length > 0 ? (times[0] as number) - step : Number.POSITIVE_INFINITY));

  const sums = periods.map(() => ({ errors: 0, total: 0, samples: 0 }));
  for (const p of samples) {
    const i = periods.findIndex((period) => period.start.getTime() / 1000 < p.t && p.t <= period.end.getTime() / 1000);
    const sum = sums[i];
    if (!sum) continue;
    const a = attainment(p.errors, p.total);
    sum.errors += a.errors;
    sum.total += a.total;
    sum.samples++;
  }

  return periods.map((period, i): ComplianceRow => {
    const sum = sums[i] as { errors: number; total: number; samples: number };
    const startSeconds = period.start.getTime() / 1000;
    const periodMinutes = (period.end.getTime() - period.start.getTime()) / 60_000;
    const sinceDataBegins =
      sum.samples > 0 && dataStartSeconds > startSeconds ? new Date(Math.round(dataStartSeconds * 1000)) : null;
    const inProgress = period.current && period.through.getTime() < period.end.getTime();
    const base = {
      label: period.label,
      unit: period.unit,
      start: period.start,
      end: period.end,
      days: period.days,
      objective,
      budgetMinutes: budget * periodMinutes,
      inProgress,
      sinceDataBegins,
      partial: inProgress || sinceDataBegins !== null,
    };
    if (sum.samples === 0) {
      return {
        ...base,
        status: "no-data",
        attained: null,
        errorRatio: null,
        noTraffic: false,
        badEvents: 0,
        totalEvents: 0,
        allowedBadEvents: 0,
        budgetConsumed: null,
        errorMinutes: null,
      };
    }
    const a = attainment(sum.errors, sum.total);
    const allowed = budget * a.total;
    const met = a.errors <= allowed * (1 + 1e-9);
    const coveredFrom = Math.max(period.start.getTime(), sinceDataBegins ? sinceDataBegins.getTime() : 0);
    const coveredMinutes = Math.max(0, period.through.getTime() - coveredFrom) / 60_000;
    return {
      ...base,
      status: met ? "met" : "missed",
      attained: a.attained,
      errorRatio: a.errorRatio,
      noTraffic: a.noTraffic,
      badEvents: a.errors,
      totalEvents: a.total,
      allowedBadEvents: allowed,
      budgetConsumed: a.errors === 0 ? 0 : budget === 0 ? null : a.errorRatio / budget,
      errorMinutes: a.errorRatio * coveredMinutes,
    };
  });
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180: CRLF line ends, fields with comma, quote or line break quoted,
// quotes doubled)

const CSV_HEADER = [
  "period",
  "start",
  "end",
  "days",
  "status",
  "objective_percent",
  "attained_percent",
  "bad_events",
  "total_events",
  "budget_consumed_percent",
  "error_minutes",
  "budget_minutes",
  "no_traffic",
  "in_progress",
  "since_data_begins",
];

function percent(value: number | null): number | null {
  return value === null ? null : value * 100;
}

/**
 * The rows as CSV with a header line. With `slo`, a first column names the SLO (for
 * reports that concatenate several). Unbounded budget consumption (objective 100
 * with errors) and "no data" are empty cells; `status` says which.
 */
export function complianceCsv(rows: readonly ComplianceRow[], options: { slo?: string } = {}): string {
  const header = options.slo === undefined ? CSV_HEADER : ["slo", ...CSV_HEADER];
  const lines = [header.join(",")];
  for (const r of rows) {
    const fields = [
      csvText(r.label),
      r.start.toISOString(),
      r.end.toISOString(),
      String(r.days),
      r.status,
      csvNumber(r.objective),
      csvNumber(percent(r.attained)),
      csvNumber(r.status === "no-data" ? null : r.badEvents),
      csvNumber(r.status === "no-data" ? null : r.totalEvents),
      csvNumber(percent(r.budgetConsumed)),
      csvNumber(r.errorMinutes),
      csvNumber(r.budgetMinutes),
      String(r.noTraffic),
      String(r.inProgress),
      r.sinceDataBegins ? r.sinceDataBegins.toISOString() : "",
    ];
    lines.push((options.slo === undefined ? fields : [csvText(options.slo), ...fields]).join(","));
  }
  return lines.map((l) => `${l}\r\n`).join("");
}
