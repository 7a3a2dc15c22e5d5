import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseK6Summary } from "./parse";
import { LOADTEST_LIMITS, findMetric, headline, type LoadTestSummary } from "./summary";

/** Reading k6's two summary files: the real ones of test/fixtures/k6 (NOTICE), then broken and partial ones. */

const fixture = (f: string) => readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/k6", f), "utf8");

function ok(text: string): LoadTestSummary {
  const r = parseK6Summary(text);
  if (!r.ok) throw new Error(`refused: ${r.error.message}`);
  return r.summary;
}

function refusal(text: string) {
  const r = parseK6Summary(text);
  if (r.ok) throw new Error("expected a refusal");
  return r.error;
}

describe("real handleSummary files", () => {
  it("grafana/k6-example-circleci-orb: types, values, thresholds (ok → passed), duration from state", () => {
    const s = ok(fixture("handle-summary-grafana-circleci-orb.json"));
    expect(s.format).toBe("handle-summary");
    expect(s.metrics).toHaveLength(16);
    expect(findMetric(s, "http_req_duration")).toMatchObject({ type: "trend", contains: "time", inferred: false, values: { "p(95)": 260.64205000000004, med: 255.0285 } });
    expect(findMetric(s, "http_req_failed")!.values).toEqual({ rate: 0, passes: 0, fails: 20 });
    expect(s.thresholds).toEqual([
      { metric: "http_req_duration", expression: "p(95)<500", k6: "passed" },
      { metric: "http_req_failed", expression: "rate<0.01", k6: "passed" },
    ]);
    expect(s.k6Verdict).toBe("passed");
    expect(s).toMatchObject({ durationMs: 8274.949, durationSource: "state", vusMax: 5, iterations: 10, requests: 20, notes: [] });
    expect(s.checks).toEqual({ passes: 0, fails: 0, list: [], truncated: false });
  });

  it("benc-uk/k6-reporter grpc.json: a failed threshold (ok false) and the run's verdict", () => {
    const s = ok(fixture("handle-summary-k6-reporter-grpc.json"));
    expect(s.thresholds).toContainEqual({ metric: "fake_rate", expression: "rate >= 0.8", k6: "failed" });
    expect(s.thresholds).toContainEqual({ metric: "grpc_req_duration", expression: "med <= 2", k6: "passed" });
    expect(s.k6Verdict).toBe("failed");
    expect(s.checks).toEqual({ passes: 9615, fails: 0, list: [{ path: "::status is OK", name: "status is OK", passes: 9615, fails: 0 }], truncated: false });
  });

  it("benc-uk/k6-reporter simple.json: groups flattened in order, p(99) kept, headline numbers", () => {
    const s = ok(fixture("handle-summary-k6-reporter-simple.json"));
    expect(s.checks.list.map((c) => c.path)).toEqual(["::Status is ok", "::Example group::NOT 500"]);
    // totals from the checks metric (529 + 349), which counts every check k6 ran
    expect([s.checks.passes, s.checks.fails]).toEqual([529, 349]);
    expect(findMetric(s, "http_req_duration")!.values["p(99)"]).toBe(39.577136380000084);
    expect(headline(s)).toEqual({ p95Ms: 30.0256841, failureRate: 349 / 878, rps: 35.94634922417172, requests: 878, durationMs: 24425.289882, vusMax: 20 });
  });
});

describe("real --summary-export files", () => {
  it("prefapp: flat statistics, types read off the fields, a rate's `value` as rate, true = failed", () => {
    const s = ok(fixture("summary-export-prefapp-analyzer.json"));
    expect(s.format).toBe("summary-export");
    expect(findMetric(s, "http_req_duration")).toMatchObject({ type: "trend", contains: "time", inferred: true, values: { "p(95)": 1957.7001869999967 } });
    expect(findMetric(s, "http_req_failed")).toMatchObject({ type: "rate", values: { rate: 0.052750353372912305, passes: 116921, fails: 2099576 } });
    expect(findMetric(s, "http_reqs")).toMatchObject({ type: "counter", contains: "default", values: { count: 2216497, rate: 408.1407441047425 } });
    expect(findMetric(s, "vus_max")).toMatchObject({ type: "gauge", values: { value: 1000 } });
    expect(findMetric(s, "data_sent")?.contains).toBe("data");
    expect(s.thresholds).toEqual([
      { metric: "http_req_duration", expression: "p(95)<1000", k6: "failed" },
      { metric: "http_req_failed", expression: "rate<0.1", k6: "passed" },
    ]);
    expect(s.k6Verdict).toBe("failed");
    // no duration in the file: count ÷ rate of http_reqs, said in a note
    expect(s.durationSource).toBe("derived");
    expect(s.durationMs! / 1000).toBeCloseTo(2216497 / 408.1407441047425, 6);
    expect(s.notes.join("\n")).toMatch(/derived from http_reqs/);
  });

  it("k6 before v0.30: the checks rate written as 0 is recomputed from passes and fails, with a note", () => {
    const s = ok(fixture("summary-export-k6-html-reporter-v029.json"));
    expect(findMetric(s, "checks")!.values).toEqual({ rate: 1, passes: 29, fails: 0 });
    expect(s.notes.join("\n")).toMatch(/metrics\.checks: the file's rate 0 disagrees with its passes and fails \(29 of 29/);
    expect(s.checks.list).toEqual([{ path: "::status is 200", name: "status is 200", passes: 29, fails: 0 }]);
    expect(s.thresholds).toEqual([]);
    expect(s.k6Verdict).toBeNull();
  });
});

describe("hand-written edge cases", () => {
  it("nulls (k6's NaN) are left out with a note; groups are walked", () => {
    const s = ok(fixture("hand-written/edge-cases.handle-summary.json"));
    expect(findMetric(s, "iteration_duration")!.values).toEqual({ "p(95)": 1000 });
    expect(s.notes).toContain('metrics.iteration_duration.values.avg is null (k6 writes NaN as null): left out');
    expect(s.checks.list.map((c) => c.path)).toEqual(["::status 200", "::checkout::status 201"]);
    expect([s.checks.passes, s.checks.fails]).toEqual([1190, 10]);
  });

  it("summary-export with checks as objects and nested groups keyed by name", () => {
    const text = JSON.stringify({
      root_group: { name: "", path: "", groups: { login: { name: "login", path: "::login", groups: {}, checks: { "is 200": { name: "is 200", path: "::login::is 200", passes: 3, fails: 1 } } } }, checks: {} },
      metrics: { checks: { passes: 3, fails: 1, value: 0.75 }, iterations: { count: 4, rate: 2 } },
    });
    const s = ok(text);
    expect(s.checks.list).toEqual([{ path: "::login::is 200", name: "is 200", passes: 3, fails: 1 }]);
    expect(s.durationMs).toBe(2000);
  });
});

describe("refusals say what is wrong and where", () => {
  const cases: [string, string, string][] = [
    ["a partial handleSummary metric", fixture("hand-written/partial-values.handle-summary.json"), "metrics.http_req_duration.values: expected an object, got the number 42"],
    ["k6's new machine-readable summary", fixture("hand-written/new-machine-readable.json"), "this is k6's new machine-readable summary"],
    ["an empty file", "  \n", "the file is empty"],
    ["not an object", "[1, 2]", "expected a JSON object (k6's summary), got a list"],
    ["no metrics", '{"root_group": {}}', "metrics: missing: every k6 summary has a metrics object"],
    ["metrics not an object", '{"metrics": []}', "metrics: expected an object, got a list"],
    ["no metric at all", '{"metrics": {}}', "metrics: empty: the run recorded no metric"],
    ["a metric without its type", '{"state": {}, "metrics": {"x": {"contains": "default", "values": {"count": 1}}}}', 'metrics.x.type: missing (expected one of "counter", "gauge", "rate", "trend")'],
    ["a counter without count", '{"state": {}, "metrics": {"http_reqs": {"type": "counter", "contains": "default", "values": {"rate": 1}}}}', "metrics.http_reqs.values.count: missing (a counter reports its count)"],
    ["a rate without fails", '{"metrics": {"checks": {"passes": 3, "value": 1}}}', "metrics.checks.fails: missing (a rate metric reports passes and fails)"],
    ["a threshold verdict that is not an object", '{"state": {}, "metrics": {"http_req_duration": {"type": "trend", "contains": "time", "values": {"p(95)": 1}, "thresholds": {"p(95)<200": true}}}}', 'metrics.http_req_duration.thresholds["p(95)<200"]: expected an object, got true'],
    ["handleSummary's ok in a --summary-export file", '{"metrics": {"http_req_duration": {"p(95)": 1, "thresholds": {"p(95)<200": {"ok": true}}}}}', 'metrics.http_req_duration.thresholds["p(95)<200"]: expected true or false, got an object'],
    ["a statistic that is text", '{"metrics": {"http_req_duration{status:200}": {"avg": "12 ms"}}}', 'metrics["http_req_duration{status:200}"].avg: expected a number, got the text "12 ms"'],
    ["shapes mixed", '{"metrics": {"a": {"count": 1, "rate": 1}, "b": {"type": "counter", "values": {"count": 1}}}}', "metrics.a.type: missing"],
    ["a metric of no kind", '{"metrics": {"weird": {"thresholds": {}}}}', "metrics.weird: no statistics k6 writes"],
    ["a check without passes", '{"metrics": {"iterations": {"count": 1, "rate": 1}}, "root_group": {"checks": [{"name": "x", "fails": 0}]}}', "root_group.checks[0].passes: missing (expected a number)"],
    ["groups that are text", '{"metrics": {"iterations": {"count": 1, "rate": 1}}, "root_group": {"groups": "none"}}', 'root_group.groups: expected a list or an object, got the text "none"'],
    ["an empty threshold expression", '{"metrics": {"x": {"avg": 1, "thresholds": {"": true}}}}', 'metrics.x.thresholds[""]: not a name k6 writes (empty, or too long)'],
    ["a bad duration", '{"state": {"testRunDurationMs": "60s"}, "metrics": {"iterations": {"type": "counter", "contains": "default", "values": {"count": 1}}}}', 'state.testRunDurationMs: expected a number, got the text "60s"'],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => expect(refusal(text).message).toContain(message));
  }

  it("the path is given apart from the message", () => {
    expect(refusal(fixture("hand-written/partial-values.handle-summary.json")).path).toBe("metrics.http_req_duration.values");
  });

  it("JSON syntax errors come with a line and column, also for a file cut short", () => {
    const real = fixture("handle-summary-grafana-circleci-orb.json");
    expect(refusal('{\n  "metrics": {\n    "a": 1,\n  }\n}').message).toBe("not valid JSON at line 4, column 3: expected a property name in double quotes");
    expect(refusal('{"metrics": {"a": tru}}').message).toMatch(/^not valid JSON at line 1, column 19: expected a value/);
    expect(refusal(real.slice(0, 1000)).message).toMatch(/^not valid JSON at line 1, column 1001: expected more JSON: the file ends before the JSON does/);
    expect(refusal('{"metrics": {}} x').message).toMatch(/column 17: expected nothing after the JSON value/);
  });

  it("size and count limits", () => {
    const big = `{"metrics": {"a": {"count": 1, "rate": 1}}, "pad": "${"x".repeat(LOADTEST_LIMITS.fileBytes)}"}`;
    expect(refusal(big).message).toMatch(/^the file has 2\.0 MB; .* at most 2 MB$/);
    // multi-byte characters count as bytes, not characters
    expect(refusal(`{"pad": "${"é".repeat(LOADTEST_LIMITS.fileBytes / 2 + 10)}"}`).message).toMatch(/the file has 2\.0 MB/);
    const many = Object.fromEntries(Array.from({ length: LOADTEST_LIMITS.metrics + 1 }, (_, i) => [`m${i}`, { count: 1, rate: 1 }]));
    expect(refusal(JSON.stringify({ metrics: many })).message).toBe(`metrics: ${LOADTEST_LIMITS.metrics + 1} metrics; the console takes at most ${LOADTEST_LIMITS.metrics}`);
    let deep: Record<string, unknown> = { name: "", checks: [] };
    for (let i = 0; i < 40; i++) deep = { name: `g${i}`, groups: [deep], checks: [] };
    expect(refusal(JSON.stringify({ metrics: { iterations: { count: 1, rate: 1 } }, root_group: deep })).message).toMatch(/groups nested more than 32 deep/);
  });

  it("never throws: every prefix of the real files, and values swapped for other JSON types, are read or refused", () => {
    const files = ["handle-summary-k6-reporter-grpc.json", "summary-export-prefapp-analyzer.json"].map(fixture);
    for (const text of files) {
      for (let n = 0; n <= text.length; n += 7) expect(() => parseK6Summary(text.slice(0, n))).not.toThrow();
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?/g)];
      for (const [i, m] of numbers.entries()) {
        if (i % 3) continue;
        for (const swap of ["null", '"x"', "[]", "{}", "true"]) {
          const mutated = text.slice(0, m.index) + swap + text.slice(m.index + m[0].length);
          expect(() => parseK6Summary(mutated)).not.toThrow();
        }
      }
    }
  });
});
