import { calendarPeriods } from "@/lib/slo/compliance";

/**
 * Review periods, in UTC: an ISO week (Monday 00:00 to the next Monday), a calendar
 * month, a calendar quarter, or any range; and the period each is compared with (the
 * previous week, month or quarter; for a range, the range of the same length just
 * before it). Pure. Times are unix seconds; `end` is exclusive.
 */

export type PeriodKind = "week" | "month" | "quarter" | "range";

export interface Period {
  kind: PeriodKind;
  /** "2026-W49", "2026-11", "2026-Q4", or "2026-11-02 → 2026-11-09" */
  label: string;
  start: number;
  end: number;
}

const DAY = 86_400;
const iso = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

/** ISO 8601 week number and its year for the UTC day of `t`. */
export function isoWeek(t: number): { year: number; week: number } {
  const d = new Date(t * 1000);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  // the Thursday of this week decides the year
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  // the week's Thursday is day n of its year (0-based): weeks 1.. hold days 0–6, 7–13, …
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (DAY * 1000) / 7) + 1;
  return { year, week };
}

function weekContaining(t: number): Period {
  const d = new Date(t * 1000);
  const day = (d.getUTCDay() + 6) % 7;
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day) / 1000;
  const { year, week } = isoWeek(start);
  return { kind: "week", label: `${year}-W${String(week).padStart(2, "0")}`, start, end: start + 7 * DAY };
}

function calendar(kind: "month" | "quarter", t: number): Period {
  const [p] = calendarPeriods(new Date(t * 1000), 1, kind);
  if (!p) throw new RangeError("no calendar period");
  return { kind, label: p.label, start: p.start.getTime() / 1000, end: p.end.getTime() / 1000 };
}

/** The week, month or quarter containing `t`. */
export function periodContaining(kind: Exclude<PeriodKind, "range">, t: number): Period {
  if (!Number.isFinite(t)) throw new RangeError(`not a time: ${t}`);
  return kind === "week" ? weekContaining(t) : calendar(kind, t);
}

/** A custom range [start, end). */
export function rangePeriod(start: number, end: number): Period {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) throw new RangeError("the range must end after it starts");
  if (end - start > 400 * DAY) throw new RangeError("a report covers at most 400 days");
  return { kind: "range", label: `${iso(start)} → ${iso(end)}`, start, end };
}

/** The last complete week, month or quarter before `now`. */
export function lastComplete(kind: Exclude<PeriodKind, "range">, now: number): Period {
  return previousPeriod(periodContaining(kind, now));
}

/** The period a report compares with. */
export function previousPeriod(p: Period): Period {
  if (p.kind === "range") return { ...rangePeriod(p.start - (p.end - p.start), p.start) };
  return periodContaining(p.kind, p.start - 1);
}

/** The period after `p` (the next review's). */
export function nextPeriod(p: Period): Period {
  if (p.kind === "range") return rangePeriod(p.end, p.end + (p.end - p.start));
  return periodContaining(p.kind, p.end);
}

/** Parses a label back into its period ("2026-W49", "2026-11", "2026-Q4"). */
export function parsePeriodLabel(label: string): Period {
  let m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const jan4 = Date.UTC(year, 0, 4) / 1000;
    const p = weekContaining(jan4 + (week - 1) * 7 * DAY);
    if (p.label !== label) throw new RangeError(`${label}: ${year} has no week ${week}`);
    return p;
  }
  m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return periodContaining("month", Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) / 1000);
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) return periodContaining("quarter", Date.UTC(Number(m[1]), (Number(m[2]) - 1) * 3, 1) / 1000);
  throw new RangeError(`"${label}" is not a week (2026-W49), a month (2026-11) or a quarter (2026-Q4)`);
}

/** Where a report evaluates a period: at its end, or now for a period still running. */
export function evaluatedUntil(p: Period, now: number): number {
  // to the minute: viewers of a running period share the same queries (and the cache)
  return Math.min(p.end, Math.floor(now / 60) * 60);
}

/** The periods a new review defaults to: the last complete week and month. */
export function reviewDefaults(now = Date.now() / 1000): { weekly: string; monthly: string } {
  return { weekly: lastComplete("week", now).label, monthly: lastComplete("month", now).label };
}
