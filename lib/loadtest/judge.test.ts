import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { judgeRun, judgeSlo, SLO_FAILURE_RATE, SLO_P95_MS } from "./judge";
import { parseK6Summary } from "./parse";
import type { LoadTestSummary } from "./summary";

/**
 * "Its thresholds are judged as k6 judged them": the console's own evaluation of every
 * threshold of the real k6 files (test/fixtures/k6/NOTICE) against k6's verdict in
 * the same file, for both shapes, then the SLO checks on known numbers.
 */

const REAL = [
  "handle-summary-grafana-circleci-orb.json",
  "handle-summary-k6-reporter-grpc.json",
  "handle-summary-k6-reporter-simple.json",
  "summary-export-prefapp-analyzer.json",
  "summary-export-k6-html-reporter-v029.json",
];

function load(name: string): LoadTestSummary {
  const r = parseK6Summary(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/k6", name), "utf8"));
  if (!r.ok) throw new Error(r.error.message);
  return r.summary;
}

describe("the console agrees with k6 on the real files", () => {
  const all = REAL.map((f) => ({ file: f, summary: load(f) }));

  for (const { file, summary } of all) {
    it(`${file}: every threshold judged, each as k6 did`, () => {
      const j = judgeRun(summary);
      for (const t of j.thresholds) expect({ threshold: `${t.metric}: ${t.expression}`, console: t.console.status }).toEqual({ threshold: `${t.metric}: ${t.expression}`, console: t.k6 });
      expect(j.disagreements).toBe(0);
      expect(j.console).toBe(j.k6);
    });
  }

  it("covers passed and failed thresholds in both shapes (8 thresholds, 2 failed)", () => {
    const tally: Record<string, number> = {};
    for (const { summary } of all) for (const t of judgeRun(summary).thresholds) tally[`${summary.format} ${t.k6}`] = (tally[`${summary.format} ${t.k6}`] ?? 0) + 1;
    expect(tally).toEqual({ "handle-summary passed": 5, "handle-summary failed": 1, "summary-export passed": 1, "summary-export failed": 1 });
  });

  it("--summary-export's true means failed: prefapp's p(95) of 1957.7 ms against p(95)<1000 is written true", () => {
    const s = load("summary-export-prefapp-analyzer.json");
    const raw = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/k6/summary-export-prefapp-analyzer.json"), "utf8")) as { metrics: Record<string, { thresholds?: Record<string, boolean> }> };
    expect(raw.metrics.http_req_duration!.thresholds).toEqual({ "p(95)<1000": true });
    expect(raw.metrics.http_req_failed!.thresholds).toEqual({ "rate<0.1": false });
    const [p95, failed] = judgeRun(s).thresholds;
    expect(p95).toMatchObject({ k6: "failed", console: { status: "failed", measured: 1957.7001869999967 } });
    expect(failed).toMatchObject({ k6: "passed", console: { status: "passed", measured: 116921 / (116921 + 2099576) } });
  });

  it("handleSummary's ok means passed: grpc.json's fake_rate 0.4998 against rate >= 0.8 is ok false", () => {
    const t = judgeRun(load("handle-summary-k6-reporter-grpc.json")).thresholds.find((x) => x.metric === "fake_rate")!;
    expect(t).toMatchObject({ k6: "failed", console: { status: "failed", measured: 4806 / (4806 + 4809) } });
  });
});

describe("edge cases (hand-written file)", () => {
  const j = judgeRun(load("hand-written/edge-cases.handle-summary.json"));
  const by = (metric: string, expression: string) => j.thresholds.find((t) => t.metric === metric && t.expression === expression)!;

  it("an empty rate metric passes as in k6; a boundary value fails a strict '<'", () => {
    expect(by("checks{step:never ran}", "rate>0.95")).toMatchObject({ k6: "passed", agrees: true, console: { status: "passed", measured: null } });
    expect(by("http_req_failed", "rate<0.01")).toMatchObject({ k6: "failed", agrees: true, console: { status: "failed", measured: 0.01 } });
    expect(by("http_req_duration", "p(50)<=100")).toMatchObject({ agrees: true, console: { status: "passed", measured: 100 } });
  });

  it("a percentile the file does not report cannot be judged: k6's verdict stands, the console says so", () => {
    expect(by("http_req_duration", "p(99)<300")).toMatchObject({ k6: "failed", agrees: null, console: { status: "unknown" } });
    expect(j).toMatchObject({ k6: "failed", console: "failed", disagreements: 0 });
  });
});

describe("SLO checks: p95 < 200 ms and failure rate < 1 %", () => {
  it("are the reference thresholds", () => expect([SLO_P95_MS, SLO_FAILURE_RATE]).toEqual([200, 0.01]));

  it("on the real files, with each measured value", () => {
    expect(judgeSlo(load("handle-summary-grafana-circleci-orb.json"))).toEqual({
      verdict: "failed",
      checks: [
        { id: "p95", label: "p95 of http_req_duration", target: "< 200 ms", measured: 260.64205000000004, status: "failed" },
        { id: "failure_rate", label: "http_req_failed rate", target: "< 1 %", measured: 0, status: "passed" },
      ],
    });
    const simple = judgeSlo(load("handle-summary-k6-reporter-simple.json"));
    expect(simple.checks.map((c) => [c.id, c.status, c.measured])).toEqual([
      ["p95", "passed", 30.0256841],
      ["failure_rate", "failed", 349 / 878],
    ]);
    expect(judgeSlo(load("summary-export-prefapp-analyzer.json")).checks.map((c) => c.status)).toEqual(["failed", "failed"]);
  });

  it("strictly below: 199.99 ms passes, a failure rate of exactly 1 % fails", () => {
    const slo = judgeSlo(load("hand-written/edge-cases.handle-summary.json"));
    expect(slo.checks.map((c) => [c.status, c.measured])).toEqual([
      ["passed", 199.99],
      ["failed", 0.01],
    ]);
    expect(slo.verdict).toBe("failed");
  });

  it("unknown, with the reason, when the file cannot say", () => {
    const grpc = judgeSlo(load("handle-summary-k6-reporter-grpc.json"));
    expect(grpc.verdict).toBe("unknown");
    expect(grpc.checks.map((c) => c.reason)).toEqual(["the run made no HTTP requests (no http_req_duration)", "the file has no http_req_failed (k6 records it since v0.31)"]);
    // k6 before v0.31: p95 known (passes), failure rate unknown
    const old = judgeSlo(load("summary-export-k6-html-reporter-v029.json"));
    expect(old.checks.map((c) => c.status)).toEqual(["passed", "unknown"]);
    expect(old.verdict).toBe("unknown");
  });
});
