import { describe, expect, it } from "vitest";
import { CDN } from "./catalog";
import { cdnShares, replicationLag } from "./data-layer";
import { openMetrics } from "./exposition";
import { Simulation, type Series } from "./model";

const T0 = Date.UTC(2026, 10, 24, 0, 0, 0) / 1000; // a Tuesday
const label = (s: Series, k: string) => s.labels.find(([n]) => n === k)?.[1];
const sum = (sim: Simulation, name: string, where: (s: Series) => boolean = () => true) =>
  sim.series.filter((s) => s.name === name && where(s)).reduce((a, s) => a + s.value, 0);

describe("CDN", () => {
  it("answers 90–95 % of catalog-service's asset requests from the edge over a day, on every POP", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 86400, 60);
    const ratio = sum(sim, "fastly_rt_hits_total") / sum(sim, "fastly_rt_requests_total");
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(0.95);
    for (const dc of CDN[0]!.datacenters) {
      const at = (s: Series) => label(s, "datacenter") === dc.code;
      const r = sum(sim, "fastly_rt_hits_total", at) / sum(sim, "fastly_rt_requests_total", at);
      expect(r, dc.code).toBeGreaterThan(0.88);
      expect(r, dc.code).toBeLessThan(0.96);
    }
    // requests = hits + misses + passes
    const parts = sum(sim, "fastly_rt_hits_total") + sum(sim, "fastly_rt_miss_total") + sum(sim, "fastly_rt_pass_total");
    expect(parts / sum(sim, "fastly_rt_requests_total")).toBeCloseTo(1, 9);
  });

  it("fronts catalog-service only, with fastly-exporter's labels", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 120, 60);
    const cdn = sim.series.filter((s) => s.name.startsWith("fastly_rt_"));
    expect(new Set(cdn.map((s) => s.target))).toEqual(new Set(["catalog-service"]));
    expect(cdn[0]!.labels.map(([k]) => k)).toEqual(["service", "service_id", "service_name", "datacenter"]);
    for (let t = T0; t < T0 + 86400; t += 997) {
      const s = cdnShares(CDN[0]!, 2, t);
      expect(s.hit + s.miss + s.pass).toBeCloseTo(1, 12);
      expect(s.miss).toBeGreaterThan(0);
    }
  });
});

describe("replicated databases", () => {
  it("sends reads to the replica and writes to the primary, keeping the per-operation series", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 120, 60);
    const db = sim.series.filter((s) => s.name === "database_query_duration_seconds_count");
    expect(db.length).toBeGreaterThan(0);
    for (const s of db) expect(label(s, "role")).toBe(label(s, "operation") === "select" ? "replica" : "primary");
  });

  it("lags by tens of milliseconds, and by seconds while the database is slow", () => {
    const lags: number[] = [];
    for (let t = T0; t < T0 + 86400; t += 60) lags.push(replicationLag(1, t, 0.6, 1));
    lags.sort((a, b) => a - b);
    const median = lags[Math.floor(lags.length / 2)]!;
    expect(median).toBeGreaterThan(0.01);
    expect(median).toBeLessThan(0.05);
    expect(lags[Math.floor(lags.length * 0.99)]!).toBeLessThan(0.2);

    const quiet = new Simulation(T0);
    const slow = new Simulation(T0, [{ id: "x", service: "catalog-service", kind: "slow-db", start: T0, end: T0 + 900, magnitude: 8 }]);
    quiet.advanceTo(T0 + 600, 5);
    slow.advanceTo(T0 + 600, 5);
    const lag = (sim: Simulation, service: string) => sum(sim, "pg_replication_lag_seconds", (s) => label(s, "service") === service);
    expect(lag(slow, "catalog-service")).toBeGreaterThan(lag(quiet, "catalog-service") * 10);
    expect(lag(slow, "catalog-service")).toBeGreaterThan(0.1);
    expect(lag(slow, "order-service")).toBe(lag(quiet, "order-service"));
  });
});

describe("exposition of the new families", () => {
  it("writes them with TYPE lines, counters named without _total", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 60, 5);
    const text = openMetrics(sim.seriesOf("catalog-service"));
    for (const line of [
      "# TYPE browser_web_vital_lcp_seconds histogram",
      "# TYPE browser_web_vital_inp_seconds histogram",
      "# TYPE browser_web_vital_cls histogram",
      "# TYPE fastly_rt_requests counter",
      "# TYPE fastly_rt_hits counter",
      "# TYPE pg_replication_lag_seconds gauge",
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(/\nbrowser_web_vital_lcp_seconds_bucket\{service="catalog-service",page="\/products\/\{id\}",le="2\.5"\} \d+\n/);
    expect(text).toMatch(/\npg_replication_lag_seconds\{service="catalog-service",server="catalog-service-db-replica:5432"\} 0\.\d+\n/);
    // a service without a CDN exports none of its series
    expect(openMetrics(sim.seriesOf("order-service"))).not.toContain("fastly_rt_");
  });
});
