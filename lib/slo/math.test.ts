import { describe, expect, it } from "vitest";
import {
  alertState,
  attainment,
  budgetBurnDown,
  budgetConsumed,
  burnRate,
  errorBudget,
  remainingBudget,
  tierState,
  timeToExhaustion,
  toJsonNumber,
} from "./math";
import { burnRateTiers } from "./spec";

const DAY = 86_400;

describe("errorBudget", () => {
  it("is 1 − objective/100, exact to the decimal digits of the objective", () => {
    // The naïve 1 - 99.9 / 100 is 0.0009999999999998899.
    expect(errorBudget(99.9)).toBe(0.001);
    expect(errorBudget(99.95)).toBe(0.0005);
    expect(errorBudget(99.99)).toBe(0.0001);
    expect(errorBudget(99.999)).toBe(0.00001);
    expect(errorBudget(95)).toBe(0.05);
    expect(errorBudget(0.5)).toBe(0.995);
  });

  it("is 0 at objective 100", () => {
    expect(errorBudget(100)).toBe(0);
  });

  it("throws a clear error outside (0, 100]", () => {
    for (const bad of [0, -1, 100.0001, 101, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => errorBudget(bad)).toThrow(/objective must be a percentage in \(0, 100\]/);
    }
  });
});

describe("attainment", () => {
  it("is good / total", () => {
    expect(attainment(5, 1000)).toEqual({ attained: 0.995, errorRatio: 0.005, errors: 5, total: 1000, noTraffic: false });
  });

  it("treats no requests as no errors and says so", () => {
    const a = attainment(0, 0);
    expect(a).toEqual({ attained: 1, errorRatio: 0, errors: 0, total: 0, noTraffic: true });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("never yields NaN from bad counts", () => {
    expect(attainment(Number.NaN, 100)).toMatchObject({ attained: 1, errors: 0, noTraffic: false });
    expect(attainment(-5, 100)).toMatchObject({ attained: 1, errors: 0 });
    expect(attainment(5, Number.NaN)).toMatchObject({ attained: 1, noTraffic: true });
    expect(attainment(5, -10)).toMatchObject({ attained: 1, noTraffic: true });
    // increase() on errors and total extrapolates separately: errors may exceed total
    expect(attainment(120, 100)).toMatchObject({ attained: 0, errorRatio: 1, errors: 100 });
  });
});

describe("burn rate and remaining budget", () => {
  it("divides the error ratio by the budget", () => {
    expect(burnRate(0.0144, 99.9)).toBeCloseTo(14.4, 12);
    expect(burnRate(0.001, 99.9)).toBe(1);
    expect(burnRate(0.05, 99)).toBeCloseTo(5, 12);
  });

  it("is 0 at zero traffic and for invalid ratios", () => {
    expect(burnRate(0, 99.9)).toBe(0);
    expect(burnRate(Number.NaN, 99.9)).toBe(0);
    expect(burnRate(-0.2, 99.9)).toBe(0);
    // a ratio above 1 is clamped to 1: at most 1 / B
    expect(burnRate(2, 99)).toBeCloseTo(100, 10);
  });

  it("is Infinity with errors and 0 without at objective 100, and null on the wire", () => {
    expect(burnRate(0.001, 100)).toBe(Number.POSITIVE_INFINITY);
    expect(burnRate(0, 100)).toBe(0);
    expect(toJsonNumber(burnRate(0.001, 100))).toBeNull();
    expect(remainingBudget(0.001, 100)).toBe(Number.NEGATIVE_INFINITY);
    expect(remainingBudget(0, 100)).toBe(1);
  });

  it("remaining = 1 − E/B, negative when overspent", () => {
    expect(remainingBudget(0.0005, 99.9)).toBeCloseTo(0.5, 12);
    expect(remainingBudget(0.0015, 99.9)).toBeCloseTo(-0.5, 12);
    expect(remainingBudget(0, 99.9)).toBe(1);
    expect(budgetConsumed(0.0005, 99.9)).toBeCloseTo(0.5, 12);
  });

  it("throws on an invalid objective", () => {
    expect(() => burnRate(0.1, 0)).toThrow(/objective/);
    expect(() => remainingBudget(0.1, 120)).toThrow(/objective/);
  });
});

describe("timeToExhaustion", () => {
  const P = 30 * DAY;

  it("is remaining · P / burn rate", () => {
    // DOMAIN.md: 14.4 spends a whole 30-day budget in 2% of 30 days per hour → 50 h
    expect(timeToExhaustion(1, 14.4, P)).toBeCloseTo(50 * 3600, 6);
    // half the budget left at burn rate 2: a quarter of the period, 7.5 days
    expect(timeToExhaustion(0.5, 2, P)).toBe(7.5 * DAY);
    expect(timeToExhaustion(1, 1, P)).toBe(P);
  });

  it("is undefined when the budget never runs out at this rate", () => {
    expect(timeToExhaustion(1, 0, P)).toBeUndefined();
    expect(timeToExhaustion(1, -3, P)).toBeUndefined();
    expect(timeToExhaustion(1, Number.NaN, P)).toBeUndefined();
    expect(timeToExhaustion(Number.NaN, 2, P)).toBeUndefined();
  });

  it("is 0 when the budget is already spent or the burn is unbounded", () => {
    expect(timeToExhaustion(0, 2, P)).toBe(0);
    expect(timeToExhaustion(-0.3, 2, P)).toBe(0);
    expect(timeToExhaustion(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, P)).toBe(0);
    expect(timeToExhaustion(0.4, Number.POSITIVE_INFINITY, P)).toBe(0);
  });

  it("throws on a period that is not a positive duration", () => {
    expect(() => timeToExhaustion(1, 1, 0)).toThrow(/period/);
    expect(() => timeToExhaustion(1, 1, Number.NaN)).toThrow(/period/);
  });
});

describe("budgetBurnDown", () => {
  it("spends the window's budget B·N step by step (objective 99: B = 0.01)", () => {
    // N = 500 events → 5 bad events allowed
    const burn = budgetBurnDown(
      [
        [0, 0, 100],
        [60, 2, 100],
        [120, 0, 0],
        [180, 1, 300],
      ],
      99,
    );
    expect(burn.noTraffic).toBe(false);
    expect(burn.points.map(([t]) => t)).toEqual([0, 60, 120, 180]);
    const values = burn.points.map(([, v]) => v as number);
    expect(values[0]).toBe(1);
    expect(values[1]).toBeCloseTo(0.6, 12); // 1 − 2/5
    expect(values[2]).toBeCloseTo(0.6, 12); // a step without traffic spends nothing
    expect(values[3]).toBeCloseTo(0.4, 12); // 1 − 3/5
    // ends exactly on the period figure 1 − E(W)/B with E(W) = 3/500
    expect(burn.remaining).toBeCloseTo(remainingBudget(3 / 500, 99), 12);
  });

  it("weighs each step by its share of the window's traffic", () => {
    // Same 1 % error ratio in both steps, but the first carries 10× the traffic:
    // N = 1100, allowed = 11 bad events; the first step spends 10 of them.
    const burn = budgetBurnDown(
      [
        [0, 10, 1000],
        [60, 1, 100],
      ],
      99,
    );
    expect(burn.points[0]?.[1]).toBeCloseTo(1 / 11, 12);
    expect(burn.points[1]?.[1]).toBeCloseTo(0, 12);
  });

  it("goes below 0 when overspent and never rises", () => {
    const burn = budgetBurnDown(
      [
        [0, 3, 100],
        [60, 0, 100],
        [120, 3, 100],
      ],
      99,
    ); // allowed 3
    const values = burn.points.map(([, v]) => v as number);
    expect(values[0]).toBeCloseTo(0, 12);
    expect(values[1]).toBeCloseTo(0, 12);
    expect(values[2]).toBeCloseTo(-1, 12);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1] as number);
  });

  it("sorts steps and sanitises counts", () => {
    const burn = budgetBurnDown(
      [
        [120, 5, 2], // errors above total: 2
        [0, Number.NaN, 100],
        [60, -4, 98],
      ],
      99,
    ); // N = 200, allowed 2
    expect(burn.points).toEqual([
      [0, 1],
      [60, 1],
      [120, expect.closeTo(0, 12)],
    ]);
  });

  it("is all 1 without traffic, and flags it", () => {
    expect(
      budgetBurnDown(
        [
          [0, 0, 0],
          [60, 0, 0],
        ],
        99.9,
      ),
    ).toEqual({ points: [[0, 1], [60, 1]], remaining: 1, noTraffic: true });
    expect(budgetBurnDown([], 99.9)).toEqual({ points: [], remaining: 1, noTraffic: true });
  });

  it("marks unbounded overspend as null at objective 100 (JSON-safe)", () => {
    const burn = budgetBurnDown(
      [
        [0, 0, 10],
        [60, 1, 10],
      ],
      100,
    );
    expect(burn).toEqual({ points: [[0, 1], [60, null]], remaining: null, noTraffic: false });
    expect(JSON.parse(JSON.stringify(burn))).toEqual(burn);
  });
});

describe("alert tiers as the panel sees them", () => {
  it("key the SRE workbook / Sloth table of spec.ts by PromQL window", () => {
    const s = alertState({}, burnRateTiers({ kind: "rolling", days: 30 }));
    expect(s.tiers.map((t) => [t.tier, t.long, t.short, t.factor])).toEqual([
      ["page-fast", "1h", "5m", 14.4],
      ["page-slow", "6h", "30m", 6],
      ["ticket-fast", "1d", "2h", 3],
      ["ticket-slow", "3d", "6h", 1],
    ]);
    for (const t of s.tiers) expect(t.shortSeconds * 12).toBe(t.longSeconds);
  });
});

describe("tierState", () => {
  it("fires only when both windows burn faster than the threshold", () => {
    expect(tierState(15, 20, 14.4)).toEqual({ firing: true, condition: "firing", factor: 14.4, burnLong: 15, burnShort: 20 });
    // strictly greater, as Sloth's `> (14.4 * budget)`
    expect(tierState(14.4, 20, 14.4)).toMatchObject({ firing: false, condition: "short-only" });
    expect(tierState(20, 1, 14.4)).toMatchObject({ firing: false, condition: "long-only" });
    expect(tierState(1, 1, 14.4)).toMatchObject({ firing: false, condition: "ok" });
  });

  it("treats NaN and negative burn rates as 0 and Infinity as above any threshold", () => {
    expect(tierState(Number.NaN, 20, 6)).toMatchObject({ condition: "short-only", burnLong: 0 });
    expect(tierState(-1, -1, 6)).toMatchObject({ condition: "ok", burnLong: 0, burnShort: 0 });
    const unbounded = tierState(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 14.4);
    expect(unbounded).toMatchObject({ firing: true, burnLong: null, burnShort: null });
  });
});

describe("alertState", () => {
  const thirtyDays = burnRateTiers({ kind: "rolling", days: 30 });
  // 99.9 %: 5m at 2 % errors is a burn rate of 20
  const burns = { "5m": 20, "1h": 15, "30m": 7, "6h": 5, "2h": 4, "1d": 3.5, "3d": 0.5 };

  it("summarises which tiers fire and the worst severity", () => {
    const s = alertState(burns, thirtyDays);
    expect(s.severity).toBe("page");
    // page-fast: 15 and 20 > 14.4; page-slow: 6h at 5 ≤ 6; ticket-fast: 3.5 and 4 > 3; ticket-slow: 3d at 0.5 ≤ 1
    expect(s.firing).toEqual(["page-fast", "ticket-fast"]);
    expect(s.unknown).toEqual([]);
    expect(s.tiers.map((t) => t.state?.condition)).toEqual(["firing", "short-only", "firing", "short-only"]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("never fires a tier that is turned off", () => {
    const s = alertState(burns, thirtyDays, { pageTiers: { fast: false, slow: true }, ticketTiers: { fast: true, slow: true } });
    expect(s.severity).toBe("ticket");
    expect(s.firing).toEqual(["ticket-fast"]);
    expect(s.tiers[0]).toMatchObject({ tier: "page-fast", enabled: false, state: { firing: true } });
  });

  it("uses the period's thresholds", () => {
    // 28 days: ticket-slow threshold 0.933, so 3d at 0.95 and 6h at 5 fire it; at 30 days (1) they do not
    expect(alertState({ "3d": 0.95, "6h": 5 }, burnRateTiers({ kind: "rolling", days: 28 })).firing).toEqual(["ticket-slow"]);
    expect(alertState({ "3d": 0.95, "6h": 5 }, thirtyDays).firing).toEqual([]);
  });

  it("pages on an unbounded burn (objective 100 with errors) and stays JSON-safe", () => {
    const inf = Number.POSITIVE_INFINITY;
    const s = alertState({ "5m": inf, "1h": inf }, thirtyDays);
    expect(s.severity).toBe("page");
    expect(s.tiers[0]?.state).toMatchObject({ firing: true, burnLong: null, burnShort: null });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("reports tiers without data as unknown, not as ok", () => {
    const s = alertState({ "5m": 30 }, thirtyDays);
    expect(s.severity).toBe("none");
    expect(s.unknown).toEqual(["page-fast", "page-slow", "ticket-fast", "ticket-slow"]);
    expect(s.tiers[0]?.state).toBeUndefined();
  });
});
