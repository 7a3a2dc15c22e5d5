import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { checkRuleFile } from "@/lib/rules/check";
import { validateRuleFile } from "@/lib/rules/validate";
import { generateRuleFile, generateRules, inhibitRulesFor, promDuration, ruleGroups } from "./generate";
import { parseOpenSlo, parseSlothSpec, type SloSpec } from "./spec";

const TESTDATA = path.resolve(import.meta.dirname, "testdata");
const read = (name: string) => readFileSync(path.join(TESTDATA, name), "utf8");
const json = (name: string) => JSON.parse(read(name)) as SloSpec;

function only<T>(r: { ok: true; slos: T[] } | { ok: false; errors: unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.slos[0]!;
}

const gettingStarted = () => only(parseSlothSpec(read("sloth-getting-started.yml")));

/**
 * The golden file's text, or (UPDATE_GOLDEN=1) a rewrite of it. Any change to the
 * generated rules fails here and shows up as a readable diff in review.
 */
function expectGolden(name: string, actual: string) {
  const file = path.join(TESTDATA, name);
  if (process.env.UPDATE_GOLDEN) {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`no golden file ${name}: run UPDATE_GOLDEN=1 npx vitest run --project unit lib/slo`);
  expect(actual, `${name} changed; if that is intended, run UPDATE_GOLDEN=1 npx vitest run --project unit lib/slo and review the diff`).toBe(
    readFileSync(file, "utf8"),
  );
}

/**
 * validateRuleFile's problems, re-checked when there are any: lib/promql/check.ts now
 * and then reports a spurious type error under load (see promqlError in spec.ts).
 */
function ruleProblems(text: string) {
  let problems = validateRuleFile(text);
  for (let i = 0; i < 2 && problems.length; i++) problems = validateRuleFile(text);
  return problems;
}

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[];
}

const rulesOf = (text: string) => (parse(text) as RuleFile).groups.flatMap((g) => g.rules);

/** Every burn-rate condition of the alerts: severity, short/long window, factor and error budget. */
function alertConditions(text: string): string[] {
  return rulesOf(text)
    .filter((r) => r.alert)
    .flatMap((r) =>
      r.expr.split(/\nor(?: ignoring \(sloth_window\))?\n/).map((clause) => {
        const m = [...clause.matchAll(/ratio_rate(\w+)\{[^}]*\} > \(([\d.e+-]+) \* ([\d.e+-]+)\)/g)];
        expect(m, clause).toHaveLength(2);
        expect(m[0]![2]).toBe(m[1]![2]);
        return `${r.labels!.sloth_severity} ${m[0]![1]}/${m[1]![1]} x${m[0]![2]} budget ${m[0]![3]}`;
      }),
    )
    .sort();
}

const GOLDENS: [golden: string, slo: () => SloSpec][] = [
  ["sloth-getting-started.golden.yml", gettingStarted],
  ["order-service-availability.golden.yml", () => only(parseOpenSlo(read("order-service-availability.openslo.yml")))],
  ["order-service-latency.golden.yml", () => json("order-service-latency.slo.json")],
  ["order-service-up.golden.yml", () => json("order-service-up.slo.json")],
];

describe("generateRules against Sloth's published output (examples/_gen/getting-started.yml)", () => {
  const published = read("sloth-getting-started.gen.yml");

  it("style sloth: the same rule file, value for value", () => {
    // Sloth's examples are generated with --extra-labels cmd=examplesgen.sh by `sloth generate` (cli-gen-prom, version v0.16.0).
    const ours = generateRules(gettingStarted(), {
      style: "sloth",
      extraLabels: { cmd: "examplesgen.sh" },
      info: { version: "v0.16.0", mode: "cli-gen-prom", spec: "prometheus/v1" },
    });
    expect(parse(ours)).toEqual(parse(published));
  });

  it("style console: the same groups, recording rules, windows and burn-rate conditions", () => {
    const ours = generateRules(gettingStarted());
    const names = (text: string) => (parse(text) as RuleFile).groups.map((g) => g.name);
    expect(names(ours)).toEqual(names(published));
    const records = (text: string) => rulesOf(text).filter((r) => r.record).map((r) => [r.record, r.labels?.sloth_window ?? null]);
    expect(records(ours)).toEqual(records(published));
    expect(records(ours).map((r) => r[0])).toEqual([
      "slo:sli_error:ratio_rate5m",
      "slo:sli_error:ratio_rate30m",
      "slo:sli_error:ratio_rate1h",
      "slo:sli_error:ratio_rate2h",
      "slo:sli_error:ratio_rate6h",
      "slo:sli_error:ratio_rate1d",
      "slo:sli_error:ratio_rate3d",
      "slo:sli_error:ratio_rate30d",
      "slo:objective:ratio",
      "slo:error_budget:ratio",
      "slo:time_period:days",
      "slo:current_burn_rate:ratio",
      "slo:period_burn_rate:ratio",
      "slo:period_error_budget_remaining:ratio",
      "sloth_slo_info",
    ]);
    expect(alertConditions(ours)).toEqual(alertConditions(published));
    expect(alertConditions(published)).toEqual([
      "page 30m/6h x6 budget 0.0009999999999999432",
      "page 5m/1h x14.4 budget 0.0009999999999999432",
      "ticket 2h/1d x3 budget 0.0009999999999999432",
      "ticket 6h/3d x1 budget 0.0009999999999999432",
    ]);
    // The metadata rules are Sloth's, expression for expression.
    const meta = (text: string) => Object.fromEntries(rulesOf(text).filter((r) => r.record?.startsWith("slo:") && !r.record.startsWith("slo:sli_error")).map((r) => [r.record, r.expr]));
    expect(meta(ours)).toEqual(meta(published));
  });

  it("style console: one alert per tier, with stable tier labels", () => {
    const alerts = rulesOf(generateRules(gettingStarted())).filter((r) => r.alert);
    expect(alerts.map((a) => [a.alert, a.labels!.slo_tier, a.labels!.sloth_severity, a.labels!.severity])).toEqual([
      ["MyServiceHighErrorRate", "page-fast", "page", "pageteam"],
      ["MyServiceHighErrorRate", "page-slow", "page", "pageteam"],
      ["MyServiceHighErrorRate", "ticket-fast", "ticket", "slack"],
      ["MyServiceHighErrorRate", "ticket-slow", "ticket", "slack"],
    ]);
    expect(alerts[0]!.expr).toMatch(/^\(slo:sli_error:ratio_rate5m\{.*\} > \(14\.4 \* 0\.0009999999999999432\)\)\nand ignoring \(sloth_window\)\n\(slo:sli_error:ratio_rate1h\{/);
    expect(alerts[0]!.annotations).toMatchObject({
      summary: "High error rate on 'myservice' requests responses",
      title: "(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.",
    });
  });
});

describe("golden rule files", () => {
  for (const [golden, slo] of GOLDENS) {
    it(`${golden}: unchanged, and valid for Prometheus`, async () => {
      const text = generateRules(slo());
      expectGolden(golden, text);
      expect(ruleProblems(text)).toEqual([]);
      expect((await checkRuleFile(text)).filter((p) => p.severity === "error")).toEqual([]);
    });
  }

  it("the Sloth-style output is valid for Prometheus too", () => {
    for (const [, slo] of GOLDENS) expect(ruleProblems(generateRules(slo(), { style: "sloth" }))).toEqual([]);
  });
});

describe("zero traffic", () => {
  const expr5m = (slo: SloSpec, style: "console" | "sloth" = "console") => rulesOf(generateRules(slo, { style })).find((r) => r.record === "slo:sli_error:ratio_rate5m")!.expr;
  const T = 'sum(rate(http_requests_total{service="order-service"}[5m]))';
  const E = 'sum(rate(http_requests_total{service="order-service",status=~"5.."}[5m]))';
  const availability = () => only(parseOpenSlo(read("order-service-availability.openslo.yml")));

  it("divides only where there was traffic and fills in 0 with the total's labels", () => {
    expect(expr5m(availability())).toBe(`(${E})\n/\n((${T}) > 0)\nor\n0 * (${T})\n`);
    // Sloth's own expression: 0/0 = NaN when there was no request.
    expect(expr5m(availability(), "sloth")).toBe(`(${E})\n/\n(${T})\n`);
  });

  it("counts a missing good series as no good events (a total outage is all errors)", () => {
    const G = 'sum(rate(http_requests_total{service="order-service",status!~"5.."}[5m]))';
    const slo: SloSpec = { ...availability(), sli: { kind: "ratio-good", goodQuery: G.replace("5m", "{{.window}}"), totalQuery: T.replace("5m", "{{.window}}") } };
    expect(expr5m(slo)).toBe(`((${T}) - (${G}) or (${T}))\n/\n((${T}) > 0)\nor\n0 * (${T})\n`);
  });

  it("latency: share of requests slower than the bucket, guarded the same way", () => {
    const total = 'sum(rate(http_request_duration_seconds_count{service="order-service"}[5m]))';
    const good = 'sum(rate(http_request_duration_seconds_bucket{service="order-service",le="0.5"}[5m]))';
    expect(expr5m(json("order-service-latency.slo.json"))).toBe(`((${total}) - (${good}) or (${total}))\n/\n((${total}) > 0)\nor\n0 * (${total})\n`);
  });

  it("availability from up has samples whenever a target exists: no guard needed", () => {
    expect(expr5m(json("order-service-up.slo.json"))).toBe('(1 - avg(avg_over_time(up{job="order-service"}[5m])))');
  });
});

describe("periods", () => {
  const base = json("order-service-latency.slo.json");
  const records = (slo: SloSpec) => rulesOf(generateRules(slo)).filter((r) => r.record);
  const cases: [SloSpec["window"], string, string][] = [
    [{ kind: "rolling", days: 30 }, "30d", "vector(30)"],
    [{ kind: "rolling", days: 28 }, "4w", "vector(28)"],
    [{ kind: "rolling", days: 7 }, "1w", "vector(7)"],
    [{ kind: "calendar", unit: "month" }, "31d", "vector(31)"],
    [{ kind: "calendar", unit: "quarter" }, "92d", "vector(92)"],
  ];
  for (const [window, name, days] of cases) {
    it(`${JSON.stringify(window)}: period series ratio_rate${name}, ${days}`, () => {
      const rules = records({ ...base, window });
      const period = rules.find((r) => r.labels?.sloth_window === name)!;
      expect(period.record).toBe(`slo:sli_error:ratio_rate${name}`);
      expect(period.expr).toContain(`slo:sli_error:ratio_rate5m{sloth_id="order-service-requests-latency", sloth_service="order-service", sloth_slo="requests-latency"}[${name}]`);
      expect(rules.find((r) => r.record === "slo:time_period:days")!.expr).toBe(days);
      expect(rules.find((r) => r.record === "slo:period_burn_rate:ratio")!.expr).toContain(`slo:sli_error:ratio_rate${name}{`);
    });
  }

  it("uses Sloth's 7d table for 7 days", () => {
    const factors = alertConditions(generateRules({ ...base, window: { kind: "rolling", days: 7 } })).map((c) => c.split(" ").slice(0, 3).join(" "));
    // 20% · 168h / 100 / 24h in float64 is 1.4000000000000001, in Sloth's Go as here.
    expect(factors).toEqual(["page 30m/6h x3.5", "page 5m/1h x13.44", "ticket 2h/1d x1.4000000000000001", "ticket 6h/3d x0.98"]);
  });

  it("prints Prometheus durations as Sloth names its series", () => {
    expect([300, 1800, 3600, 7200, 21600, 86400, 259200, 7 * 86400, 28 * 86400, 30 * 86400, 365 * 86400, 90].map(promDuration)).toEqual([
      "5m",
      "30m",
      "1h",
      "2h",
      "6h",
      "1d",
      "3d",
      "1w",
      "4w",
      "30d",
      "1y",
      "1m30s",
    ]);
  });
});

describe("alert tiers", () => {
  const base = json("order-service-latency.slo.json");
  const tiers = (slo: SloSpec, style: "console" | "sloth" = "console") =>
    rulesOf(generateRules(slo, { style }))
      .filter((r) => r.alert)
      .map((r) => (style === "console" ? r.labels!.slo_tier : `${r.labels!.sloth_severity}:${alertConditions(generateRules(slo, { style })).length}`));

  it("generates only the tiers that are on", () => {
    const some = { ...base, alerting: { ...base.alerting, pageTiers: { fast: true, slow: false }, ticketTiers: { fast: false, slow: true } } };
    expect(tiers(some)).toEqual(["page-fast", "ticket-slow"]);
    // Sloth's layout: a page alert with only the fast condition, a ticket alert with only the slow one.
    const sloth = rulesOf(generateRules(some, { style: "sloth" })).filter((r) => r.alert);
    expect(sloth.map((r) => [r.labels!.sloth_severity, r.expr.includes("or ignoring"), r.expr.match(/ratio_rate\w+/g)])).toEqual([
      ["page", false, ["ratio_rate5m", "ratio_rate1h"]],
      ["ticket", false, ["ratio_rate6h", "ratio_rate3d"]],
    ]);
  });

  it("leaves the alert group out when every tier is off, and keeps the recording rules", () => {
    const off = { ...base, alerting: { ...base.alerting, pageTiers: { fast: false, slow: false }, ticketTiers: { fast: false, slow: false } } };
    const groups = ruleGroups(off).map((g) => g.name);
    expect(groups).toEqual(["sloth-slo-sli-recordings-order-service-requests-latency", "sloth-slo-meta-recordings-order-service-requests-latency"]);
    expect(ruleGroups(off)[0]!.rules).toHaveLength(8);
  });

  it("labels: defaults < SLO alert labels < tier labels the rules own", () => {
    const slo = { ...base, alerting: { ...base.alerting, labels: { team: "orders" }, ticketLabels: { severity: "info" } } };
    const alerts = rulesOf(generateRules(slo)).filter((r) => r.alert);
    expect(alerts.map((a) => a.labels)).toEqual([
      { routing_key: "orders-oncall", severity: "critical", slo_tier: "page-fast", sloth_severity: "page", team: "orders" },
      { routing_key: "orders-oncall", severity: "critical", slo_tier: "page-slow", sloth_severity: "page", team: "orders" },
      { severity: "info", slo_tier: "ticket-fast", sloth_severity: "ticket", team: "orders" },
      { severity: "info", slo_tier: "ticket-slow", sloth_severity: "ticket", team: "orders" },
    ]);
    expect(alerts[0]!.annotations).toEqual({
      description:
        "Error ratio {{ $value | humanizePercentage }} over 5m: the error budget burns faster than 13.44x over both 1h and 5m (2% of the 28-day budget spent in 1h; tier page-fast).",
      runbook_url: "https://runbooks.example.com/order-service/latency",
      summary: "order-service is slower than its p95 latency objective (0.5 s)",
      title: "(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.",
    });
  });
});

describe("labels and escaping", () => {
  const base = json("order-service-latency.slo.json");

  it("adds extra labels to every SLO series and owner to sloth_slo_info", () => {
    const rules = rulesOf(generateRules(base, { extraLabels: { cluster: "eu-1" }, info: { spec: "openslo/v1" } })).filter((r) => r.record);
    expect(rules.every((r) => r.labels?.cluster === "eu-1")).toBe(true);
    expect(rules.find((r) => r.record === "sloth_slo_info")!.labels).toEqual({
      cluster: "eu-1",
      owner: "team-orders",
      sloth_id: "order-service-requests-latency",
      sloth_mode: "perfops-console",
      sloth_objective: "95",
      sloth_service: "order-service",
      sloth_slo: "requests-latency",
      sloth_spec: "openslo/v1",
      sloth_version: "perfops-console",
      team: "orders",
    });
  });

  it("escapes selector values and still produces a valid file", () => {
    const slo: SloSpec = { ...base, sli: { ...base.sli, selector: { endpoint: '/orders/"x"\\n' } } as SloSpec["sli"] };
    const text = generateRules(slo);
    expect(text).toContain('http_request_duration_seconds_count{endpoint="/orders/\\"x\\"\\\\n"}[5m]');
    expect(ruleProblems(text)).toEqual([]);
  });

  it("writes several SLOs into one file with one header each", () => {
    const text = generateRuleFile([base, json("order-service-up.slo.json")]);
    expect((parse(text) as RuleFile).groups).toHaveLength(6);
    expect(text).toContain("# SLO order-service-requests-latency: 95% over 28 rolling days.");
    expect(text).toContain("# SLO order-service-scrape-availability: 99.9% over a calendar month (rules use 31d).");
    expect(text).toContain("#     page-slow   off 5% of the budget in 6h: burn rate > 6.2 over 6h and 30m");
    expect(text).toContain("#   Alerts, multi-window multi-burn-rate: Google SRE workbook budget shares, thresholds scaled to 31d:");
    expect(text).toContain("#     ticket-slow on  10% of the budget in 3d: burn rate > 1.033 over 3d and 6h");
    expect(ruleProblems(text)).toEqual([]);
  });
});

describe("inhibitRulesFor", () => {
  const base = json("order-service-latency.slo.json");
  type Inhibit = { inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[] };

  it("mutes every slower tier of the same SLO while a faster one fires", () => {
    const text = inhibitRulesFor(base);
    expect((parse(text) as Inhibit).inhibit_rules).toEqual([
      {
        source_matchers: ['sloth_id="order-service-requests-latency"', 'slo_tier="page-fast"'],
        target_matchers: ['slo_tier=~"page-slow|ticket-fast|ticket-slow"'],
        equal: ["sloth_id"],
      },
      {
        source_matchers: ['sloth_id="order-service-requests-latency"', 'slo_tier="page-slow"'],
        target_matchers: ['slo_tier=~"ticket-fast|ticket-slow"'],
        equal: ["sloth_id"],
      },
      {
        source_matchers: ['sloth_id="order-service-requests-latency"', 'slo_tier="ticket-fast"'],
        target_matchers: ['slo_tier="ticket-slow"'],
        equal: ["sloth_id"],
      },
    ]);
    expect(text.startsWith("# Alertmanager inhibit_rules for SLO order-service-requests-latency")).toBe(true);
  });

  it("skips tiers that are off", () => {
    const up = json("order-service-up.slo.json"); // page-fast and ticket-slow only
    expect((parse(inhibitRulesFor(up)) as Inhibit).inhibit_rules).toEqual([
      {
        source_matchers: ['sloth_id="order-service-scrape-availability"', 'slo_tier="page-fast"'],
        target_matchers: ['slo_tier="ticket-slow"'],
        equal: ["sloth_id"],
      },
    ]);
    const one = { ...up, alerting: { ...up.alerting, ticketTiers: { fast: false, slow: false } } };
    expect((parse(inhibitRulesFor(one)) as Inhibit).inhibit_rules).toEqual([]);
  });
});
