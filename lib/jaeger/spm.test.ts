import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackendConfig } from "@/lib/config";
import { spmMetrics } from "./spm";

/**
 * SPM metrics against a loopback server answering as Jaeger does: a bare MetricFamily
 * (the shape of Jaeger's docker-compose/monitor README example — synthetic values, no
 * upstream fixture exists), 501 in the v1 envelope without a metrics backend (checked
 * against the real Jaeger in test/integration/traces.test.ts), 400 for bad params.
 */

const SYNTHETIC_FAMILY = {
  name: "service_call_rate",
  type: "GAUGE",
  help: "calls/sec, grouped by service",
  metrics: [
    {
      labels: [{ name: "service_name", value: "driver" }],
      metricPoints: [
        { gaugeValue: { doubleValue: 0.0058 }, timestamp: "2021-06-03T09:12:06Z" },
        { gaugeValue: { doubleValue: "NaN" }, timestamp: "2021-06-03T09:12:11Z" },
      ],
    },
  ],
};

let server: http.Server;
let cfg: BackendConfig;
let lastQuery = new URLSearchParams();
let reply: { status: number; body: string } = { status: 200, body: JSON.stringify(SYNTHETIC_FAMILY) };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    lastQuery = new URL(req.url ?? "/", "http://x").searchParams;
    res.writeHead(reply.status, { "content-type": reply.status === 200 ? "application/json" : "text/plain; charset=utf-8" });
    res.end(reply.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cfg = { name: "jaeger", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 2000 };
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const envelope = (code: number, msg: string) => `${JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] })}\n`;

describe("SPM metrics", () => {
  it("reads a MetricFamily; NaN points are gaps; services are repeated parameters, times in ms", async () => {
    reply = { status: 200, body: JSON.stringify(SYNTHETIC_FAMILY) };
    const m = await spmMetrics(cfg, "calls", { services: ["driver", "route"], endMs: 1_622_711_531_000, lookbackMs: 3_600_000, stepMs: 5000 });
    expect(m).toEqual({
      name: "service_call_rate",
      help: "calls/sec, grouped by service",
      series: [{ labels: { service_name: "driver" }, points: [[Date.parse("2021-06-03T09:12:06Z"), 0.0058], [Date.parse("2021-06-03T09:12:11Z"), null]] }],
    });
    expect(lastQuery.getAll("service")).toEqual(["driver", "route"]);
    expect([lastQuery.get("endTs"), lastQuery.get("lookback"), lastQuery.get("step")]).toEqual(["1622711531000", "3600000", "5000"]);
  });

  it("is undefined, not an error, when Jaeger has no metrics backend (501)", async () => {
    reply = { status: 501, body: envelope(501, "trace metrics are currently disabled - no metrics backend configured") };
    expect(await spmMetrics(cfg, "errors", { services: ["driver"], endMs: 0, lookbackMs: 60_000 })).toBeUndefined();
  });

  it("reports Jaeger's own message for a refused request, and refuses a latency query without a quantile before asking", async () => {
    reply = { status: 400, body: envelope(400, "unable to parse param 'quantile': strconv.ParseFloat: parsing \"x\": invalid syntax") };
    await expect(spmMetrics(cfg, "latencies", { services: ["driver"], endMs: 0, lookbackMs: 60_000, quantile: 0.95 })).rejects.toThrow(
      "jaeger answered the latencies metrics with HTTP 400: unable to parse param 'quantile'",
    );
    await expect(spmMetrics(cfg, "latencies", { services: ["driver"], endMs: 0, lookbackMs: 60_000 })).rejects.toThrow("a quantile in (0, 1] is required");
    await expect(spmMetrics(cfg, "calls", { services: [], endMs: 0, lookbackMs: 60_000 })).rejects.toThrow("name at least one service");
  });
});
