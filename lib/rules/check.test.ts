import { afterEach, describe, expect, it, vi } from "vitest";
import { prometheusFacts } from "@/lib/server/rule-facts";
import { checkRuleFile, hasErrors } from "./check";

const cfg = { name: "prometheus" as const, url: "http://prom.test:9090", timeoutMs: 2000 };

describe("checkRuleFile", () => {
  it("merges schema errors and semantic warnings in file order, errors first at the same place", async () => {
    const text = [
      "groups:",
      "  - name: g",
      "    rules:",
      "      - record: r",
      "        expr: sum(up)",
      "        for: 5m",
      "      - alert: A",
      "        expr: rate(node_load1[1m])",
      "        annotations:",
      "          summary: '{{ $labels.x \"'",
    ].join("\n");
    const problems = await checkRuleFile(text);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.check ?? "-"}`)).toEqual([
      "6:14 error -",
      "7:16 warning rule/label",
      "8:15 warning alerts/comparison",
      "8:20 warning promql/rate", // node_load1 is not a counter
      "8:31 warning promql/rate", // [1m] < 4 × 1m
      "10:34 error -",
    ]);
    expect(problems.at(-1)?.message).toBe('group "g", rule 2: annotations: template of summary does not parse: unterminated quoted string');
    expect(hasErrors(problems)).toBe(true);
    expect(hasErrors(problems.filter((p) => p.severity === "warning"))).toBe(false);
  });

  it("reports each problem once and only YAML errors for a broken file", async () => {
    expect(await checkRuleFile("groups:\n  - name: [\n")).toEqual([expect.objectContaining({ severity: "error", message: expect.stringMatching(/^YAML: /) })]);
    const dup = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels: {severity: x}\n        annotations: {summary: y}\n";
    expect(await checkRuleFile(dup)).toEqual([]);
  });
});

describe("checkRuleFile with prometheusFacts (Prometheus HTTP API stubbed)", () => {
  afterEach(() => vi.unstubAllGlobals());

  const stub = (answers: Record<string, number>) => {
    const requests: string[] = [];
    vi.stubGlobal("fetch", async (url: URL, init: RequestInit) => {
      const json = (data: unknown) => new Response(JSON.stringify({ status: "success", data }), { headers: { "content-type": "application/json" } });
      requests.push(`${init.method ?? "GET"} ${url.pathname}${url.search}`);
      if (url.pathname === "/api/v1/status/config") return json({ yaml: "global:\n  scrape_interval: 5s\n  evaluation_interval: 15s\n" });
      if (url.pathname === "/api/v1/metadata") return json(url.searchParams.get("metric") === "http_requests" ? { http_requests: [{ type: "counter", help: "", unit: "" }] } : {});
      if (url.pathname === "/api/v1/query") {
        const query = new URLSearchParams(String(init.body)).get("query")!;
        const n = answers[query] ?? 0;
        return json({ resultType: "vector", result: n ? [{ metric: {}, value: [1, String(n)] }] : [] });
      }
      return new Response("not found", { status: 404 });
    });
    return requests;
  };

  it("uses count() instant queries, metadata and the configured scrape interval", async () => {
    const requests = stub({
      'count(http_requests_total{service="order-service"})': 12,
      'count({__name__="http_requests_total"})': 60,
      'count({__name__="http_requests_total", service!=""})': 60,
    });
    const rules = (service: string, range: string) =>
      `      - alert: ${service}\n        expr: sum(rate(http_requests_total{service="${service}"}[${range}])) > 0\n        labels: {severity: page}\n        annotations: {summary: s}\n`;
    const text = `groups:\n  - name: g\n    rules:\n${rules("order-service", "1m")}${rules("no-such-service", "15s")}`;
    const problems = await checkRuleFile(text, { live: prometheusFacts(cfg) });
    expect(problems.map((p) => `${p.line}:${p.column} ${p.check} ${p.message}`)).toEqual([
      '9:24 promql/series alert "no-such-service": http_requests_total{service="no-such-service"} matches no series: label service has no value "no-such-service" on http_requests_total',
      '9:71 promql/rate alert "no-such-service": rate(http_requests_total{service="no-such-service"}[15s]) uses a 15s range, shorter than 4× the scrape interval of 5s (20s); one failed or late scrape leaves fewer than two samples in the window, so the result has gaps',
    ]);
    expect(requests).toContain("GET /api/v1/metadata?metric=http_requests_total");
    expect(requests).toContain("GET /api/v1/metadata?metric=http_requests");
    expect(requests.filter((r) => r === "POST /api/v1/query")).toHaveLength(5);
  });

  it("reports an unreachable Prometheus once, as a warning", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    });
    const text = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels: {severity: page}\n        annotations: {summary: s}\n";
    expect(await checkRuleFile(text, { live: prometheusFacts(cfg) })).toEqual([
      { line: 1, column: 1, severity: "warning", check: "live", message: "live checks skipped: prometheus at http://prom.test:9090 is unreachable (ECONNREFUSED)" },
    ]);
  });
});
