import { describe, expect, it } from "vitest";
import { MAX_LIVE_SELECTORS, semanticChecks, type LiveFacts, type RulePolicy } from "./semantic";

/** One group with the given rules (YAML list items, indented by 6). */
const file = (rules: string, group = "  - name: g\n    rules:\n") => `groups:\n${group}${rules}`;
const alert = (expr: string, extra = "") =>
  `      - alert: A\n        expr: ${expr}\n${extra}        labels:\n          severity: page\n        annotations:\n          summary: s\n`;
const NO_POLICY: RulePolicy = { requiredLabels: [], requiredAnnotations: [] };
const check = async (text: string, opts: Parameters<typeof semanticChecks>[1] = {}) => semanticChecks(text, { policy: NO_POLICY, ...opts });
const only = async (text: string, id: string, opts?: Parameters<typeof semanticChecks>[1]) => (await check(text, opts)).filter((p) => p.check === id);

/** A fake Prometheus: these series, the selector language of the queries semanticChecks sends. */
function fakePrometheus(series: Record<string, string>[], types: Record<string, string> = {}, scrapeIntervalSeconds?: number) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const matches = (selector: string, s: Record<string, string>) => {
    const m = /^([a-zA-Z_:][\w:]*)?(?:\{(.*)\})?$/.exec(selector.trim());
    if (!m) throw new Error(`fake cannot parse ${selector}`);
    if (m[1] && s.__name__ !== m[1]) return false;
    for (const [, label, op, value] of (m[2] ?? "").matchAll(/(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)) {
      const v = s[label!] ?? "";
      const re = new RegExp(`^(?:${value})$`);
      if ((op === "=" && v !== value) || (op === "!=" && v === value) || (op === "=~" && !re.test(v)) || (op === "!~" && re.test(v))) return false;
    }
    return true;
  };
  const facts: LiveFacts = {
    scrapeIntervalSeconds,
    async seriesCount(selector) {
      calls.push(selector);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return series.filter((s) => matches(selector, s)).length;
    },
    async metricType(metric) {
      calls.push(`type:${metric}`);
      return types[metric];
    },
  };
  return { facts, calls, maxInFlight: () => maxInFlight };
}

const HTTP = [
  { __name__: "http_requests_total", service: "order-service", method: "GET", status: "200" },
  { __name__: "http_requests_total", service: "payment-service", method: "GET", status: "500" },
];

describe("promql/rate: range against the scrape interval", () => {
  it("warns at the range when it is shorter than 4× the (assumed 1m) scrape interval, with the minimum and a fix", async () => {
    const text = file(alert("sum(rate(http_requests_total[2m])) > 1"));
    const [p, ...rest] = await only(text, "promql/rate");
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 5, column: 44, severity: "warning" });
    expect(p?.message).toBe(
      'alert "A": rate(http_requests_total[2m]) uses a 2m range, shorter than 4× the scrape interval of 1m (assumed: Prometheus\'s default) (4m); one failed or late scrape leaves fewer than two samples in the window, so the result has gaps',
    );
    expect(p?.fix).toBe("use a range of at least 4m, e.g. rate(http_requests_total[4m])");
    expect(await only(file(alert("sum(rate(http_requests_total[5m])) > 1")), "promql/rate")).toEqual([]);
  });

  it("uses the live scrape interval, and says when the window holds fewer than two samples", async () => {
    const live = fakePrometheus(HTTP, { http_requests_total: "counter" }, 15).facts;
    expect(await only(file(alert("rate(http_requests_total[1m]) > 1")), "promql/rate", { live })).toEqual([]);
    const [p] = await only(file(alert("increase(http_requests_total[20s]) > 1")), "promql/rate", { live });
    expect(p?.message).toContain("uses a 20s range, shorter than 4× the scrape interval of 15s (1m); the window often holds fewer than two samples, so increase() returns nothing");
  });

  it("asks the facts for the interval when it is not given, and assumes the default when that fails", async () => {
    const base = fakePrometheus(HTTP).facts;
    const viaConfig = await only(file(alert("rate(http_requests_total[1m]) > 1")), "promql/rate", { live: { ...base, scrapeInterval: async () => 30 } });
    expect(viaConfig[0]?.message).toContain("scrape interval of 30s (2m)");
    const failing = await only(file(alert("rate(http_requests_total[1m]) > 1")), "promql/rate", {
      live: { ...base, scrapeInterval: () => Promise.reject(new Error("404")) },
    });
    expect(failing[0]?.message).toContain("scrape interval of 1m (assumed");
  });

  it("checks a subquery's range against its step, and deriv() ranges too", async () => {
    const [sub] = await only(file(alert("rate(http_requests_total[5m:2m]) > 1")), "promql/rate");
    expect(sub?.message).toContain("uses a 5m range, shorter than 4× the subquery step of 2m (8m)");
    const [deriv, ...more] = await only(file(alert("deriv(node_memory_free_bytes[90s]) < 0")), "promql/rate");
    expect(deriv?.message).toContain("deriv(node_memory_free_bytes[90s]) uses a 1m30s range");
    expect(more).toEqual([]); // deriv() is for gauges: no counter warning
  });
});

describe("promql/rate: only counters", () => {
  it("offline, flags metric names that are not counter-like, at the selector", async () => {
    const text = file(alert('rate(node_memory_free_bytes{job="node"}[5m]) > 1'));
    const [p] = await only(text, "promql/rate");
    expect(p).toMatchObject({ line: 5, column: 20 });
    expect(p?.message).toContain("node_memory_free_bytes does not look like a counter (counter names end in _total, _count, _sum or _bucket)");
    expect(p?.fix).toContain("deriv() or delta()");
    for (const ok of ["rate(x_total[5m])", "rate(x_bucket[5m])", "increase(x_count[5m])", 'irate({__name__="x_sum"}[5m])']) {
      expect(await only(file(alert(`${ok} > 1`)), "promql/rate"), ok).toEqual([]);
    }
  });

  it("flags rate() over sum() (subquery of an aggregation)", async () => {
    const [p] = await only(file(alert("rate(sum by (job) (http_requests_total)[5m:1m]) > 1")), "promql/rate");
    expect(p?.message).toContain("rate() over the result of sum(): when one of the aggregated counters resets");
    expect(p?.fix).toBe("take the rate first, then aggregate: sum(rate(<counter>[5m]))");
  });

  it("live, believes Prometheus's metadata, also under the OpenMetrics family name", async () => {
    const { facts } = fakePrometheus([], { temperature_total: "gauge", http_requests: "counter", process_cpu: "counter" });
    const warnings = await only(
      file(alert("rate(temperature_total[5m]) > 1") + alert("rate(http_requests_total[5m]) > 1") + alert("rate(process_cpu[5m]) > 1")),
      "promql/rate",
      { live: { ...facts, seriesCount: async () => 1 } },
    );
    expect(warnings.map((w) => w.message)).toEqual([
      'alert "A": rate(temperature_total[5m]): Prometheus\'s metadata says temperature_total is a gauge, not a counter; rate() treats every decrease as a counter reset, which gives nonsense for gauges',
    ]);
  });
});

describe("alerts/comparison and alerts/absent", () => {
  it.each([
    ["up", true],
    ["sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))", true],
    ["up == bool 0", true],
    ["(up > 0) or on() vector(1)", true],
    ["up == 0", false],
    ["sum by (job) (up == 0)", false],
    ["(rate(errors_total[5m]) > 1) and on(job) up", false],
    ['label_replace(up < 1, "x", "$1", "job", "(.*)")', false],
    ["up unless (up > 0)", true],
  ])("%s → warns: %s", async (expr, warns) => {
    const found = await only(file(alert(expr)), "alerts/comparison");
    expect(found.length).toBe(warns ? 1 : 0);
    if (warns) expect(found[0]?.message).toContain("has no comparison (==, !=, >, <, >=, <=), so the alert fires for every series it returns");
  });

  it("suggests a condition that keeps the precedence right", async () => {
    const [set] = await only(file(alert("up{job='a'} or on() up{job='b'}")), "alerts/comparison");
    expect(set?.fix).toBe("add a condition, e.g. (up{job='a'} or on() up{job='b'}) > 0; ignore this for an always-firing (dead man's switch) alert");
    const [ratio] = await only(file(alert("errors / requests")), "alerts/comparison");
    expect(ratio?.fix).toContain("e.g. errors / requests > 0;");
  });

  it("wants for ≥ 2× the scrape interval on absent() alerts, pointing at for", async () => {
    const text = file(alert('absent(up{job="api"})', "        for: 1m\n"));
    expect(await only(text, "alerts/comparison")).toEqual([]);
    const [p] = await only(text, "alerts/absent");
    expect(p).toMatchObject({ line: 6, column: 14 });
    expect(p?.message).toBe(
      'alert "A": absent(up{job="api"}) with for: 1m: after a Prometheus restart absent() is true until the first scrape, so the alert fires falsely; for must be at least 2× the scrape interval of 1m (assumed: Prometheus\'s default) (2m)',
    );
    expect(p?.fix).toBe("set for: 2m or more");
    expect((await only(file(alert("absent_over_time(up[5m])")), "alerts/absent"))[0]?.message).toContain("with no for");
    expect(await only(file(alert('absent(up{job="api"})', "        for: 2m\n")), "alerts/absent")).toEqual([]);
  });
});

describe("alerts/template: $value in labels", () => {
  it("points at the exact place in the label value", async () => {
    const text = file(`      - alert: A\n        expr: up == 0\n        labels:\n          level: "{{ if gt $value 10.0 }}high{{ end }}"\n          v: '{{ .Value }}'\n        annotations:\n          summary: "{{ $value }}"\n`);
    const found = await only(text, "alerts/template");
    expect(found.map((p) => [p.line, p.column])).toEqual([
      [7, 28],
      [8, 18],
    ]);
    expect(found[0]?.message).toBe('alert "A": label level uses $value: every change of the value gives the alert a new label set, so it resolves and fires again as a new alert');
    expect(found[0]?.fix).toBe("move $value to an annotation");
  });
});

describe("policy, duplicates, group interval", () => {
  it("requires the configured labels and annotations on alerting rules, accepting group labels", async () => {
    const policy = { requiredLabels: ["severity", "team"], requiredAnnotations: ["summary", "runbook_url"] };
    const text = file(alert("up == 0") + "      - record: r\n        expr: up\n", "  - name: g\n    labels:\n      team: sre\n    rules:\n");
    const found = await semanticChecks(text, { policy });
    expect(found.map((p) => `${p.line}:${p.check}:${p.message}`)).toEqual(['6:rule/annotation:alert "A" has no runbook_url annotation (required by policy)']);
    const defaults = await semanticChecks(file("      - alert: B\n        expr: up == 0\n"));
    expect(defaults.map((p) => p.message)).toEqual(['alert "B" has no severity label (required by policy)', 'alert "B" has no summary annotation (required by policy)']);
  });

  it("finds duplicate alerts across groups, exact duplicates and recording rules writing the same series", async () => {
    const text =
      "groups:\n  - name: a\n    rules:\n" +
      "      - alert: Down\n        expr: up == 0\n" +
      "      - alert: Down\n        expr: up == 0\n" +
      "      - alert: Slow\n        expr: x > 1\n" +
      "      - alert: Slow\n        expr: x > 2\n" +
      "      - record: job:up:sum\n        expr: sum by (job) (up)\n" +
      "  - name: b\n    rules:\n" +
      "      - alert: Slow\n        expr: x > 3\n" +
      "      - record: job:up:sum\n        expr: sum by (job) (up{x=\"1\"})\n" +
      "      - record: job:up:sum\n        expr: sum by (job) (up)\n        labels:\n          x: y\n";
    const found = await only(text, "rule/duplicate");
    expect(found.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '6: alert "Down" duplicates group "a", rule 1: same name, expression and labels, so both produce the same alerts',
      '16: alert "Slow" is also defined in group "a", rule 3: alerts of the same name in different groups are evaluated independently and are easy to change inconsistently',
      '18: record "job:up:sum" with the same labels is also defined in group "a", rule 5: both write the same series, and the later evaluation overwrites the other',
    ]);
  });

  it("warns about group intervals above 5m at the interval", async () => {
    const [p] = await only(file(alert("up == 0"), "  - name: g\n    interval: 10m\n    rules:\n"), "group/interval");
    expect(p).toMatchObject({ line: 3, column: 15 });
    expect(p?.message).toContain('group "g": interval 10m is longer than 5m');
    expect(await only(file(alert("up == 0"), "  - name: g\n    interval: 5m\n    rules:\n"), "group/interval")).toEqual([]);
  });

  it("never throws on broken files, and leaves unparsable expressions to validateRuleFile", async () => {
    expect(await check("groups: [\n")).toEqual([]);
    expect(await check("groups: 3\n")).toEqual([]);
    expect(await check(file("      - alert: A\n        expr: rate(x[1m]\n      - 7\n      - record: {}\n"))).toEqual([]);
  });
});

describe("promql/series: live selectors", () => {
  it("explains why a selector matches nothing: metric missing, label value missing, label missing, combination", async () => {
    const { facts } = fakePrometheus([...HTTP, { __name__: "up", job: "api" }], { http_requests_total: "counter" }, 5);
    const text = file(
      alert('sum(rate(http_requests_total{service="no-such-service"}[1m])) > 0') +
        alert('sum(rate(http_requests_total{service="order-service"}[1m])) > 0') +
        alert("nope_total > 0") +
        alert('up{tenant="x"} == 0') +
        alert('http_requests_total{service="order-service", status="500"} > 0') +
        alert('http_requests_total{service="payment-service", method=~"GET"} > 0') +
        alert('http_requests_total{status!~"2..|5.."} > 0'),
    );
    const found = await only(text, "promql/series", { live: facts });
    expect(found.map((p) => [p.line, p.column, p.message])).toEqual([
      [5, 24, 'alert "A": http_requests_total{service="no-such-service"} matches no series: label service has no value "no-such-service" on http_requests_total'],
      [17, 15, 'alert "A": nope_total matches no series: Prometheus has no series named nope_total now (never scraped, renamed, or gone)'],
      [23, 15, 'alert "A": up{tenant="x"} matches no series: up has no label tenant'],
      [29, 15, 'alert "A": http_requests_total{service="order-service", status="500"} matches no series: each matcher matches some series of http_requests_total, but no series matches all of them together'],
      [41, 15, 'alert "A": http_requests_total{status!~"2..|5.."} matches no series: no series of http_requests_total matches status!~"2..|5.."'],
    ]);
  });

  it("skips selectors expected to be missing: absent(), `or vector()` fallbacks, unless, series recorded in the file", async () => {
    const { facts, calls } = fakePrometheus([{ __name__: "up" }], {}, 5);
    const text = file(
      alert('absent(gone{job="x"})', "        for: 1m\n") +
        alert("sum(gone_total or vector(0)) > 1") +
        alert("up unless gone") +
        "      - record: job:gone:sum\n        expr: sum(up)\n" +
        alert("job:gone:sum > 1"),
    );
    expect(await only(text, "promql/series", { live: facts })).toEqual([]);
    expect(calls.filter((c) => c.includes("gone"))).toEqual([]);
  });

  it("looks up at most MAX_LIVE_SELECTORS selectors for a file of many distinct selectors, and says the rest went unchecked", async () => {
    const prom = fakePrometheus(HTTP, { http_requests_total: "counter" }, 5);
    const rules = Array.from({ length: 400 }, (_, i) => alert(`sum(rate(http_requests_total{service="s${i}"}[1m])) > 0`)).join("");
    const problems = await check(file(rules), { live: prom.facts });
    // each selector costs up to 3 lookups (selector, metric, matcher) plus one type lookup
    expect(prom.calls.length).toBeLessThanOrEqual(MAX_LIVE_SELECTORS * 3 + 2);
    expect(problems.filter((p) => p.check === "live").map((p) => p.message)).toEqual([
      `live checks covered the first ${MAX_LIVE_SELECTORS} of 400 selectors; the rest were not checked against live data (check the file in parts)`,
    ]);
    // the selectors it did check are still reported
    expect(problems.filter((p) => p.check === "promql/series")).toHaveLength(MAX_LIVE_SELECTORS);
  });

  it("de-duplicates lookups and runs them concurrently, at most 8 at a time", async () => {
    const prom = fakePrometheus(HTTP, { http_requests_total: "counter" }, 5);
    const rules = Array.from({ length: 200 }, (_, i) => alert(`sum(rate(http_requests_total{service="s${i % 20}"}[1m])) > 0`)).join("");
    const found = await only(file(rules), "promql/series", { live: prom.facts });
    expect(found).toHaveLength(200);
    // 20 distinct selectors × (selector, metric, matcher, label) + 1 type lookup (and its OpenMetrics fallback: none, typed)
    expect(prom.calls.length).toBeLessThanOrEqual(20 * 3 + 2);
    expect(new Set(prom.calls).size).toBe(prom.calls.length);
    expect(prom.maxInFlight()).toBeGreaterThan(1);
    expect(prom.maxInFlight()).toBeLessThanOrEqual(8);
  });

  it("leaves a selector Prometheus refuses unchecked and checks the others", async () => {
    const { facts } = fakePrometheus(HTTP, { http_requests_total: "counter" }, 5);
    const live: LiveFacts = {
      ...facts,
      seriesCount: (sel) => (sel.includes("huge") ? Promise.reject(Object.assign(new Error("query limit"), { kind: "rejected" })) : facts.seriesCount(sel)),
    };
    const found = await check(file(alert("huge_total > 0") + alert("gone_total > 0")), { live });
    expect(found.map((p) => `${p.check}: ${p.message}`)).toEqual([
      'promql/series: alert "A": gone_total matches no series: Prometheus has no series named gone_total now (never scraped, renamed, or gone)',
    ]);
  });

  it("turns a failing Prometheus into one warning and keeps the offline checks", async () => {
    let calls = 0;
    const live: LiveFacts = {
      scrapeIntervalSeconds: 5,
      seriesCount: async () => {
        calls++;
        throw new Error("prometheus at http://127.0.0.1:1 is unreachable (ECONNREFUSED)");
      },
      metricType: async () => {
        throw new Error("prometheus at http://127.0.0.1:1 is unreachable (ECONNREFUSED)");
      },
    };
    const rules = Array.from({ length: 50 }, (_, i) => alert(`rate(m${i}_bytes[1m]) > 0`)).join("");
    const found = await check(file(rules), { live });
    const skipped = found.filter((p) => p.check === "live");
    expect(skipped).toEqual([{ line: 1, column: 1, severity: "warning", check: "live", message: "live checks skipped: prometheus at http://127.0.0.1:1 is unreachable (ECONNREFUSED)" }]);
    expect(found.filter((p) => p.check === "promql/rate")).toHaveLength(50); // heuristic counter check instead
    expect(calls).toBeLessThanOrEqual(8);
  });
});
