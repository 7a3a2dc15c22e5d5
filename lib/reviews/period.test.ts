import { describe, expect, it } from "vitest";
import { isoWeek, lastComplete, nextPeriod, parsePeriodLabel, periodContaining, previousPeriod, rangePeriod } from "./period";

const t = (s: string) => Date.parse(s) / 1000;

describe("review periods (hand-computed)", () => {
  it("weeks run Monday 00:00 UTC to Monday, numbered as ISO 8601", () => {
    // Sunday 6 December 2026 belongs to the week starting Monday 30 November: 2026-W49
    const w = periodContaining("week", t("2026-12-06T21:00:00Z"));
    expect(w).toEqual({ kind: "week", label: "2026-W49", start: t("2026-11-30T00:00:00Z"), end: t("2026-12-07T00:00:00Z") });
    expect(periodContaining("week", t("2026-12-07T00:00:00Z")).label).toBe("2026-W50");
    // 1 January 2027 is a Friday: ISO week 53 of 2026
    expect(isoWeek(t("2027-01-01T12:00:00Z"))).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(t("2027-01-04T00:00:00Z"))).toEqual({ year: 2027, week: 1 });
    // 29 December 2025 (Monday) starts 2026-W01
    expect(periodContaining("week", t("2025-12-31T00:00:00Z")).label).toBe("2026-W01");
  });

  it("last week, the previous and next periods", () => {
    const last = lastComplete("week", t("2026-12-06T21:00:00Z"));
    expect(last.label).toBe("2026-W48");
    expect(last.start).toBe(t("2026-11-23T00:00:00Z"));
    expect(previousPeriod(last).label).toBe("2026-W47");
    expect(nextPeriod(last).label).toBe("2026-W49");
  });

  it("months and quarters follow the calendar", () => {
    const m = periodContaining("month", t("2026-03-15T00:00:00Z"));
    expect(m).toEqual({ kind: "month", label: "2026-03", start: t("2026-03-01T00:00:00Z"), end: t("2026-04-01T00:00:00Z") });
    expect(previousPeriod(m)).toMatchObject({ label: "2026-02", start: t("2026-02-01T00:00:00Z"), end: t("2026-03-01T00:00:00Z") });
    expect((previousPeriod(m).end - previousPeriod(m).start) / 86400).toBe(28);
    const q = periodContaining("quarter", t("2026-01-01T00:00:00Z"));
    expect(q).toMatchObject({ label: "2026-Q1", end: t("2026-04-01T00:00:00Z") });
    expect(previousPeriod(q).label).toBe("2025-Q4");
  });

  it("a range compares with the same length just before it, and refuses a backwards one", () => {
    const r = rangePeriod(t("2026-11-10T00:00:00Z"), t("2026-11-13T00:00:00Z"));
    expect(previousPeriod(r)).toMatchObject({ start: t("2026-11-07T00:00:00Z"), end: t("2026-11-10T00:00:00Z") });
    expect(() => rangePeriod(10, 5)).toThrow(/end after it starts/);
  });

  it("parses labels back, and says what a label should look like", () => {
    expect(parsePeriodLabel("2026-W48").start).toBe(t("2026-11-23T00:00:00Z"));
    expect(parsePeriodLabel("2026-W53").start).toBe(t("2026-12-28T00:00:00Z"));
    expect(() => parsePeriodLabel("2025-W53")).toThrow(/has no week 53/);
    expect(parsePeriodLabel("2026-11").end).toBe(t("2026-12-01T00:00:00Z"));
    expect(parsePeriodLabel("2026-Q4").start).toBe(t("2026-10-01T00:00:00Z"));
    expect(() => parsePeriodLabel("last week")).toThrow(/is not a week/);
  });
});
