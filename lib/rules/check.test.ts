import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { prometheusFacts } from "@/lib/rules/live-facts";
import { checkRuleFile, hasErrors } from "./check";

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

describe("checkRuleFile with prometheusFacts (a local HTTP server answering as the Prometheus API)", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Answers config, metadata and count() queries; returns the requests it saw. */
  const serve = async (answers: Record<string, number>) => {
    const requests: string[] = [];
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://localhost");
        requests.push(`${req.method} ${url.pathname}${url.search}`);
        const json = (data: unknown) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ status: "success", data }));
        };
        if (url.pathname === "/api/v1/status/config") return json({ yaml: "global:\n  scrape_interval: 5s\n  evaluation_interval: 15s\n" });
        if (url.pathname === "/api/v1/metadata") return json(url.searchParams.get("metric") === "http_requests" ? { http_requests: [{ type: "counter", help: "", unit: "" }] } : {});
        if (url.pathname === "/api/v1/query") {
          const n = answers[new URLSearchParams(body).get("query")!] ?? 0;
          return json({ resultType: "vector", result: n ? [{ metric: {}, value: [1, String(n)] }] : [] });
        }
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const cfg = { name: "prometheus" as const, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 2000 };
    return { requests, cfg };
  };

  it("uses count() instant queries, metadata and the configured scrape interval", async () => {
    const { requests, cfg } = await serve({
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
    // a port that was just listening and is now closed: connection refused
    const { cfg } = await serve({});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const text = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels: {severity: page}\n        annotations: {summary: s}\n";
    expect(await checkRuleFile(text, { live: prometheusFacts(cfg) })).toEqual([
      { line: 1, column: 1, severity: "warning", check: "live", message: `live checks skipped: prometheus at ${cfg.url} is unreachable (ECONNREFUSED)` },
    ]);
  });
});
