import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { checkPromQL } from "@/lib/promql/check";
import { ruleGroups } from "./generate";
import {
  recordedPeriodQuery,
  badRateQuery,
  budgetRemainingQuery,
  errorRatioQuery,
  promDurationSeconds,
  rawCostNote,
  recordedErrorRatioQuery,
  recordedWindowName,
  SLOTH_WINDOWS,
  sloErrorRatioQuery,
  type SloQuerySpec,
  totalRateQuery,
} from "./queries";
import { periodDays, type SloSpec, type SloWindow } from "./spec";

const base = { name: "requests-availability", service: "checkout", objective: 99.9 };

const ratio: SloQuerySpec = {
  ...base,
  sli: {
    kind: "ratio",
    errorQuery: 'sum(rate(http_requests_total{service="checkout",status=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{ .window }}]))',
  },
};
const ratioGood: SloQuerySpec = {
  ...base,
  sli: { kind: "ratio-good", goodQuery: 'sum(rate(http_requests_total{status!~"5.."}[{{.window}}]))', totalQuery: "sum(rate(http_requests_total[{{.window}}]))" },
};
const latency = (thresholdSeconds: number, selector: Record<string, string> = { service: "checkout" }): SloQuerySpec => ({
  ...base,
  sli: { kind: "latency", metric: "http_request_duration_seconds", thresholdSeconds, selector },
});
const availability = (upSelector: Record<string, string> = { job: "checkout" }): SloQuerySpec => ({ ...base, sli: { kind: "availability", upSelector } });
const raw: SloQuerySpec = {
  ...base,
  sli: { kind: "raw", errorRatioQuery: "sum(rate(errors_total[{{.window}}])) / sum(rate(requests_total[{{.window}}]))" },
};
const ALL = { ratio, ratioGood, latency: latency(0.5), latencyWhole: latency(1), availability: availability(), raw };

/** Node names of the parse tree (the query's structure), its string literals decoded, and the parse errors. */
function shape(query: string): { nodes: string[]; strings: string[]; errors: number } {
  const nodes: string[] = [];
  const strings: string[] = [];
  let errors = 0;
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors++;
      nodes.push(node.name);
      if (node.name === "StringLiteral") strings.push(JSON.parse(query.slice(node.from, node.to)) as string);
    },
  });
  return { nodes, strings, errors };
}

/**
 * checkPromQL's problems, re-checked up to twice more. lib/promql/check.ts hands the
 * type checker `syntaxTree(state)`, the tree CodeMirror built within its 20 ms
 * initial budget, not the complete one from ensureSyntaxTree; when that first parse
 * runs long (a few calls in a thousand on a loaded machine) it reports spurious type
 * errors. A real error shows on every run; syntax is also checked on a full lezer
 * parse (`shape`).
 */
function problems(query: string) {
  let found = checkPromQL(query);
  for (let i = 0; i < 2 && found.length > 0; i++) found = checkPromQL(query);
  return found;
}

describe("errorRatioQuery", () => {
  it("guards the ratio SLI against 0/0 and a missing error series", () => {
    expect(errorRatioQuery(ratio, "5m")).toBe(
      '((sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m]))) / ((sum(rate(http_requests_total{service="checkout"}[5m]))) > 0))' +
        ' or ((sum(rate(http_requests_total{service="checkout"}[5m]))) * 0)',
    );
  });

  it("builds 1 − good/total with missing good events as all bad", () => {
    const T = "(sum(rate(http_requests_total[1h])))";
    const G = '(sum(rate(http_requests_total{status!~"5.."}[1h])))';
    expect(errorRatioQuery(ratioGood, "1h")).toBe(`(1 - ((${G} / (${T} > 0)) or ((${T} > 0) * 0))) or (${T} * 0)`);
  });

  it("reads latency from the bucket at the threshold over the count", () => {
    const q = errorRatioQuery(latency(0.5), "5m");
    expect(q).toContain('sum(rate(http_request_duration_seconds_bucket{service="checkout",le="0.5"}[5m]))');
    expect(q).toContain('sum(rate(http_request_duration_seconds_count{service="checkout"}[5m]))');
    // whole seconds match Prometheus 2's "1" and Prometheus 3's normalised "1.0"
    expect(shape(errorRatioQuery(latency(1), "5m")).strings).toContain("1(\\.0)?");
  });

  it("reads availability as the share of failed scrapes", () => {
    expect(errorRatioQuery(availability(), "30d")).toBe('1 - avg(avg_over_time(up{job="checkout"}[30d]))');
    expect(totalRateQuery(availability(), "5m")).toBe('sum(count_over_time(up{job="checkout"}[5m])) / 300');
  });

  it("reads a raw error ratio with NaN as 0", () => {
    const r = "sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))";
    expect(errorRatioQuery(raw, "5m")).toBe(`((${r}) >= 0) or ((${r}) >= bool 0)`);
    expect(totalRateQuery(raw, "5m")).toBeUndefined();
    expect(badRateQuery(raw, "5m")).toBeUndefined();
  });

  it("parses and type-checks for every SLI kind and window", () => {
    // the check is not vacuous: a misuse of the same expression is caught
    expect(problems(`rate(${errorRatioQuery(ratio, "5m")})`)[0]?.message).toMatch(/expected type matrix/);
    for (const [kind, slo] of Object.entries(ALL)) {
      for (const window of ["5m", "1h", "3d", "30d"]) {
        for (const query of [errorRatioQuery(slo, window), totalRateQuery(slo, window), badRateQuery(slo, window)]) {
          if (query === undefined) continue;
          expect(query, kind).not.toContain("{{");
          expect(shape(query).errors, query).toBe(0);
          expect(problems(query), `${kind} ${window}: ${query}`).toEqual([]);
        }
      }
    }
  });
});

describe("event rates", () => {
  it("total is the spec's total; bad is 0 rather than empty without an error series", () => {
    expect(totalRateQuery(ratio, "5m")).toBe('sum(rate(http_requests_total{service="checkout"}[5m]))');
    expect(badRateQuery(ratio, "5m")).toBe(
      '(sum(rate(http_requests_total{service="checkout",status=~"5.."}[5m]))) or ((sum(rate(http_requests_total{service="checkout"}[5m]))) * 0)',
    );
    expect(badRateQuery(ratioGood, "5m")).toBe(
      '(sum(rate(http_requests_total[5m]))) - ((sum(rate(http_requests_total{status!~"5.."}[5m]))) or ((sum(rate(http_requests_total[5m]))) * 0))',
    );
  });
});

describe("recorded queries", () => {
  const rule5m = 'slo:sli_error:ratio_rate5m{sloth_id="checkout-requests-availability"}';

  it("reads Sloth's alert-window rules by sloth_id = <service>-<name>, NaN as 0", () => {
    expect(recordedErrorRatioQuery(ratio, "5m")).toBe(`((${rule5m}) >= 0) or ((${rule5m}) >= bool 0)`);
  });

  it("falls back to the NaN-safe mean of the 5m ratios when the period rule is NaN", () => {
    const rule30d = 'slo:sli_error:ratio_rate30d{sloth_id="checkout-requests-availability"}';
    expect(recordedErrorRatioQuery(ratio, "30d")).toBe(
      `(${rule30d} >= 0) or ignoring (sloth_window) avg_over_time((((${rule5m}) >= 0) or ((${rule5m}) >= bool 0))[30d:5m])`,
    );
    expect(problems(recordedErrorRatioQuery(ratio, "30d"))).toEqual([]);
    expect(recordedPeriodQuery(ratio, "30d")).toBe(rule30d);
    expect(recordedPeriodQuery(ratio, "28d")).toBe(rule30d.replace("30d", "4w"));
  });

  it("names period rules as Prometheus prints durations, like the generator", () => {
    expect(recordedWindowName("28d")).toBe("4w");
    expect(recordedWindowName("7d")).toBe("1w");
    expect(recordedWindowName("30d")).toBe("30d");
    expect(recordedErrorRatioQuery(ratio, "28d")).toContain("slo:sli_error:ratio_rate4w{");
    expect(recordedErrorRatioQuery(ratio, "28d")).toContain("[28d:5m]");
  });

  it("reads exactly the series generate.ts records, for every window of every period", () => {
    const windows: SloWindow[] = [
      { kind: "rolling", days: 7 },
      { kind: "rolling", days: 28 },
      { kind: "rolling", days: 30 },
      { kind: "calendar", unit: "month" },
      { kind: "calendar", unit: "quarter" },
    ];
    for (const window of windows) {
      const slo: SloSpec = {
        ...ratio,
        labels: {},
        window,
        alerting: {
          name: "CheckoutAvailability",
          pageTiers: { fast: true, slow: true },
          ticketTiers: { fast: true, slow: true },
          pageLabels: {},
          ticketLabels: {},
          annotations: {},
        },
      };
      const recorded = new Set(
        ruleGroups(slo)
          .flatMap((g) => g.rules)
          .filter((r) => r.record?.startsWith("slo:sli_error:ratio_rate"))
          .map((r) => `${r.record}{sloth_id="${r.labels?.sloth_id ?? "(none)"}"}`),
      );
      for (const w of [...SLOTH_WINDOWS, `${periodDays(window)}d`]) {
        const read = recordedErrorRatioQuery(slo, w).match(/slo:sli_error:ratio_rate\w+\{[^}]*\}/g) ?? [];
        expect(read.length, w).toBeGreaterThan(0);
        for (const series of read) expect(recorded, `${JSON.stringify(window)} ${w}`).toContain(series);
      }
    }
  });

  it("picks the recorded rule when it exists, raw data otherwise", () => {
    expect(sloErrorRatioQuery(ratio, "1h", new Set(["5m", "1h"]))).toEqual({ query: recordedErrorRatioQuery(ratio, "1h"), source: "recorded" });
    expect(sloErrorRatioQuery(ratio, "30d", ["5m", "1h"])).toEqual({ query: errorRatioQuery(ratio, "30d"), source: "raw" });
  });
});

describe("budgetRemainingQuery", () => {
  it("is 1 − E/B from recording rules and from raw data", () => {
    const q = budgetRemainingQuery(ratio, "30d");
    expect(q.recorded).toBe(`1 - ((${recordedErrorRatioQuery(ratio, "30d")}) / 0.001)`);
    expect(q.raw).toBe(`1 - ((${errorRatioQuery(ratio, "30d")}) / 0.001)`);
    for (const slo of Object.values(ALL)) {
      const b = budgetRemainingQuery(slo, "30d");
      expect(problems(b.recorded)).toEqual([]);
      expect(problems(b.raw)).toEqual([]);
    }
  });

  it("never divides 0 by 0 at objective 100: 1 without errors, −Inf with any", () => {
    const q = budgetRemainingQuery({ ...ratio, objective: 100 }, "30d");
    const E = errorRatioQuery(ratio, "30d");
    expect(q.raw).toBe(`(1 - (((${E}) > 0) / 0)) or (((${E}) * 0) + 1)`);
    expect(problems(q.recorded)).toEqual([]);
  });

  it("throws on an invalid objective", () => {
    expect(() => budgetRemainingQuery({ ...ratio, objective: 0 }, "30d")).toThrow(/objective/);
  });
});

describe("injection", () => {
  const crafted = 'x"} or vector(1) or up{job="\\';

  const cases: [string, (value: string) => string[]][] = [
    [
      "latency selector",
      (v) => {
        const slo = latency(0.25, { service: v, method: "GET" });
        return [errorRatioQuery(slo, "5m"), totalRateQuery(slo, "5m") as string, badRateQuery(slo, "5m") as string, budgetRemainingQuery(slo, "30d").raw];
      },
    ],
    [
      "availability selector",
      (v) => {
        const slo = availability({ job: v });
        return [errorRatioQuery(slo, "5m"), totalRateQuery(slo, "5m") as string, badRateQuery(slo, "5m") as string];
      },
    ],
    [
      "service and name in sloth_id",
      (v) => {
        const slo = { ...ratio, service: v, name: `${v}\n` };
        return [recordedErrorRatioQuery(slo, "5m"), recordedErrorRatioQuery(slo, "30d"), budgetRemainingQuery(slo, "30d").recorded];
      },
    ],
  ];

  for (const [what, build] of cases) {
    it(`cannot change the query through the ${what}`, () => {
      const benign = build("safe");
      const evil = build(crafted);
      for (const [i, query] of evil.entries()) {
        const got = shape(query);
        expect(got.errors).toBe(0);
        // same parse tree as with a harmless value: nothing was added or closed early
        expect(got.nodes).toEqual(shape(benign[i] as string).nodes);
        expect(got.strings.some((s) => s.includes(crafted))).toBe(true);
        expect(problems(query)).toEqual([]);
      }
    });
  }

  it("refuses invalid label names, metric names and windows", () => {
    expect(() => errorRatioQuery(latency(0.5, { 'job"}': "x" }), "5m")).toThrow(/invalid label name/);
    expect(() => errorRatioQuery(availability({ "a b": "x" }), "5m")).toThrow(/invalid label name/);
    const badMetric: SloQuerySpec = { ...base, sli: { kind: "latency", metric: "x{a=\"b\"}", thresholdSeconds: 1, selector: {} } };
    expect(() => errorRatioQuery(badMetric, "5m")).toThrow(/invalid metric name/);
    for (const window of ["", "5 m", "5m]) or vector(1", "0m", "-5m", "5"]) {
      expect(() => errorRatioQuery(ratio, window), window).toThrow(/PromQL duration/);
      expect(() => recordedErrorRatioQuery(ratio, window), window).toThrow(/PromQL duration/);
    }
  });
});

describe("durations and notes", () => {
  it("reads PromQL durations", () => {
    expect(promDurationSeconds("5m")).toBe(300);
    expect(promDurationSeconds("1h30m")).toBe(5400);
    expect(promDurationSeconds("30d")).toBe(2_592_000);
    expect(promDurationSeconds("500ms")).toBe(0.5);
  });

  it("explains what reading raw data costs", () => {
    const note = rawCostNote(30);
    expect(note).toContain("30 days");
    expect(note).toContain("43,200"); // 30 · 86,400 / 60
    expect(note).toContain("slo:sli_error:ratio_rate");
    expect(rawCostNote(1, 15)).toContain("1 day of samples (about 5,760 per series at one every 15 s)");
    expect(() => rawCostNote(0)).toThrow(/positive/);
  });
});
