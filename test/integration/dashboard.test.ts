import { beforeAll, describe, expect, it } from "vitest";
import { resetConfigCache } from "@/lib/config";
import { loadDashboard } from "@/lib/dashboard/load";
import { queryCache } from "@/lib/query/run";
import { CDN, PAGES } from "@/scripts/simulator/catalog";
import { env } from "./env";

/** Panels whose signals the simulator does not export for a service (no pages of its own, no CDN in front): "no data". */
function withoutData(service: string, id: string): boolean {
  if (id.startsWith("web-vitals-")) return !PAGES.some((p) => p.service === service);
  if (id === "cdn-hit-ratio") return !CDN.some((c) => c.service === service);
  return false;
}

beforeAll(() => {
  process.env.PROMETHEUS_URL = env.prometheusUrl;
  resetConfigCache();
});

describe("service dashboard against the real Prometheus", () => {
  it("shows the past error burst of order-service where it happened", async () => {
    // scripts/simulator/catalog.ts: order-service errors 20 h before the history ends, 25 min, 8 %.
    const incident = env.historyEnd - 20 * 3600;
    const data = await loadDashboard({
      service: "order-service",
      range: { kind: "absolute", from: incident - 3 * 3600, to: incident + 3 * 3600 },
      widthPx: 600,
      compare: false,
    });
    const errorRate = data.panels.find((p) => p.ok && p.data.id === "error-rate");
    if (!errorRate?.ok) throw new Error("error-rate panel failed");
    const points = errorRate.data.series[0]!.points.filter((p): p is [number, number] => p[1] !== null);
    const peak = points.reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(peak[1]).toBeGreaterThan(0.05);
    expect(peak[0]).toBeGreaterThanOrEqual(incident);
    expect(peak[0]).toBeLessThanOrEqual(incident + 25 * 60 + data.range.step * 2);
    const before = points.filter(([t]) => t < incident - 1800);
    expect(Math.max(...before.map(([, v]) => v))).toBeLessThan(0.01);
  });

  it("gives every panel data for every service, and aligned ranges", async () => {
    for (const service of ["order-service", "catalog-service"]) {
      const data = await loadDashboard({ service, range: { kind: "relative", preset: "6h" }, widthPx: 500, compare: true });
      expect(data.range.start % data.range.step).toBe(0);
      expect(data.range.end % data.range.step).toBe(0);
      for (const p of data.panels) {
        expect(p.ok, JSON.stringify(p)).toBe(true);
        if (!p.ok) continue;
        if (p.data.kind === "heatmap") expect(p.data.heatmap!.max).toBeGreaterThan(0);
        else if (withoutData(service, p.data.id)) expect(p.data.series, p.data.id).toEqual([]);
        else {
          expect(p.data.series.length, p.data.id).toBeGreaterThan(0);
          expect(p.data.previous?.length, p.data.id).toBe(p.data.series.length);
          for (const s of p.data.series) expect(s.points.length).toBeLessThanOrEqual(500);
        }
      }
    }
  });

  it("serves a second identical load from the cache", async () => {
    const req = { service: "user-service", range: { kind: "absolute" as const, from: env.historyEnd - 7200, to: env.historyEnd }, widthPx: 400, compare: false };
    await loadDashboard(req);
    const misses = queryCache().misses;
    const hitsBefore = queryCache().hits;
    await loadDashboard(req);
    expect(queryCache().misses).toBe(misses);
    expect(queryCache().hits).toBeGreaterThan(hitsBefore);
  });

  it("carries exemplars with trace ids on the latency panel", async () => {
    // Exemplars exist only for live scrapes (they cannot be backfilled): wait for the first ones.
    const exemplars = async () => {
      const data = await loadDashboard({ service: "order-service", range: { kind: "relative", preset: "15m" }, widthPx: 600, compare: false });
      const p95 = data.panels.find((p) => p.ok && p.data.id === "response-time-p95");
      if (!p95?.ok) throw new Error("latency panel failed");
      return p95.data.exemplars ?? [];
    };
    await expect.poll(async () => (await exemplars()).length, { timeout: 45_000, interval: 3_000 }).toBeGreaterThan(0);
    const [first] = await exemplars();
    expect(first!.traceId).toMatch(/^[0-9a-f]{32}$/);
    // an exemplar is a real request: its latency is positive and not beyond the histogram's top bucket
    expect(first!.value).toBeGreaterThan(0);
    expect(first!.value).toBeLessThanOrEqual(10);
  });
});
