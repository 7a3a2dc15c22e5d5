import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateRules } from "./generate";
import {
  burnRateTiers,
  defaultAlertName,
  detectSpecFormat,
  formatGoFloat,
  parseOpenSlo,
  parseSlothSpec,
  queryProblem,
  slothSliOf,
  toOpenSlo,
  toSlothSpec,
  validateSloSpec,
  type SloSpec,
  type SpecResult,
} from "./spec";

const TESTDATA = path.resolve(import.meta.dirname, "testdata");
const read = (name: string) => readFileSync(path.join(TESTDATA, name), "utf8");
const json = (name: string) => JSON.parse(read(name)) as SloSpec;

function ok(r: SpecResult): SloSpec[] {
  if (!r.ok) throw new Error(`expected a valid spec, got:\n${r.errors.map((e) => `${e.path}: ${e.message} (line ${e.line})`).join("\n")}`);
  return r.slos;
}
function errors(r: SpecResult) {
  if (r.ok) throw new Error("expected errors, the spec was accepted");
  return r.errors;
}

const SLOTH_MIN = `version: "prometheus/v1"
service: "order-service"
slos:
  - name: "requests-availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{service="order-service",status=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{service="order-service"}[{{.window}}]))
    alerting:
      name: OrderServiceAvailabilitySLO
`;

const GETTING_STARTED: SloSpec = {
  name: "requests-availability",
  service: "myservice",
  description: "Common SLO based on availability for HTTP request responses.",
  labels: { owner: "myteam", repo: "myorg/myservice", tier: "2" },
  objective: 99.9,
  window: { kind: "rolling", days: 30 },
  sli: {
    kind: "ratio",
    errorQuery: 'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))',
    totalQuery: 'sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))',
  },
  alerting: {
    name: "MyServiceHighErrorRate",
    pageTiers: { fast: true, slow: true },
    ticketTiers: { fast: true, slow: true },
    labels: { category: "availability" },
    pageLabels: { severity: "pageteam", routing_key: "myteam" },
    ticketLabels: { severity: "slack", slack_channel: "#alerts-myteam" },
    annotations: { summary: "High error rate on 'myservice' requests responses" },
    pageAnnotations: {},
    ticketAnnotations: {},
  },
};

describe("parseSlothSpec", () => {
  it("reads Sloth's getting-started example into the console's type", () => {
    expect(ok(parseSlothSpec(read("sloth-getting-started.yml")))).toEqual([GETTING_STARTED]);
  });

  it("takes the period from the options, as sloth generate --default-slo-period", () => {
    const [slo] = ok(parseSlothSpec(SLOTH_MIN, { window: { kind: "rolling", days: 28 } }));
    expect(slo!.window).toEqual({ kind: "rolling", days: 28 });
  });

  it("reads numbers in label maps as their text, as Sloth's YAML loader does", () => {
    const [slo] = ok(parseSlothSpec(SLOTH_MIN.replace('service: "order-service"\n', 'service: "order-service"\nlabels:\n  tier: 2\n')));
    expect(slo!.labels).toEqual({ tier: "2" });
  });

  it("maps disable, infoLabels.owner, runbook_url and raw SLIs", () => {
    const text = `version: prometheus/v1
service: checkout
labels: { team: shop }
slos:
  - name: raw-ratio
    objective: 99
    labels: { team: payments }
    infoLabels: { owner: payments-oncall }
    sli:
      raw:
        error_ratio_query: max(checkout:error_ratio:rate{{.window}})
    alerting:
      name: CheckoutErrors
      annotations: { runbook_url: "https://runbooks.example.com/checkout" }
      page_alert: { disable: true }
      ticket_alert: { labels: { severity: warning } }
`;
    const [slo] = ok(parseSlothSpec(text));
    expect(slo).toMatchObject({
      owner: "payments-oncall",
      labels: { team: "payments" },
      sli: { kind: "raw", errorRatioQuery: "max(checkout:error_ratio:rate{{.window}})" },
      alerting: {
        pageTiers: { fast: false, slow: false },
        ticketTiers: { fast: true, slow: true },
        ticketLabels: { severity: "warning" },
        annotations: {},
        runbook: "https://runbooks.example.com/checkout",
      },
    });
  });

  it("reports each problem with the Sloth path and line", () => {
    const text = `version: "prometheus/v1"
service: "order-service"
slos:
  - name: "requests-availability"
    objective: 100
    sli:
      events:
        error_query: sum(rate(http_requests_total{status=~"5.."}[5m]))
        total_query: sum(rate(http_requests_total[{{.window}}])
    alerting:
      name: X
      labels:
        sloth_id: mine
        bad-name: x
  - name: "latency"
    objetive: 99
    sli:
      plugin:
        id: sloth-common/availability
    alerting:
      page_alert:
        for: 5m
`;
    expect(errors(parseSlothSpec(text))).toEqual([
      { path: "slos[0].objective", line: 5, message: "expected a percentage below 100 (an objective of 100% leaves no error budget)" },
      {
        path: "slos[0].sli.events.error_query",
        line: 8,
        message: "expected the {{.window}} placeholder for the range, e.g. sum(rate(http_requests_total[{{.window}}]))",
      },
      { path: "slos[0].sli.events.total_query", line: 9, message: "does not parse (with {{.window}} = 5m): parse error: unexpected end of input at character 34" },
      { path: "slos[0].alerting.labels.sloth_id", line: 13, message: '"sloth_id" is set by the generated rules; choose another label name' },
      { path: "slos[0].alerting.labels.bad-name", line: 14, message: `invalid label name "bad-name": expected letters, digits and '_', not starting with a digit` },
      { path: "slos[1].objective", line: 15, message: "required" },
      { path: "slos[1].objetive", line: 16, message: 'unknown field "objetive"' },
      { path: "slos[1].alerting.page_alert.for", line: 22, message: "'for' is not supported: multi-window burn-rate alerts need none (the short window resets them)" },
    ]);
  });

  it("rejects SLI plugins, two SLI types and a missing alert name", () => {
    const plugin = SLOTH_MIN.replace(/ {6}events:\n.*\n.*\n/, "      plugin:\n        id: sloth-common/availability\n");
    expect(errors(parseSlothSpec(plugin))).toEqual([
      {
        path: "slos[0].sli.plugin",
        line: 7,
        message: "SLI plugins are not supported by the console: write the SLI as events (error_query, total_query) or raw",
      },
    ]);
    const both = SLOTH_MIN.replace("    alerting:", "      raw:\n        error_ratio_query: x[{{.window}}]\n    alerting:");
    expect(errors(parseSlothSpec(both))[0]).toMatchObject({ path: "slos[0].sli", message: "only one of sli.events and sli.raw can be set" });
    const noName = SLOTH_MIN.replace("      name: OrderServiceAvailabilitySLO\n", "      labels: { a: b }\n");
    expect(errors(parseSlothSpec(noName))).toEqual([{ path: "slos[0].alerting.name", line: 10, message: "required: the name of the generated alerts" }]);
    // With both alerts disabled the name is not needed, as in Sloth.
    const disabled = noName.replace("      labels: { a: b }\n", "      page_alert: { disable: true }\n      ticket_alert: { disable: true }\n");
    expect(ok(parseSlothSpec(disabled))[0]!.alerting.name).toBe("");
  });

  it("rejects equal error and total queries, as Sloth does", () => {
    const same = SLOTH_MIN.replace('status=~"5.."', "");
    expect(errors(parseSlothSpec(same.replace('{service="order-service",}', '{service="order-service"}')))).toEqual([
      { path: "slos[0].sli.events.error_query", line: 8, message: "the error and total queries must differ" },
    ]);
  });

  it("rejects repeated SLOs, wrong versions, YAML errors and empty files", () => {
    const twice = SLOTH_MIN + SLOTH_MIN.split("slos:\n")[1]!;
    expect(errors(parseSlothSpec(twice))).toEqual([
      { path: "slos[1].name", line: 12, message: 'SLO id "order-service-requests-availability" is repeated (first at slos[0])' },
    ]);
    expect(errors(parseSlothSpec(SLOTH_MIN.replace("prometheus/v1", "prometheus/v2")))).toEqual([
      { path: "version", line: 1, message: 'expected "prometheus/v1"' },
    ]);
    expect(errors(parseSlothSpec("slos: [\n"))[0]).toMatchObject({ path: "", line: 2 });
    expect(errors(parseSlothSpec("# nothing\n"))).toEqual([{ path: "", message: 'empty file: expected a Sloth spec starting with version: "prometheus/v1"' }]);
    expect(errors(parseSlothSpec(`${SLOTH_MIN}slo_plugins:\n  chain: []\n`))).toEqual([
      { path: "slo_plugins", line: 12, message: "SLO plugins are not supported by the console" },
    ]);
  });

  it("prefixes paths with the document in multi-document files", () => {
    const second = SLOTH_MIN.replace("order-service", "catalog-service").replace("objective: 99.9", "objective: 0");
    expect(errors(parseSlothSpec(`${SLOTH_MIN}---\n${second}`))).toEqual([
      { path: "documents[1].slos[0].objective", line: 17, message: "expected a percentage above 0, e.g. 99.9" },
    ]);
  });
});

describe("toSlothSpec", () => {
  it("round-trips Sloth's example through the console's type", () => {
    expect(ok(parseSlothSpec(toSlothSpec([GETTING_STARTED])))).toEqual([GETTING_STARTED]);
  });

  it("writes one document per service and says in comments what Sloth cannot express", () => {
    const latency = json("order-service-latency.slo.json");
    const up = json("order-service-up.slo.json");
    const text = toSlothSpec([latency, up, GETTING_STARTED]);
    expect(text.split(/^---$/m)).toHaveLength(2);
    expect(text).toContain("# SLO period 28d: run sloth generate --default-slo-period=28d");
    expect(text).toContain("# SLO period: calendar month (Europe/Berlin); Sloth has rolling periods only, the console uses 31d");
    expect(text).toContain("# only the fast page tier is on in the console; Sloth's page alert has both");
    expect(text).toContain("# latency SLI: http_request_duration_seconds under 0.5s, as events queries");
    expect(detectSpecFormat(text)).toBe("sloth");
  });

  it("keeps the rules of every SLI kind the same through Sloth's format", () => {
    for (const file of ["order-service-latency.slo.json", "order-service-up.slo.json"]) {
      const slo = json(file);
      const back = ok(parseSlothSpec(toSlothSpec([slo]), { window: slo.window }))[0]!;
      // Sloth cannot turn off one tier of two; everything else must come back.
      const tiers = { ...slo.alerting, pageTiers: back.alerting.pageTiers, ticketTiers: back.alerting.ticketTiers };
      expect(generateRules(back)).toBe(generateRules({ ...slo, alerting: tiers }));
    }
  });
});

describe("parseOpenSlo", () => {
  it("reads an SLO with its referenced SLI, alert policies and conditions", () => {
    const [slo] = ok(parseOpenSlo(read("order-service-availability.openslo.yml")));
    expect(slo).toEqual({
      name: "requests-availability",
      service: "order-service",
      description: "99.9% of order-service requests succeed (no 5xx), over 30 rolling days.",
      owner: "team-orders",
      labels: { team: "orders" },
      objective: 99.9,
      window: { kind: "rolling", days: 30 },
      sli: {
        kind: "ratio",
        errorQuery: 'sum(rate(http_requests_total{service="order-service",status=~"5.."}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total{service="order-service"}[{{.window}}]))',
      },
      alerting: {
        name: "OrderServiceAvailabilitySLO",
        pageTiers: { fast: true, slow: true },
        ticketTiers: { fast: true, slow: true },
        pageLabels: { severity: "critical", routing_key: "orders-oncall" },
        ticketLabels: {},
        annotations: {},
        pageAnnotations: {},
        ticketAnnotations: { dashboard: "https://grafana.example.com/d/slo-detail?var-service=order-service" },
        runbook: "https://runbooks.example.com/order-service/availability",
      },
    } satisfies SloSpec);
  });

  const OPENSLO_MIN = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-availability
spec:
  service: web-shop
  indicator:
    metadata:
      name: search-ok
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{endpoint="/search",status!~"5.."}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{endpoint="/search"}[{{.window}}]))
  timeWindow:
    - duration: 1M
      calendar:
        startTime: 2024-01-01 00:00:00
        timeZone: UTC
  budgetingMethod: Occurrences
  objectives:
    - targetPercent: 99.5
`;

  it("reads an inline good/total SLI, a calendar month and targetPercent; no policies means no alerts", () => {
    const [slo] = ok(parseOpenSlo(OPENSLO_MIN));
    expect(slo).toMatchObject({
      name: "search-availability",
      objective: 99.5,
      window: { kind: "calendar", unit: "month", timeZone: "UTC" },
      sli: { kind: "ratio-good" },
      alerting: { name: defaultAlertName("web-shop", "search-availability"), pageTiers: { fast: false, slow: false }, ticketTiers: { fast: false, slow: false } },
    });
    expect(defaultAlertName("web-shop", "search-availability")).toBe("WebShopSearchAvailabilitySLO");
  });

  it("reads inline alert policies with inline conditions, and rejects alerting on missing data", () => {
    const policy = (lookback: string, threshold: number, extra = "") => `    - kind: AlertPolicy
      metadata:
        name: search-${lookback}
        labels: { team: search }
      spec:
        alertWhenBreaching: true${extra}
        conditions:
          - kind: AlertCondition
            metadata: { name: search-${lookback} }
            spec:
              severity: page
              condition: { kind: burnrate, op: gt, threshold: ${threshold}, lookbackWindow: ${lookback} }
        notificationTargets: [{ targetRef: search-oncall }]
`;
    // A calendar month uses 31 days: 2% of the budget in 1h is a burn rate of 14.88.
    const text = `${OPENSLO_MIN}  alertPolicies:\n${policy("1h", 14.88)}`;
    expect(ok(parseOpenSlo(text))[0]!.alerting).toMatchObject({
      pageTiers: { fast: true, slow: false },
      ticketTiers: { fast: false, slow: false },
      pageLabels: { team: "search" },
    });
    expect(errors(parseOpenSlo(`${OPENSLO_MIN}  alertPolicies:\n${policy("1h", 14.88, "\n        alertWhenNoData: true")}`))).toEqual([
      { path: "documents[0].spec.alertPolicies[0].spec.alertWhenNoData", line: 38, message: "alerting on missing data is not supported by the generated rules" },
    ]);
  });

  it("reads the list form (one YAML document holding a list of objects)", () => {
    const list = `- ${OPENSLO_MIN.replace(/\n(?=.)/g, "\n  ")}`;
    expect(ok(parseOpenSlo(list))[0]!.name).toBe("search-availability");
  });

  it("rejects what the console cannot honour, with the path and line", () => {
    const text = OPENSLO_MIN.replace("budgetingMethod: Occurrences", "budgetingMethod: Timeslices")
      .replace("    - targetPercent: 99.5", "    - target: 0.995\n      targetPercent: 99.5")
      .replace("    - duration: 1M", "    - duration: 2M");
    expect(errors(parseOpenSlo(text))).toEqual([
      { path: "documents[0].spec.timeWindow[0].duration", line: 24, message: "calendar window 2M is not supported: the console supports 1M (month) and 1Q (quarter)" },
      {
        path: "documents[0].spec.budgetingMethod",
        line: 28,
        message: "budgetingMethod Timeslices is not supported: the console computes event-based SLOs (Occurrences), as Sloth does",
      },
      { path: "documents[0].spec.objectives[0].targetPercent", line: 31, message: "set either target or targetPercent, not both" },
    ]);
  });

  it("rejects threshold metrics, other data sources and queries without {{.window}}", () => {
    const threshold = OPENSLO_MIN.replace(/ {6}ratioMetric:[\s\S]*?(?= {2}timeWindow)/, "      thresholdMetric:\n        metricSource:\n          type: Prometheus\n          spec:\n            query: x\n");
    expect(errors(parseOpenSlo(threshold))).toEqual([
      {
        path: "documents[0].spec.indicator.spec.thresholdMetric",
        line: 11,
        message: "thresholdMetric is not supported: the console generates ratio SLIs; write it as ratioMetric (good or bad, and total)",
      },
    ]);
    const datadog = OPENSLO_MIN.replace("            type: Prometheus\n            spec:\n              query: sum(rate(http_requests_total{endpoint=\"/search\",status", "            type: Datadog\n            spec:\n              query: sum(rate(http_requests_total{endpoint=\"/search\",status");
    expect(errors(parseOpenSlo(datadog))).toEqual([
      { path: "documents[0].spec.indicator.spec.ratioMetric.good.metricSource.type", line: 15, message: "only Prometheus metric sources are supported (got Datadog)" },
    ]);
    const noWindow = OPENSLO_MIN.replace('{endpoint="/search"}[{{.window}}]', '{endpoint="/search"}[5m]');
    expect(errors(parseOpenSlo(noWindow))).toEqual([
      {
        path: "documents[0].spec.indicator.spec.ratioMetric.total.metricSource.spec.query",
        line: 22,
        message: "expected the {{.window}} placeholder for the range, e.g. sum(rate(http_requests_total[{{.window}}]))",
      },
    ]);
  });

  it("checks alert conditions against the console's table", () => {
    const text = read("order-service-availability.openslo.yml").replace("threshold: 14.4", "threshold: 10").replace("lookbackWindow: 3d", "lookbackWindow: 2d");
    expect(errors(parseOpenSlo(text))).toEqual([
      {
        path: "documents[2].spec.conditions[0].spec.condition.threshold",
        line: 73,
        message: "the page-fast tier of a 30d SLO alerts at burn rate 14.4 (the console's table), not 10",
      },
      {
        path: "documents[7].spec.condition.lookbackWindow",
        line: 158,
        message: "expected the long window of a tier: 1h (page fast), 6h (page slow), 1d (ticket fast) or 3d (ticket slow)",
      },
    ]);
  });

  it("rejects dangling references, unknown versions and duplicate names", () => {
    const text = read("order-service-availability.openslo.yml");
    expect(errors(parseOpenSlo(text.replace("indicatorRef: order-service-non-5xx", "indicatorRef: nope")))).toEqual([
      { path: "documents[1].spec.indicatorRef", line: 39, message: 'no SLI named "nope" in this file' },
    ]);
    expect(errors(parseOpenSlo(text.replace("- conditionRef: order-service-availability-ticket-slow", "- conditionRef: gone")))).toEqual([
      { path: "documents[5].spec.conditions[0].conditionRef", line: 131, message: 'no AlertCondition named "gone" in this file' },
    ]);
    expect(errors(parseOpenSlo(OPENSLO_MIN.replace("openslo/v1", "openslo/v1alpha")))).toEqual([
      { path: "documents[0].apiVersion", line: 1, message: 'expected apiVersion "openslo/v1" (openslo/v1alpha is not supported)' },
    ]);
    expect(errors(parseOpenSlo(`${OPENSLO_MIN}---\n${OPENSLO_MIN}`))).toEqual([
      { path: "documents[1].metadata.name", line: 35, message: 'another SLO is named "search-availability" (documents[0])' },
    ]);
    expect(errors(parseOpenSlo(read("order-service-availability.openslo.yml").split("---\n")[0]!))).toEqual([
      { path: "", message: "no SLO object found (kind: SLO)" },
    ]);
  });
});

describe("toOpenSlo", () => {
  it("round-trips through OpenSLO: same SloSpec for ratio SLIs, same rules for every kind", () => {
    const [availability] = ok(parseOpenSlo(read("order-service-availability.openslo.yml")));
    const back = ok(parseOpenSlo(toOpenSlo(availability!)))[0]!;
    expect(back).toEqual(availability);
    expect(ok(parseOpenSlo(toOpenSlo(GETTING_STARTED)))[0]).toEqual({
      ...GETTING_STARTED,
      // OpenSLO has no place for alert labels common to page and ticket: they go to both.
      alerting: {
        ...GETTING_STARTED.alerting,
        labels: undefined,
        pageLabels: { category: "availability", ...GETTING_STARTED.alerting.pageLabels },
        ticketLabels: { category: "availability", ...GETTING_STARTED.alerting.ticketLabels },
        pageAnnotations: { ...GETTING_STARTED.alerting.annotations },
        ticketAnnotations: { ...GETTING_STARTED.alerting.annotations },
        annotations: {},
      },
    });
    for (const file of ["order-service-latency.slo.json", "order-service-up.slo.json"]) {
      const slo = json(file);
      const again = ok(parseOpenSlo(toOpenSlo(slo)))[0]!;
      expect(again.sli.kind).not.toBe(slo.sli.kind); // latency → ratio-good, availability → raw
      expect(generateRules(again)).toBe(generateRules(slo));
    }
  });

  it("writes the objects OpenSLO defines, with DNS-label names", () => {
    const text = toOpenSlo({ ...json("order-service-up.slo.json"), name: "Scrape_Availability" });
    const kinds = [...text.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]);
    expect(kinds).toEqual(["SLI", "SLO", "AlertPolicy", "AlertPolicy", "AlertNotificationTarget"]);
    expect(text).toContain("  name: scrape-availability\n");
    expect(text).toContain("perfops-console/name: Scrape_Availability");
    expect(text).toContain("lookbackWindow: 1h");
    expect(text).toContain("lookbackWindow: 3d");
    expect(text).toContain("threshold: 14.88"); // 2% of 31 days in 1h
    expect(ok(parseOpenSlo(text))[0]!.name).toBe("Scrape_Availability");
    expect(detectSpecFormat(text)).toBe("openslo");
  });
});

describe("validateSloSpec", () => {
  const base = json("order-service-latency.slo.json");
  const problems = (slo: unknown) => {
    const r = validateSloSpec(slo);
    return r.ok ? [] : r.errors;
  };

  it("accepts the example SLOs", () => {
    expect(validateSloSpec(base)).toEqual({ ok: true, slo: base });
    expect(validateSloSpec(json("order-service-up.slo.json")).ok).toBe(true);
  });

  it("names the field and the problem", () => {
    expect(problems({ ...base, name: "-x" })).toEqual([
      { path: "name", message: "expected letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. order-service)" },
    ]);
    expect(problems({ ...base, window: { kind: "rolling", days: 14 } })).toEqual([{ path: "window.days", message: "expected 7, 28 or 30 days" }]);
    expect(problems({ ...base, window: { kind: "calendar", unit: "month", timeZone: "Mars/Olympus" } })).toEqual([
      { path: "window.timeZone", message: "expected an IANA time zone such as Europe/Berlin or UTC" },
    ]);
    expect(problems({ ...base, sli: { ...base.sli, metric: "http_request_duration_seconds_bucket" } })).toEqual([
      { path: "sli.metric", message: "give the histogram's name without the suffix, e.g. http_request_duration_seconds" },
    ]);
    expect(problems({ ...base, sli: { ...base.sli, selector: { le: "1" } } })).toEqual([{ path: "sli.selector", message: "the le label is set from thresholdSeconds" }]);
    expect(problems({ ...base, sli: { kind: "availability", upSelector: {} } })).toEqual([
      { path: "sli.upSelector", message: 'expected at least one matcher, e.g. { job: "order-service" }' },
    ]);
    expect(problems({ ...base, sli: { kind: "gauge" } })).toEqual([
      { path: "sli.kind", message: 'expected kind "ratio", "ratio-good", "latency", "availability" or "raw"' },
    ]);
    expect(problems({ ...base, labels: { slo_tier: "x", team: "" } })).toEqual([
      { path: "labels.slo_tier", message: '"slo_tier" is set by the generated rules; choose another label name' },
      { path: "labels.team", message: "empty label value (an empty label is the same as no label)" },
    ]);
    expect(problems({ ...base, alerting: { ...base.alerting, runbook: "runbooks/latency" } })).toEqual([
      { path: "alerting.runbook", message: "expected an http(s) URL such as https://runbooks.example.com/order-service" },
    ]);
    expect(problems({ ...base, extra: 1 })).toEqual([{ path: "extra", message: 'unknown field "extra"' }]);
    const broken = problems({ ...base, alerting: { ...base.alerting, pageAnnotations: { summary: "{{ $labels.sloth_slo" } } });
    expect(broken).toHaveLength(1);
    expect(broken[0]!.path).toBe("alerting.pageAnnotations.summary");
    expect(broken[0]!.message).toMatch(/^template does not parse at character \d+: /);
    expect(problems({ ...base, objective: "99" })).toEqual([{ path: "objective", message: 'expected a number, got string "99"' }]);
  });
});

describe("helpers", () => {
  it("checks {{.window}} queries", () => {
    expect(queryProblem("sum(rate(x[{{ .window }}]))")).toBeUndefined();
    expect(queryProblem("sum(rate(x[{{.window}}])) / {{.other}}")).toBe("only the {{.window}} placeholder is supported");
    expect(queryProblem("")).toBe("expected a PromQL query");
  });

  it("formats numbers as Go's %g, the way Sloth writes them", () => {
    expect(formatGoFloat(99.9 / 100)).toBe("0.9990000000000001");
    expect(formatGoFloat((100 - 99.9) / 100)).toBe("0.0009999999999999432");
    expect(formatGoFloat(0.0001)).toBe("0.0001");
    expect(formatGoFloat((100 - 99.999) / 100)).toBe("1.0000000000047748e-05");
    expect(formatGoFloat(30)).toBe("30");
    expect(formatGoFloat(123456)).toBe("123456");
    expect(formatGoFloat(1e6)).toBe("1e+06");
    expect(formatGoFloat(-2.5)).toBe("-2.5");
  });

  it("computes the burn-rate thresholds of DOMAIN.md's table", () => {
    const factors = (w: SloSpec["window"]) => burnRateTiers(w).map((t) => Number(t.factor.toFixed(2)));
    expect(factors({ kind: "rolling", days: 30 })).toEqual([14.4, 6, 3, 1]);
    expect(factors({ kind: "rolling", days: 28 })).toEqual([13.44, 5.6, 2.8, 0.93]);
    expect(factors({ kind: "rolling", days: 7 })).toEqual([13.44, 3.5, 1.4, 0.98]);
    expect(factors({ kind: "calendar", unit: "month" })).toEqual([14.88, 6.2, 3.1, 1.03]);
    expect(factors({ kind: "calendar", unit: "quarter" })).toEqual([44.16, 18.4, 9.2, 3.07]);
    expect(burnRateTiers({ kind: "rolling", days: 30 }).map((t) => [t.tier, t.shortSeconds * 12 === t.longSeconds])).toEqual([
      ["page-fast", true],
      ["page-slow", true],
      ["ticket-fast", true],
      ["ticket-slow", true],
    ]);
  });

  it("escapes selector values spliced into PromQL", () => {
    const s = slothSliOf({ kind: "availability", upSelector: { job: 'a"b\\' } });
    expect(s).toEqual({ raw: { error_ratio_query: '1 - avg(avg_over_time(up{job="a\\"b\\\\"}[{{.window}}]))' } });
    expect(queryProblem((s as { raw: { error_ratio_query: string } }).raw.error_ratio_query)).toBeUndefined();
  });

  it("matches whole-second latency buckets in both label spellings (1 and 1.0)", () => {
    const s = slothSliOf({ kind: "latency", metric: "rpc_duration_seconds", thresholdSeconds: 1, selector: {} });
    expect(JSON.stringify(s)).toContain('rpc_duration_seconds_bucket{le=~\\"1(\\\\\\\\.0)?\\"}');
  });
});
