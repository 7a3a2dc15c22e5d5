import { describe, expect, it } from "vitest";
import { compare, evaluateThreshold, parseThreshold, type Operator } from "./threshold";
import type { LoadTestMetric } from "./summary";

/** k6's threshold syntax and judgement (metrics/thresholds_parser.go, metrics/thresholds.go), case by case. */

const trend = (values: Record<string, number>): LoadTestMetric => ({ name: "http_req_duration", type: "trend", contains: "time", inferred: false, values });
const rate = (passes: number, fails: number): LoadTestMetric => ({ name: "http_req_failed", type: "rate", contains: "default", inferred: false, values: { rate: passes + fails ? passes / (passes + fails) : 0, passes, fails } });
const counter: LoadTestMetric = { name: "http_reqs", type: "counter", contains: "default", inferred: false, values: { count: 1200, rate: 20 } };
const gauge: LoadTestMetric = { name: "vus_max", type: "gauge", contains: "default", inferred: false, values: { value: 50, min: 50, max: 50 } };

describe("parseThreshold", () => {
  const good: [string, string, number | null, Operator, number][] = [
    ["p(95)<200", "p", 95, "<", 200],
    ["p(99.9)<=500", "p", 99.9, "<=", 500],
    ["avg<100", "avg", null, "<", 100],
    ["med>=1.5", "med", null, ">=", 1.5],
    ["min>0", "min", null, ">", 0],
    ["max<4000", "max", null, "<", 4000],
    ["count>10", "count", null, ">", 10],
    ["rate<0.01", "rate", null, "<", 0.01],
    ["value==50", "value", null, "==", 50],
    ["value===50", "value", null, "===", 50],
    ["rate!=0", "rate", null, "!=", 0],
    // spaces around either side, as the real files have them ("rate >= 0.8", "p(95) < 5000")
    ["rate >= 0.8", "rate", null, ">=", 0.8],
    ["  p(95)   <   5000 ", "p", 95, "<", 5000],
    ["rate == 1.00", "rate", null, "==", 1],
    ["p(0)<1", "p", 0, "<", 1],
    ["p(100)<1", "p", 100, "<", 1],
    ["avg<1e3", "avg", null, "<", 1000],
    ["avg<-5", "avg", null, "<", -5],
    ["avg<.5", "avg", null, "<", 0.5],
  ];
  for (const [src, aggregation, percentile, operator, value] of good) {
    it(`reads ${JSON.stringify(src)}`, () => expect(parseThreshold(src)).toEqual({ ok: true, value: { source: src, aggregation, percentile, operator, value } }));
  }

  const bad: [string, RegExp][] = [
    ["p(95)", /no operator/],
    ["p(95)<", /no operator/],
    ["<200", /"" is not an aggregation/],
    ["p95<200", /"p95" is not an aggregation/],
    ["average<200", /"average" is not an aggregation/],
    ["p(101)<200", /between 0 and 100/],
    ["p(-1)<200", /between 0 and 100/],
    ["p( 95 )<200", /between 0 and 100/],
    ["p(95)<200ms", /"200ms" is not a number/],
    ["p(95)<<200", /"<200" is not a number/],
    ["p(95)=200", /no operator/],
    ["p(95)<1e400", /is not a number/],
  ];
  for (const [src, error] of bad) {
    it(`refuses ${JSON.stringify(src)}`, () => {
      const r = parseThreshold(src);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    });
  }

  it("scans the operators in k6's order: '<=' before '<', '>=' before '>', '===' before '=='", () => {
    expect(parseThreshold("avg<=1")).toMatchObject({ value: { operator: "<=" } });
    expect(parseThreshold("avg>=1")).toMatchObject({ value: { operator: ">=" } });
    expect(parseThreshold("avg===1")).toMatchObject({ value: { operator: "===" } });
    // "<" is scanned before "!=": the left side "avg!=" is no aggregation, as in k6
    expect(parseThreshold("avg!=<1").ok).toBe(false);
  });
});

describe("compare", () => {
  it("is strict where the operator is", () => {
    expect([compare(200, "<", 200), compare(200, "<=", 200), compare(200, ">", 200), compare(200, ">=", 200)]).toEqual([false, true, false, true]);
    expect([compare(1, "==", 1), compare(1, "===", 1), compare(1, "!=", 1), compare(0.1 + 0.2, "==", 0.3)]).toEqual([true, true, false, false]);
  });
});

describe("evaluateThreshold", () => {
  it("compares the file's statistic", () => {
    expect(evaluateThreshold("p(95)<200", trend({ "p(95)": 199.9 }))).toEqual({ status: "passed", stat: "p(95)", measured: 199.9 });
    expect(evaluateThreshold("p(95)<200", trend({ "p(95)": 200 }))).toEqual({ status: "failed", stat: "p(95)", measured: 200 });
    expect(evaluateThreshold("count>1000", counter)).toMatchObject({ status: "passed", measured: 1200 });
    expect(evaluateThreshold("rate<10", counter)).toMatchObject({ status: "failed", measured: 20 });
    expect(evaluateThreshold("value==50", gauge)).toMatchObject({ status: "passed", measured: 50 });
    expect(evaluateThreshold("rate<0.01", rate(1, 99))).toMatchObject({ status: "failed", measured: 0.01 });
  });

  it("finds a percentile however the file spells it, and p(50) as med", () => {
    expect(evaluateThreshold("p(99.9)<500", trend({ "p(99.90)": 400 }))).toMatchObject({ status: "passed", measured: 400 });
    expect(evaluateThreshold("p(50)<=100", trend({ med: 100 }))).toMatchObject({ status: "passed", measured: 100 });
    expect(evaluateThreshold("med<=100", trend({ "p(50)": 100 }))).toMatchObject({ status: "passed", measured: 100 });
  });

  it("a rate metric without samples passes, as in k6 (it has no rate to compare)", () => {
    expect(evaluateThreshold("rate>0.95", rate(0, 0))).toEqual({ status: "passed", stat: "rate", measured: null, reason: "no samples: k6 passes a rate threshold on an empty metric" });
  });

  it("cannot tell without the statistic, the metric, or a threshold k6 would accept", () => {
    expect(evaluateThreshold("p(99)<300", trend({ "p(95)": 1 }))).toMatchObject({ status: "unknown", reason: "the file does not report p(99) (add it to summaryTrendStats)" });
    expect(evaluateThreshold("p(95)<300", undefined)).toMatchObject({ status: "unknown", reason: "the file has no such metric" });
    expect(evaluateThreshold("avg<300", counter)).toMatchObject({ status: "unknown", reason: "avg does not apply to a counter metric (k6 allows count, rate)" });
    expect(evaluateThreshold("count<3", trend({ count: 1 }))).toMatchObject({ status: "unknown", reason: expect.stringContaining("count does not apply to a trend metric") });
    expect(evaluateThreshold("p95<300", trend({}))).toMatchObject({ status: "unknown", reason: expect.stringMatching(/^k6 would refuse this threshold/) });
  });
});
