import { describe, expect, it } from "vitest";
import type { Point } from "@/lib/charts/downsample";
import { evaluateTarget, marginOf, meets, SPARKLINE_POINTS } from "./evaluate";
import type { Target } from "./templates";

const H = 3600;
const NOW = 1_000 * H;
/** p95 < 100 ms over 1 day */
const p95: Target = { expr: "x", comparator: "<", threshold: 0.1, window: "1d", unit: "seconds" };

/** an hourly history ending at NOW: values[i] at NOW - (n-1-i) h */
function hourly(values: (number | null)[]) {
  const n = values.length;
  const points: Point[] = values.map((v, i) => [NOW - (n - 1 - i) * H, v]);
  return { start: NOW - (n - 1) * H, end: NOW, step: H, points };
}

describe("meets", () => {
  it("applies each comparator, boundaries included or not", () => {
    expect([meets(0.1, "<", 0.1), meets(0.1, "<=", 0.1), meets(0.1, ">", 0.1), meets(0.1, ">=", 0.1)]).toEqual([false, true, false, true]);
    expect([meets(0.09, "<", 0.1), meets(0.11, ">", 0.1)]).toEqual([true, true]);
  });

  it("takes 10 % of |threshold| as the margin unless the target has its own", () => {
    expect(marginOf({ threshold: 0.1 })).toBeCloseTo(0.01, 12);
    expect(marginOf({ threshold: -5 })).toBeCloseTo(0.5, 12);
    expect(marginOf({ threshold: 0.999, margin: 0.0001 })).toBe(0.0001);
  });
});

describe("evaluateTarget", () => {
  it("missed: the live value fails; last met is the newest history point that met it", () => {
    // 48 h: met (0.05) until 10 h ago, then 0.15
    const values = Array.from({ length: 48 }, (_, i) => (i < 38 ? 0.05 : 0.15));
    const e = evaluateTarget(p95, { value: 0.183, at: NOW }, hourly(values));
    expect(e.status).toBe("missed");
    expect(e.lastMet).toBe(NOW - 10 * H);
    expect(e.shareMet).toBeCloseTo(38 / 48, 12);
    expect(e.reason).toBe("0.183 is not < 0.1");
  });

  it("missed and never met: no last-met date, share 0", () => {
    const e = evaluateTarget(p95, { value: 0.2, at: NOW }, hourly(Array.from({ length: 24 }, () => 0.2)));
    expect(e).toMatchObject({ status: "missed", lastMet: null, shareMet: 0 });
  });

  it("exactly at the threshold with '<' is missed; with '<=' it is met but at risk", () => {
    const h = hourly([0.05, 0.05]);
    expect(evaluateTarget(p95, { value: 0.1, at: NOW }, h).status).toBe("missed");
    expect(evaluateTarget({ ...p95, comparator: "<=" }, { value: 0.1, at: NOW }, h).status).toBe("at-risk");
  });

  it("at risk within the margin (10 % of 100 ms: from 90 ms on), met outside it", () => {
    const h = hourly(Array.from({ length: 48 }, () => 0.05));
    // 0.0901 is within 0.01 of 0.1; 0.0899 is not (0.09 itself sits on the float boundary)
    const near = evaluateTarget(p95, { value: 0.0901, at: NOW }, h);
    expect(near.status).toBe("at-risk");
    expect(near.reason).toMatch(/by less than the margin/);
    expect(near.lastMet).toBe(NOW);
    expect(evaluateTarget(p95, { value: 0.0899, at: NOW }, h).status).toBe("met");
    // a target's own margin
    expect(evaluateTarget({ ...p95, margin: 0.001 }, { value: 0.0901, at: NOW }, h).status).toBe("met");
  });

  it("at risk when it failed within the last window, met when the failure is older", () => {
    // window 1 d: a failure 20 h ago counts, one 30 h ago does not
    const recent = Array.from({ length: 48 }, (_, i) => (i === 47 - 20 ? 0.12 : 0.05));
    const old = Array.from({ length: 48 }, (_, i) => (i === 47 - 30 ? 0.12 : 0.05));
    const r = evaluateTarget(p95, { value: 0.05, at: NOW }, hourly(recent));
    expect(r.status).toBe("at-risk");
    expect(r.reason).toBe("0.05 is < 0.1 now, but was 0.12 within the last 1d");
    expect(evaluateTarget(p95, { value: 0.05, at: NOW }, hourly(old))).toMatchObject({ status: "met", lastMet: NOW, shareMet: 47 / 48 });
    // a failure exactly one window ago is still inside it
    const edge = Array.from({ length: 48 }, (_, i) => (i === 47 - 24 ? 0.12 : 0.05));
    expect(evaluateTarget(p95, { value: 0.05, at: NOW }, hourly(edge)).status).toBe("at-risk");
  });

  it("works the other way round for '>=' (availability)", () => {
    const avail: Target = { expr: "x", comparator: ">=", threshold: 0.999, window: "7d", unit: "ratio", margin: 0.0001 };
    const h = hourly(Array.from({ length: 24 }, () => 0.9995));
    expect(evaluateTarget(avail, { value: 0.9995, at: NOW }, h).status).toBe("met");
    expect(evaluateTarget(avail, { value: 0.99905, at: NOW }, h).status).toBe("at-risk");
    expect(evaluateTarget(avail, { value: 0.9985, at: NOW }, h).status).toBe("missed");
  });

  it("no data: no live value or NaN; gaps and NaN in the history are left out of the share", () => {
    const h = hourly([0.05, null, Number.NaN, 0.2]);
    const e = evaluateTarget(p95, { value: Number.NaN, at: NOW }, h);
    expect(e.status).toBe("no-data");
    expect(e.live.value).toBeNull();
    expect(e.shareMet).toBe(0.5);
    expect(e.lastMet).toBe(NOW - 3 * H);
    expect(e.sparkline).toEqual([
      [NOW - 3 * H, 0.05],
      [NOW - 2 * H, null],
      [NOW - H, null],
      [NOW, 0.2],
    ]);
    expect(evaluateTarget(p95, { value: null, at: NOW }, hourly([])).shareMet).toBeNull();
  });

  it("keeps the sparkline small, spikes included", () => {
    const values = Array.from({ length: 721 }, (_, i) => (i === 400 ? 0.9 : 0.15));
    const e = evaluateTarget(p95, { value: 0.15, at: NOW }, hourly(values));
    expect(e.sparkline.length).toBeLessThanOrEqual(SPARKLINE_POINTS);
    expect(Math.max(...e.sparkline.map(([, v]) => v ?? 0))).toBe(0.9);
    expect(e.history).toEqual({ start: NOW - 720 * H, end: NOW, step: H });
  });
});
