import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { freePort } from "@/lib/db/embedded";
import { loadOverview } from "@/lib/overview/load";
import { labelValues, queryInstant, queryRange } from "@/lib/prometheus/client";
import { resetConfigCache } from "@/lib/config";
import { env } from "./env";

const SERVICES = ["catalog-service", "inventory-service", "order-service", "payment-service", "user-service"];

describe("Prometheus client against the real Prometheus", () => {
  const cfg = () => parseConfig({ PROMETHEUS_URL: env.prometheusUrl }).prometheus;

  it("discovers the five services from the data", async () => {
    const res = await labelValues(cfg(), "service", { match: ["http_requests_total"] });
    expect([...res.data].sort()).toEqual(SERVICES);
  });

  it("returns aligned range data from the backfilled history", async () => {
    const end = Math.floor(env.historyEnd / 300) * 300;
    const res = await queryRange(cfg(), { query: "sum by (service) (rate(http_requests_total[5m]))", start: end - 6 * 3600, end, step: 300 });
    expect(res.data).toHaveLength(5);
    for (const s of res.data) {
      expect(s.values).toHaveLength(6 * 12 + 1);
      expect(s.values[0]?.[0]).toBe(end - 6 * 3600);
      for (const [, v] of s.values) expect(Number(v)).toBeGreaterThan(0);
    }
  });

  it("passes Prometheus's own parse error through", async () => {
    await expect(queryInstant(cfg(), "sum(rate(http_requests_total[5m])")).rejects.toMatchObject({
      kind: "rejected",
      status: 400,
      message: expect.stringMatching(/^prometheus: bad_data: .*parse error/),
    });
  });

  it("stops a query that outlasts the console's budget in Prometheus itself, which says so before the console gives up", async () => {
    // 5 s for the console, so 4 s for Prometheus: Prometheus 2.42 checks its deadline only after it
    // has loaded the data (2.6 s here for this query), so a budget under that ends at about 2.6 s
    const slow = parseConfig({ PROMETHEUS_URL: env.prometheusUrl, QUERY_TIMEOUT_MS: "5000" }).prometheus;
    // every endpoint's p99 over two days at 2 s resolution: 6.3 s of work for Prometheus 3.16 and
    // 17.7 s for 2.42 here without a budget (measured with QUERY_TIMEOUT_MS=60000)
    const query = "max_over_time(histogram_quantile(0.99, sum by (le, service, endpoint) (rate(http_request_duration_seconds_bucket[30m])))[2d:2s])";
    // the message is Prometheus's: had the console stopped waiting first, it would say "did not answer within 5s"
    await expect(queryInstant(slow, query, env.historyEnd)).rejects.toMatchObject({
      kind: "timeout",
      status: 503,
      message: expect.stringMatching(/^prometheus stopped evaluating the query at the console's budget of 4s \(query timed out in .*\); narrow it/),
    });
  });

  it("shows the past error burst of order-service where it happened, and not before", async () => {
    // scripts/simulator/catalog.ts: order-service errors 20 h before the history ends, 25 min, 8%.
    const start = env.historyEnd - 20 * 3600;
    const ratio = (t: number) =>
      queryInstant(
        cfg(),
        'sum(rate(http_requests_total{service="order-service",status=~"5.."}[5m])) / sum(rate(http_requests_total{service="order-service"}[5m]))',
        t,
      ).then((r) => Number(r.data[0]?.value[1]));
    expect(await ratio(start + 15 * 60)).toBeGreaterThan(0.05);
    expect(await ratio(start - 3600)).toBeLessThan(0.01);
    expect(await ratio(start + 3600)).toBeLessThan(0.01);
  });

  it("continues the history into live scraping without a counter reset", async () => {
    const res = await queryInstant(cfg(), 'sum(resets(http_requests_total{service="order-service"}[1h]))');
    expect(Number(res.data[0]?.value[1])).toBe(0);
    const live = await queryInstant(cfg(), 'up{job="order-service"}');
    expect(live.data[0]?.value[1]).toBe("1");
  });
});

describe("overview", () => {
  it("loads every panel with plausible numbers for all services", async () => {
    process.env.PROMETHEUS_URL = env.prometheusUrl;
    resetConfigCache();
    const data = await loadOverview("6h", 800);
    expect(data.services.ok && data.services.data).toEqual(SERVICES);
    for (const panel of [data.summary.rate, data.summary.errorRatio, data.summary.p95]) expect(panel.ok).toBe(true);
    if (!data.summary.rate.ok || !data.summary.p95.ok || !data.summary.errorRatio.ok || !data.charts.p95.ok) throw new Error("unreachable");
    for (const s of SERVICES) {
      expect(data.summary.rate.data[s]).toBeGreaterThan(1);
      expect(data.summary.p95.data[s]).toBeGreaterThan(0.01);
      expect(data.summary.p95.data[s]).toBeLessThan(2);
      expect(data.summary.errorRatio.data[s]).toBeGreaterThanOrEqual(0);
      expect(data.summary.errorRatio.data[s]).toBeLessThan(0.05);
    }
    expect(data.charts.p95.data.map((s) => s.name)).toEqual(SERVICES);
    expect((data.range.end - data.range.start) % data.range.step).toBe(0);
  });

  it("fails panel by panel, not as a whole, when Prometheus is unreachable", async () => {
    const real = env.prometheusUrl; // env reads process.env: keep the real address before changing it
    process.env.PROMETHEUS_URL = `http://127.0.0.1:${await freePort()}`;
    resetConfigCache();
    try {
      const data = await loadOverview("1h", 800);
      for (const panel of [data.services, data.summary.rate, data.charts.rate, data.charts.p95]) {
        expect(panel.ok).toBe(false);
        if (!panel.ok) {
          expect(panel.error.kind).toBe("unreachable");
          expect(panel.error.message).toContain("is unreachable (ECONNREFUSED)");
        }
      }
    } finally {
      process.env.PROMETHEUS_URL = real;
      resetConfigCache();
    }
  });
});
