import { describe, expect, it } from "vitest";
import { alignRangeToStep, formatDuration, MAX_POINTS, parseDurationSeconds, rateWindowSeconds, stepFor } from "./time-range";

describe("durations", () => {
  it("parses and formats PromQL durations", () => {
    expect(parseDurationSeconds("5m")).toBe(300);
    expect(parseDurationSeconds("14d")).toBe(14 * 86400);
    expect(parseDurationSeconds("5 m")).toBeUndefined();
    expect(parseDurationSeconds("0m")).toBeUndefined();
    expect(formatDuration(300)).toBe("5m");
    expect(formatDuration(5400)).toBe("90m");
    expect(formatDuration(86400 * 14)).toBe("2w");
    expect(formatDuration(45)).toBe("45s");
  });
});

describe("stepFor", () => {
  it("gives about one point per two pixels, rounded up to a nice step", () => {
    // 1h over 800 px → 400 points → 9 s → 10 s
    expect(stepFor(3600, 800)).toBe(10);
    // 7d over 1000 px → 500 points → 1209.6 s → 1800 s
    expect(stepFor(7 * 86400, 1000)).toBe(1800);
  });

  it("never goes below the data's resolution", () => {
    expect(stepFor(300, 2000, 15)).toBe(15);
  });

  it("never asks for more than 11,000 points", () => {
    const range = 30 * 86400;
    const step = stepFor(range, 100_000);
    expect(range / step).toBeLessThanOrEqual(MAX_POINTS);
  });
});

describe("alignRangeToStep", () => {
  it("puts start and end on multiples of the step, spans the range, and never ends in the future", () => {
    const r = alignRangeToStep(1_700_000_123, 3600, 60);
    expect(r.start % 60).toBe(0);
    expect(r.end % 60).toBe(0);
    expect(r.end).toBeLessThanOrEqual(1_700_000_123);
    expect(r.end).toBeGreaterThan(1_700_000_123 - 60);
    expect(r.end - r.start).toBe(3600);
    expect(alignRangeToStep(1_700_000_123, 3601, 60).end - alignRangeToStep(1_700_000_123, 3601, 60).start).toBe(3660);
  });

  it("gives the same range for two moments within one step (cacheable)", () => {
    expect(alignRangeToStep(1_700_000_101, 3600, 60)).toEqual(alignRangeToStep(1_700_000_119, 3600, 60));
  });
});

describe("rateWindowSeconds", () => {
  it("covers at least four scrapes and one step", () => {
    expect(rateWindowSeconds(15, 60)).toBe(240);
    expect(rateWindowSeconds(1800, 60)).toBe(1800);
  });
});
