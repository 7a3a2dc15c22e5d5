import { describe, expect, it } from "vitest";
import type { RangeSeries } from "@/lib/prometheus/types";
import { backtestAlert, parseSampleValue, recordingPreview } from "./backtest";

const T0 = 1_700_000_000;
const STEP = 60;

/** A series from a pattern: one character per evaluation, "x" = sample present, "." = absent. */
function series(pattern: string, metric: Record<string, string> = {}, value = "1"): RangeSeries {
  const values: [number, string][] = [];
  [...pattern].forEach((c, i) => {
    if (c === "x") values.push([T0 + i * STEP, value]);
  });
  return { metric, values };
}

/** Options for a range covering `evaluations` points. */
function range(evaluations: number, forSeconds: number, keepFiringForSeconds = 0) {
  return { start: T0, end: T0 + (evaluations - 1) * STEP, step: STEP, forSeconds, keepFiringForSeconds };
}

const at = (i: number) => T0 + i * STEP;

describe("backtestAlert: Prometheus's pending/firing state machine", () => {
  it("for 0 fires on the first active evaluation, without a pending interval", () => {
    const r = backtestAlert([series("..xxx.....")], range(10, 0));
    expect(r.series[0]?.intervals).toEqual([{ start: at(2), end: at(5), state: "firing" }]);
    expect(r.summary).toMatchObject({ firings: 1, pendingOnly: 0, totalFiringSeconds: 180, longestFiringSeconds: 180 });
    expect(r.summary.firstFiringAt).toBe(at(2));
    expect(r.summary.evaluations).toBe(10);
  });

  it("pending for exactly `for`, then firing (ts - activeAt >= for)", () => {
    // for 2m at a 1m step: active at 1, 2, 3 → pending at 1 and 2, firing from 3
    const r = backtestAlert([series(".xxxxx....")], range(10, 120));
    expect(r.series[0]?.intervals).toEqual([
      { start: at(1), end: at(3), state: "pending" },
      { start: at(3), end: at(6), state: "firing" },
    ]);
    expect(r.summary).toMatchObject({ firings: 1, pendingOnly: 0, totalFiringSeconds: 180 });
  });

  it("an episode shorter than `for` stays pending and never fires", () => {
    const r = backtestAlert([series(".xx.......")], range(10, 300));
    expect(r.series[0]?.intervals).toEqual([{ start: at(1), end: at(3), state: "pending" }]);
    expect(r.summary).toMatchObject({ firings: 0, pendingOnly: 1, totalFiringSeconds: 0, seriesFiring: 0 });
    expect(r.summary.firstFiringAt).toBeUndefined();
    expect(r.summary.lastFiringAt).toBeUndefined();
  });

  it("a one-evaluation gap resets the pending period (a missing sample is not active)", () => {
    // for 3m: x x . x x x x → the gap at 2 drops the pending alert; it restarts at 3 and fires at 6
    const r = backtestAlert([series("xx.xxxx...")], range(10, 180));
    expect(r.series[0]?.intervals).toEqual([
      { start: at(0), end: at(2), state: "pending" },
      { start: at(3), end: at(6), state: "pending" },
      { start: at(6), end: at(7), state: "firing" },
    ]);
    expect(r.summary).toMatchObject({ firings: 1, pendingOnly: 1 });
  });

  it("without keep_firing_for a gap ends the firing episode and the next one pends again", () => {
    const r = backtestAlert([series("xxx.xxx...")], range(10, 60));
    expect(r.series[0]?.intervals).toEqual([
      { start: at(0), end: at(1), state: "pending" },
      { start: at(1), end: at(3), state: "firing" },
      { start: at(4), end: at(5), state: "pending" },
      { start: at(5), end: at(7), state: "firing" },
    ]);
    expect(r.summary).toMatchObject({ firings: 2, pendingOnly: 0, totalFiringSeconds: 240, longestFiringSeconds: 120 });
    expect(r.summary.lastFiringAt).toBe(at(5));
  });

  it("keep_firing_for bridges a short gap: one episode, no new pending period", () => {
    // for 1m, keep_firing_for 3m: gap of two evaluations (3, 4) is bridged
    const r = backtestAlert([series("xxx..xx...........")], range(18, 60, 180));
    expect(r.series[0]?.intervals).toEqual([
      { start: at(0), end: at(1), state: "pending" },
      // last active at 6; cleared from 7; keeps firing while ts - 7m < 3m → resolved at 10
      { start: at(1), end: at(10), state: "firing" },
    ]);
    expect(r.summary).toMatchObject({ firings: 1, pendingOnly: 0, totalFiringSeconds: 540 });
  });

  it("keep_firing_for expires: the window counts from the first evaluation that found the condition cleared", () => {
    // for 0, keep_firing_for 2m: active at 0 only → cleared at 1 → firing while ts - 1m < 2m → resolved at 3
    const r = backtestAlert([series("x......x..")], range(10, 0, 120));
    expect(r.series[0]?.intervals).toEqual([
      { start: at(0), end: at(3), state: "firing" },
      { start: at(7), end: at(9), state: "firing", open: true },
    ]);
    // the second episode is a new one (the first had resolved), and stays open at the range end
    expect(r.summary.firings).toBe(2);
  });

  it("keep_firing_for does not apply to pending alerts", () => {
    const r = backtestAlert([series("xx.xx.....")], range(10, 300, 600));
    expect(r.series[0]?.intervals).toEqual([
      { start: at(0), end: at(2), state: "pending" },
      { start: at(3), end: at(5), state: "pending" },
    ]);
    expect(r.summary).toMatchObject({ firings: 0, pendingOnly: 2 });
  });

  it("an episode still firing at the last evaluation ends at the range end and is open", () => {
    const opts = { start: T0, end: T0 + 9 * STEP + 30, step: STEP, forSeconds: 60 };
    const r = backtestAlert([series("......xxxx")], opts);
    expect(r.series[0]?.intervals).toEqual([
      { start: at(6), end: at(7), state: "pending" },
      { start: at(7), end: opts.end, state: "firing", open: true },
    ]);
    expect(r.summary.totalFiringSeconds).toBe(opts.end - at(7));
  });

  it("an episode still pending at the range end is open and counts as pending-only", () => {
    const r = backtestAlert([series(".......xxx")], range(10, 600));
    expect(r.series[0]?.intervals).toEqual([{ start: at(7), end: at(9), state: "pending", open: true }]);
    expect(r.summary).toMatchObject({ firings: 0, pendingOnly: 1 });
  });

  it("keeps a firing alert open at the range end while keep_firing_for still holds it", () => {
    const r = backtestAlert([series("......xx..")], range(10, 0, 600));
    expect(r.series[0]?.intervals).toEqual([{ start: at(6), end: at(9), state: "firing", open: true }]);
  });

  it("runs one state machine per labelset and summarises over all of them", () => {
    const r = backtestAlert(
      [
        series("xxxxxx....", { service: "checkout" }),
        series("....xx....", { service: "cart" }),
        series("..x.......", { service: "search" }),
      ],
      range(10, 60),
    );
    expect(r.series.map((s) => s.labels.service)).toEqual(["checkout", "cart", "search"]);
    expect(r.series[0]?.firingSeconds).toBe(300);
    expect(r.series[1]?.intervals).toEqual([
      { start: at(4), end: at(5), state: "pending" },
      { start: at(5), end: at(6), state: "firing" },
    ]);
    expect(r.summary).toMatchObject({
      firings: 2,
      pendingOnly: 1,
      seriesFiring: 2,
      totalFiringSeconds: 360,
      longestFiringSeconds: 300,
      firstFiringAt: at(1),
      lastFiringAt: at(5),
    });
  });

  it("identifies alerts by labels without __name__ and warns when two series collide", () => {
    const r = backtestAlert(
      [series("xx........", { __name__: "a_total", job: "x" }), series("..xx......", { __name__: "b_total", job: "x" })],
      range(10, 0),
    );
    expect(r.series).toHaveLength(1);
    expect(r.series[0]?.labels).toEqual({ job: "x" });
    expect(r.series[0]?.intervals).toEqual([{ start: at(0), end: at(4), state: "firing" }]);
    expect(r.warnings[0]).toContain("vector contains metrics with the same labelset after applying alert labels");
  });

  it("treats any sample as active, whatever its value (the expr's result is the condition)", () => {
    const r = backtestAlert([series("xx........", {}, "0")], range(10, 0));
    expect(r.summary.firings).toBe(1);
  });

  it("snaps timestamps that a query frontend aligned differently to the nearest evaluation", () => {
    const s: RangeSeries = { metric: {}, values: [[at(1) + 0.0004, "1"], [at(2) - 0.0004, "1"]] };
    expect(backtestAlert([s], range(5, 0)).series[0]?.intervals).toEqual([{ start: at(1), end: at(3), state: "firing" }]);
  });

  it("ignores samples outside the range and returns nothing for an empty result", () => {
    const s: RangeSeries = { metric: {}, values: [[T0 - STEP, "1"], [T0 + 100 * STEP, "1"]] };
    expect(backtestAlert([s], range(5, 0)).series[0]?.intervals).toEqual([]);
    const empty = backtestAlert([], range(5, 0));
    expect(empty.series).toEqual([]);
    expect(empty.summary).toMatchObject({ firings: 0, pendingOnly: 0, seriesFiring: 0, totalFiringSeconds: 0 });
  });

  it("with for shorter than the step, fires one step after activation (resolution caveat)", () => {
    // for 30s at a 60s step: pending at 0, 0 < 30; at 60, 60 >= 30 → firing one step later
    const r = backtestAlert([series("xxx.......")], range(10, 30));
    expect(r.series[0]?.intervals[1]).toEqual({ start: at(1), end: at(3), state: "firing" });
  });

  it("rejects ranges it cannot replay", () => {
    expect(() => backtestAlert([], { start: 10, end: 0, step: 1, forSeconds: 0 })).toThrow(RangeError);
    expect(() => backtestAlert([], { start: 0, end: 10, step: 0, forSeconds: 0 })).toThrow("positive step");
    expect(() => backtestAlert([], { start: 0, end: 10, step: 1, forSeconds: -1 })).toThrow("for >= 0");
    expect(() => backtestAlert([], { start: 0, end: 1e9, step: 1, forSeconds: 0 })).toThrow("too many");
  });
});

describe("recordingPreview", () => {
  const result: RangeSeries[] = [
    { metric: { service: "cart", job: "api" }, values: [[1, "0.1"], [2, "0.3"], [3, "0.2"]] },
    { metric: { service: "checkout", job: "api" }, values: [[1, "2"], [2, "+Inf"], [3, "1"]] },
    { metric: { service: "search", job: "api", region: "eu" }, values: [[1, "NaN"], [2, "NaN"]] },
  ];

  it("counts series, finds the varying labels and the constant ones", () => {
    const p = recordingPreview(result, 10);
    expect(p.seriesCount).toBe(3);
    expect(p.varyingLabels).toEqual(["region", "service"]);
    expect(p.constantLabels).toEqual({ job: "api" });
  });

  it("reports min/max/last per series as Prometheus wrote them, largest first, all-NaN last", () => {
    const p = recordingPreview(result, 10);
    expect(p.series.map((s) => s.labels.service)).toEqual(["checkout", "cart", "search"]);
    expect(p.series[0]).toMatchObject({ min: "1", max: "+Inf", last: "1", lastAt: 3, samples: 3, nanSamples: 0 });
    expect(p.series[1]).toMatchObject({ min: "0.1", max: "0.3", last: "0.2" });
    expect(p.series[2]).toMatchObject({ min: null, max: null, last: "NaN", nanSamples: 2 });
    expect(p.nanSamples).toBe(2);
    expect(p.warnings.some((w) => w.includes("2 sample(s) are NaN"))).toBe(true);
  });

  it("keeps only the top N series but counts all", () => {
    const p = recordingPreview(result, 1);
    expect(p.seriesCount).toBe(3);
    expect(p.series).toHaveLength(1);
    expect(p.series[0]?.labels.service).toBe("checkout");
  });

  it("drops __name__ (the rule replaces it) and warns when that makes series collide", () => {
    const p = recordingPreview(
      [
        { metric: { __name__: "a", job: "x" }, values: [[1, "1"]] },
        { metric: { __name__: "b", job: "x" }, values: [[2, "5"]] },
      ],
      5,
    );
    expect(p.seriesCount).toBe(1);
    expect(p.varyingLabels).toEqual([]);
    expect(p.series[0]).toMatchObject({ labels: { job: "x" }, min: "1", max: "5", last: "5", lastAt: 2 });
    expect(p.warnings[0]).toContain("same labelset after applying rule labels");
  });

  it("parses Prometheus's special sample values", () => {
    expect(parseSampleValue("+Inf")).toBe(Infinity);
    expect(parseSampleValue("-Inf")).toBe(-Infinity);
    expect(parseSampleValue("NaN")).toBeNaN();
    expect(parseSampleValue("1e-3")).toBe(0.001);
    expect(parseSampleValue("")).toBeNaN();
  });
});
