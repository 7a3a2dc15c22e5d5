import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { trend } from "./trend";
import { parseK6Summary } from "./parse";
import type { LoadTestSummary } from "./summary";

/** The trend across a service's runs: time order, headline numbers, change against the run before. */

function load(name: string): LoadTestSummary {
  const r = parseK6Summary(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/k6", name), "utf8"));
  if (!r.ok) throw new Error(r.error.message);
  return r.summary;
}

describe("trend", () => {
  it("orders runs by date and computes each change by hand-checkable numbers", () => {
    const circle = load("handle-summary-grafana-circleci-orb.json"); // p95 260.64205, failure 0, 2.4169 req/s
    const simple = load("handle-summary-k6-reporter-simple.json"); // p95 30.0256841, failure 349/878, 35.946 req/s
    const points = trend([
      { id: "b", name: "after the cache", runAt: "2026-03-08T10:00:00Z", summary: simple },
      { id: "a", name: "baseline", runAt: new Date("2026-03-01T10:00:00Z"), summary: circle },
    ]);
    expect(points.map((p) => [p.id, p.name, p.runAt])).toEqual([
      ["a", "baseline", "2026-03-01T10:00:00.000Z"],
      ["b", "after the cache", "2026-03-08T10:00:00Z"],
    ]);
    expect(points[0]).toMatchObject({ p95Ms: 260.64205000000004, failureRate: 0, rps: 2.4169333249062928, slo: "failed", k6: "passed", change: { p95Ms: null, failureRate: null, rps: null } });
    const [, second] = points;
    expect(second!.change.p95Ms!.abs).toBeCloseTo(30.0256841 - 260.64205, 9);
    expect(second!.change.p95Ms!.pct).toBeCloseTo(-88.48, 2);
    // from 0 % failures: the absolute change, and no percentage of zero
    expect(second!.change.failureRate).toEqual({ abs: 349 / 878, pct: null });
    expect(second!.change.rps!.pct).toBeCloseTo((35.94634922417172 / 2.4169333249062928 - 1) * 100, 9);
  });

  it("keeps runs without HTTP numbers, with no change to compute", () => {
    const points = trend([
      { id: "1", name: "grpc", runAt: "2026-01-01T00:00:00Z", summary: load("handle-summary-k6-reporter-grpc.json") },
      { id: "2", name: "http", runAt: "2026-01-02T00:00:00Z", summary: load("summary-export-prefapp-analyzer.json") },
    ]);
    expect(points.map((p) => [p.p95Ms, p.failureRate, p.slo])).toEqual([
      [null, null, "unknown"],
      [1957.7001869999967, 116921 / 2216497, "failed"],
    ]);
    expect(points[1]!.change).toEqual({ p95Ms: null, failureRate: null, rps: null });
  });

  it("breaks ties on the same date by id, so the order is stable", () => {
    const s = load("handle-summary-grafana-circleci-orb.json");
    const at = "2026-02-01T00:00:00Z";
    expect(trend([{ id: "z", name: "z", runAt: at, summary: s }, { id: "m", name: "m", runAt: at, summary: s }]).map((p) => p.id)).toEqual(["m", "z"]);
  });
});
