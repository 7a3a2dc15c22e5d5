import { describe, expect, it } from "vitest";
import { type CompliancePoint, calendarPeriods, complianceCsv, monthlyCompliance } from "./compliance";

const MINUTE = 60;
const HOUR = 3600;

/** `count` steps of `step` seconds after `fromIso`, each stamped at its end. */
function series(fromIso: string, count: number, step: number, counts: (k: number) => [errors: number, total: number]): CompliancePoint[] {
  const from = Date.parse(fromIso) / 1000;
  return Array.from({ length: count }, (_, i) => {
    const [errors, total] = counts(i);
    return { t: from + (i + 1) * step, errors, total };
  });
}

const iso = (d: Date) => d.toISOString();

describe("calendarPeriods", () => {
  it("returns the last N months, oldest first, ending with the current partial one", () => {
    const end = new Date("2026-11-15T12:00:00Z");
    const periods = calendarPeriods(end, 3, "month");
    expect(periods.map((p) => [p.label, iso(p.start), iso(p.end), p.days, p.current])).toEqual([
      ["2026-09", "2026-09-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z", 30, false],
      ["2026-10", "2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", 31, false],
      ["2026-11", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", 30, true],
    ]);
    expect(iso(periods[2]?.through as Date)).toBe("2026-11-15T12:00:00.000Z");
    expect(iso(periods[1]?.through as Date)).toBe("2026-11-01T00:00:00.000Z");
  });

  it("knows February in leap and non-leap years (and the century rule)", () => {
    const days = (isoEnd: string) => calendarPeriods(new Date(isoEnd), 1, "month")[0]?.days;
    expect(days("2024-02-10T00:00:00Z")).toBe(29);
    expect(days("2026-02-10T00:00:00Z")).toBe(28);
    expect(days("2000-02-10T00:00:00Z")).toBe(29);
    expect(days("2100-02-10T00:00:00Z")).toBe(28);
    expect(calendarPeriods(new Date("2024-03-10T00:00:00Z"), 2, "month").map((p) => [p.label, p.days])).toEqual([
      ["2024-02", 29],
      ["2024-03", 31],
    ]);
  });

  it("crosses year boundaries", () => {
    expect(calendarPeriods(new Date("2027-01-05T00:00:00Z"), 3, "month").map((p) => p.label)).toEqual(["2026-11", "2026-12", "2027-01"]);
  });

  it("builds quarters of 90–92 days", () => {
    const q = calendarPeriods(new Date("2026-11-15T00:00:00Z"), 4, "quarter");
    expect(q.map((p) => [p.label, iso(p.start), p.days])).toEqual([
      ["2026-Q1", "2026-01-01T00:00:00.000Z", 90],
      ["2026-Q2", "2026-04-01T00:00:00.000Z", 91],
      ["2026-Q3", "2026-07-01T00:00:00.000Z", 92],
      ["2026-Q4", "2026-10-01T00:00:00.000Z", 92],
    ]);
    expect(iso(q[3]?.end as Date)).toBe("2027-01-01T00:00:00.000Z");
    expect(calendarPeriods(new Date("2024-02-01T00:00:00Z"), 1, "quarter")[0]?.days).toBe(91); // leap Q1
    expect(calendarPeriods(new Date("2027-02-01T00:00:00Z"), 2, "quarter").map((p) => p.label)).toEqual(["2026-Q4", "2027-Q1"]);
  });

  it("puts an end exactly on a boundary into the period it starts", () => {
    const [p] = calendarPeriods(new Date("2026-12-01T00:00:00Z"), 1, "month");
    expect(p?.label).toBe("2026-12");
    expect(p?.through.getTime()).toBe(p?.start.getTime());
  });

  it("starts periods at local midnight in the report's time zone", () => {
    const berlin = calendarPeriods(new Date("2026-04-15T00:00:00Z"), 2, "month", "Europe/Berlin");
    expect(berlin.map((p) => [p.label, iso(p.start), iso(p.end), p.days])).toEqual([
      // CET (+1) at the start of March, CEST (+2) at the start of April: 743 hours
      ["2026-03", "2026-02-28T23:00:00.000Z", "2026-03-31T22:00:00.000Z", 31],
      ["2026-04", "2026-03-31T22:00:00.000Z", "2026-04-30T22:00:00.000Z", 30],
    ]);
    // 23:30 UTC on 31 March is already April in Berlin
    expect(calendarPeriods(new Date("2026-03-31T23:30:00Z"), 1, "month", "Europe/Berlin")[0]?.label).toBe("2026-04");
    expect(calendarPeriods(new Date("2026-03-31T23:30:00Z"), 1, "month")[0]?.label).toBe("2026-03");
  });

  it("starts a month when the clocks jump if midnight does not exist", () => {
    // Asunción moved 2023-10-01 00:00 (-04) straight to 01:00 (-03)
    const [sep, oct] = calendarPeriods(new Date("2023-10-15T12:00:00Z"), 2, "month", "America/Asuncion");
    expect(iso(sep?.start as Date)).toBe("2023-09-01T04:00:00.000Z");
    expect(iso(oct?.start as Date)).toBe("2023-10-01T04:00:00.000Z");
    expect(sep?.days).toBe(30);
  });

  it("refuses bad arguments with a clear error", () => {
    expect(() => calendarPeriods(new Date("nope"), 1, "month")).toThrow(/valid date/);
    expect(() => calendarPeriods(new Date(), 1.5, "month")).toThrow(/count/);
    expect(() => calendarPeriods(new Date(), 1, "month", "Mars/Olympus_Mons")).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
    expect(calendarPeriods(new Date(), 0, "month")).toEqual([]);
  });
});

describe("monthlyCompliance", () => {
  const october = calendarPeriods(new Date("2026-10-31T23:59:59Z"), 1, "month").map((p) => ({
    ...p,
    current: false,
    through: p.end,
  }));

  // 31 days of 1-minute steps at 100 requests a minute; from 10:00 to 10:25 on
  // 14 October 8 % of them fail. Bad = 25 · 8 = 200, total = 44,640 · 100.
  const burst = series("2026-10-01T00:00:00Z", 31 * 24 * 60, MINUTE, (k) => {
    const inBurst = k >= (13 * 24 + 10) * 60 && k < (13 * 24 + 10) * 60 + 25;
    return [inBurst ? 8 : 0, 100];
  });

  it("computes exact attainment for a 25-minute 8 % burst in a 31-day month", () => {
    const [row] = monthlyCompliance(burst, 99.9, october);
    expect(row).toMatchObject({ label: "2026-10", days: 31, status: "met", badEvents: 200, totalEvents: 4_464_000, noTraffic: false, partial: false });
    // E = 200 / 4,464,000 = 1 / 22,320
    expect(row?.errorRatio).toBeCloseTo(1 / 22_320, 15);
    expect(row?.attained).toBeCloseTo(0.999955197132616, 14);
    expect(row?.allowedBadEvents).toBeCloseTo(4464, 9);
    // E / B = 0.0448: 2 of the month's 44.64 budget minutes
    expect(row?.budgetConsumed).toBeCloseTo(0.044802867383513, 14);
    expect(row?.errorMinutes).toBeCloseTo(2, 10);
    expect(row?.budgetMinutes).toBeCloseTo(44.64, 10);
  });

  it("misses a tighter objective with the same data", () => {
    // 99.999 %: B = 1e-5, 44.64 allowed bad events out of 4,464,000
    const [row] = monthlyCompliance(burst, 99.999, october);
    expect(row?.status).toBe("missed");
    expect(row?.budgetConsumed).toBeCloseTo(4.480286738351, 10);
  });

  it("meets the objective exactly at the boundary", () => {
    // 4,464 bad events out of 4,464,000 is exactly 99.9 %
    const points = series("2026-10-01T00:00:00Z", 31 * 24 * 60, MINUTE, (k) => [k < 4464 ? 1 : 0, 100]);
    const [row] = monthlyCompliance(points, 99.9, october);
    expect(row?.status).toBe("met");
    expect(row?.budgetConsumed).toBeCloseTo(1, 12);
    const [over] = monthlyCompliance([...points, { t: points[0]?.t as number, errors: 1, total: 1 }], 99.9, october);
    expect(over?.status).toBe("missed");
  });

  it("handles February in a leap year (29 days)", () => {
    const [feb] = calendarPeriods(new Date("2024-02-29T23:59:59Z"), 1, "month").map((p) => ({ ...p, current: false, through: p.end }));
    // hourly steps, 1,000 requests each; one hour at 30 % errors
    const points = series("2024-02-01T00:00:00Z", 29 * 24, HOUR, (k) => [k === 100 ? 300 : 0, 1000]);
    const [row] = monthlyCompliance(points, 99.95, feb ? [feb] : []);
    expect(row).toMatchObject({ label: "2024-02", days: 29, status: "met", badEvents: 300, totalEvents: 696_000 });
    expect(row?.attained).toBeCloseTo(1 - 300 / 696_000, 15);
    // B = 0.0005: 348 bad events allowed, 300 spent
    expect(row?.allowedBadEvents).toBeCloseTo(348, 9);
    expect(row?.budgetConsumed).toBeCloseTo(300 / 348, 12);
    // 30 % of one hour = 18 minutes; the budget of 29 days at 99.95 % is 20.88 minutes
    expect(row?.errorMinutes).toBeCloseTo(18, 10);
    expect(row?.budgetMinutes).toBeCloseTo(20.88, 10);
  });

  it("tells a month without traffic from a month without data", () => {
    const periods = calendarPeriods(new Date("2026-11-30T23:00:00Z"), 2, "month").map((p) => ({ ...p, current: false, through: p.end }));
    // October: no points at all; November: points, but nobody called
    const points = series("2026-11-01T00:00:00Z", 30 * 24, HOUR, () => [0, 0]);
    const [oct, nov] = monthlyCompliance(points, 99.9, periods);
    expect(oct).toMatchObject({ status: "no-data", attained: null, errorRatio: null, noTraffic: false, budgetConsumed: null, errorMinutes: null });
    expect(nov).toMatchObject({ status: "met", attained: 1, errorRatio: 0, noTraffic: true, budgetConsumed: 0, errorMinutes: 0, totalEvents: 0 });
  });

  it("counts a point stamped at a boundary for the period it ends", () => {
    const periods = calendarPeriods(new Date("2026-11-15T00:00:00Z"), 2, "quarter").map((p) => ({ ...p, current: false, through: p.end }));
    const q4 = Date.parse("2026-10-01T00:00:00Z") / 1000;
    const points: CompliancePoint[] = [
      { t: q4 - HOUR, errors: 0, total: 100 },
      { t: q4, errors: 10, total: 100 }, // 23:00–24:00 on 30 September: Q3
      { t: q4 + HOUR, errors: 1, total: 100 },
    ];
    const [q3, q4row] = monthlyCompliance(points, 99, periods);
    expect(q3).toMatchObject({ label: "2026-Q3", badEvents: 10, totalEvents: 200, status: "missed" });
    expect(q4row).toMatchObject({ label: "2026-Q4", badEvents: 1, totalEvents: 100, status: "met" });
  });

  it("flags the current period and the period in which data begins", () => {
    const periods = calendarPeriods(new Date("2026-11-15T12:00:00Z"), 3, "month");
    // data from 11 October 00:00 (first point at 01:00, hourly), 10 requests an hour;
    // one hour at 50 % errors on 20 October
    const points = series("2026-10-11T00:00:00Z", (21 + 14) * 24 + 12, HOUR, (k) => [k === 200 ? 5 : 0, 10]);
    const [sep, oct, nov] = monthlyCompliance(points, 99.9, periods);
    expect(sep).toMatchObject({ status: "no-data", partial: false, sinceDataBegins: null, inProgress: false });
    // 5 bad of 5,040: the budget allows 5.04, just met
    expect(oct).toMatchObject({ status: "met", partial: true, inProgress: false, badEvents: 5, totalEvents: 5040 });
    expect(iso(oct?.sinceDataBegins as Date)).toBe("2026-10-11T00:00:00.000Z");
    // 21 days covered: E · 30,240 min = 5/5040 · 30,240 = 30 minutes (half of one hour)
    expect(oct?.errorMinutes).toBeCloseTo(30, 10);
    expect(nov).toMatchObject({ status: "met", partial: true, inProgress: true, sinceDataBegins: null, totalEvents: 3480, errorMinutes: 0 });
  });

  it("takes the step and the start of data from options", () => {
    const periods = calendarPeriods(new Date("2026-10-31T00:00:00Z"), 1, "month");
    const points = [{ t: Date.parse("2026-10-10T00:05:00Z") / 1000, errors: 0, total: 1 }];
    const [inferred] = monthlyCompliance(points, 99, periods);
    expect(iso(inferred?.sinceDataBegins as Date)).toBe("2026-10-10T00:05:00.000Z"); // one point: no step known
    const [stepped] = monthlyCompliance(points, 99, periods, { stepSeconds: 300 });
    expect(iso(stepped?.sinceDataBegins as Date)).toBe("2026-10-10T00:00:00.000Z");
    const [explicit] = monthlyCompliance(points, 99, periods, { dataStart: new Date("2026-09-01T00:00:00Z") });
    expect(explicit?.sinceDataBegins).toBeNull();
    expect(() => monthlyCompliance(points, 99, periods, { stepSeconds: 0 })).toThrow(/stepSeconds/);
  });

  it("counts budget minutes over the real length of a month with a DST change", () => {
    // New York, November 2026: EDT until 1 November 02:00, then EST; 30 days = 721 hours
    const [nov] = calendarPeriods(new Date("2026-11-20T00:00:00Z"), 1, "month", "America/New_York");
    expect([iso(nov?.start as Date), iso(nov?.end as Date), nov?.days]).toEqual(["2026-11-01T04:00:00.000Z", "2026-12-01T05:00:00.000Z", 30]);
    const [row] = monthlyCompliance([{ t: Date.parse("2026-11-02T00:00:00Z") / 1000, errors: 0, total: 5 }], 99.9, nov ? [nov] : []);
    expect(row?.budgetMinutes).toBeCloseTo(43.26, 10); // 0.001 · 721 · 60
  });

  it("handles objective 100: met without errors, missed with any, consumption unbounded (null)", () => {
    const clean = series("2026-10-01T00:00:00Z", 24, HOUR, () => [0, 50]);
    expect(monthlyCompliance(clean, 100, october)[0]).toMatchObject({ status: "met", attained: 1, budgetConsumed: 0, budgetMinutes: 0 });
    const one = [...clean, { t: Date.parse("2026-10-02T01:00:00Z") / 1000, errors: 1, total: 50 }];
    expect(monthlyCompliance(one, 100, october)[0]).toMatchObject({ status: "missed", budgetConsumed: null });
  });

  it("ignores points without a usable total and sanitises counts", () => {
    const t = Date.parse("2026-10-05T00:00:00Z") / 1000;
    const rows = monthlyCompliance(
      [
        { t, errors: 3, total: Number.NaN },
        { t: Number.NaN, errors: 1, total: 10 },
      ],
      99.9,
      october,
    );
    expect(rows[0]?.status).toBe("no-data");
    const [row] = monthlyCompliance([{ t, errors: 15, total: 10 }, { t: t + 60, errors: -3, total: 10 }], 90, october);
    expect(row).toMatchObject({ badEvents: 10, totalEvents: 20, attained: 0.5, status: "missed" });
  });

  it("throws on an invalid objective", () => {
    expect(() => monthlyCompliance([], 0, october)).toThrow(/objective/);
  });
});

describe("complianceCsv", () => {
  const periods = calendarPeriods(new Date("2026-11-30T23:00:00Z"), 2, "month").map((p) => ({ ...p, current: false, through: p.end }));
  const points = series("2026-11-01T00:00:00Z", 30 * 24, HOUR, (k) => [k === 0 ? 3 : 0, 1000]);
  const rows = monthlyCompliance(points, 99.9, periods);

  it("writes a header and one CRLF-terminated record per period", () => {
    const csv = complianceCsv(rows);
    expect(csv.split("\r\n")).toEqual([
      "period,start,end,days,status,objective_percent,attained_percent,bad_events,total_events,budget_consumed_percent,error_minutes,budget_minutes,no_traffic,in_progress,since_data_begins",
      "2026-10,2026-10-01T00:00:00.000Z,2026-11-01T00:00:00.000Z,31,no-data,99.9,,,,,,44.64,false,false,",
      // E = 3 / 720,000; consumed = E / 0.001 = 0.41667 %; error minutes = E · 43,200 = 0.18
      "2026-11,2026-11-01T00:00:00.000Z,2026-12-01T00:00:00.000Z,30,met,99.9,99.999583333,3,720000,0.416666667,0.18,43.2,false,false,",
      "",
    ]);
  });

  it("quotes per RFC 4180 and defuses spreadsheet formulas in free text", () => {
    const csv = complianceCsv(rows.slice(1), { slo: 'checkout, "EU"' });
    expect(csv.split("\r\n")[1]?.startsWith('"checkout, ""EU""",2026-11,')).toBe(true);
    const formula = complianceCsv(rows.slice(1), { slo: '=HYPERLINK("http://x")' });
    expect(formula.split("\r\n")[1]?.startsWith(`"'=HYPERLINK(""http://x"")",2026-11,`)).toBe(true);
    const multiline = complianceCsv(rows.slice(1), { slo: "a\nb" });
    expect(multiline.startsWith('slo,period,')).toBe(true);
    expect(multiline).toContain('"a\nb",2026-11,');
  });
});
