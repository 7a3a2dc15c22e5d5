import { describe, expect, it } from "vitest";
import { HTTP_BUCKETS, SERVICES } from "./catalog";
import { openMetrics, historyLines } from "./exposition";
import { lognormalCdf, normalCdf, Simulation, trafficShape } from "./model";

const T0 = Date.UTC(2026, 10, 24, 0, 0, 0) / 1000; // a Tuesday

function total(sim: Simulation, service: string, status?: string): number {
  return sim.series
    .filter((s) => s.name === "http_requests_total" && s.target === service)
    .filter((s) => status === undefined || s.labels.some(([k, v]) => k === "status" && v === status))
    .reduce((a, s) => a + s.value, 0);
}

describe("distributions", () => {
  it("has a proper normal CDF", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.6449)).toBeCloseTo(0.95, 3);
    expect(lognormalCdf(0.1, 0.1)).toBeCloseTo(0.5, 6);
  });

  it("peaks in the afternoon and is quieter at night and on weekends", () => {
    const at = (day: number, hour: number) => trafficShape(T0 + day * 86400 + hour * 3600);
    expect(at(0, 14)).toBeGreaterThan(at(0, 3) * 2.5);
    expect(at(3, 14)).toBeGreaterThan(at(4, 14) * 1.3); // Friday vs Saturday
  });
});

describe("Simulation", () => {
  it("keeps counters monotonic across the history/live seam (60 s steps, then 5 s steps)", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 3600, 60);
    const before = new Map(sim.series.map((s) => [s, s.value]));
    sim.advanceTo(T0 + 3600 + 120, 5);
    for (const s of sim.series) {
      if (s.type === "gauge") continue;
      expect(s.value, s.name).toBeGreaterThanOrEqual(before.get(s) ?? 0);
    }
  });

  it("produces the reference signals for every service", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 600, 60);
    for (const svc of SERVICES) {
      const names = new Set(sim.seriesOf(svc.name).map((s) => s.name));
      for (const n of [
        "http_requests_total",
        "http_request_duration_seconds_bucket",
        "database_query_duration_seconds_bucket",
        "cache_hit_rate",
        "active_connections",
      ]) {
        expect(names.has(n), `${svc.name} ${n}`).toBe(true);
      }
    }
    const kube = new Set(sim.seriesOf("kubernetes").map((s) => s.name));
    expect(kube).toContain("kube_horizontalpodautoscaler_status_desired_replicas");
    expect(kube).toContain("container_cpu_usage_seconds_total");
  });

  it("raises the error ratio during an error burst and only for that service", () => {
    const quiet = new Simulation(T0);
    const burst = new Simulation(T0, [{ id: "x", service: "payment-service", kind: "errors", start: T0, end: T0 + 600, magnitude: 0.3 }]);
    quiet.advanceTo(T0 + 600, 5);
    burst.advanceTo(T0 + 600, 5);
    const ratio = (sim: Simulation, svc: string) => total(sim, svc, "500") / total(sim, svc);
    expect(ratio(quiet, "payment-service")).toBeLessThan(0.01);
    expect(ratio(burst, "payment-service")).toBeGreaterThan(0.25);
    expect(ratio(burst, "order-service")).toBeCloseTo(ratio(quiet, "order-service"), 6);
  });

  it("makes a latency spike move requests into slower buckets", () => {
    const spike = new Simulation(T0, [{ id: "x", service: "order-service", kind: "latency", start: T0, end: T0 + 600, magnitude: 6 }]);
    const quiet = new Simulation(T0);
    spike.advanceTo(T0 + 600, 5);
    quiet.advanceTo(T0 + 600, 5);
    const fastShare = (sim: Simulation) => {
      const b = sim.series.filter((s) => s.target === "order-service" && s.name === "http_request_duration_seconds_bucket");
      const under = b.filter((s) => s.labels.some(([k, v]) => k === "le" && v === "0.25")).reduce((a, s) => a + s.value, 0);
      const all = b.filter((s) => s.labels.some(([k, v]) => k === "le" && v === "+Inf")).reduce((a, s) => a + s.value, 0);
      return under / all;
    };
    expect(fastShare(quiet)).toBeGreaterThan(0.8);
    expect(fastShare(spike)).toBeLessThan(0.4);
  });

  it("marks a service down during an outage and stops its traffic", () => {
    const sim = new Simulation(T0, [{ id: "x", service: "inventory-service", kind: "outage", start: T0 + 300, end: T0 + 900, magnitude: 1 }]);
    sim.advanceTo(T0 + 300, 5);
    const before = total(sim, "inventory-service");
    sim.advanceTo(T0 + 600, 5);
    expect(sim.down.has("inventory-service")).toBe(true);
    expect(total(sim, "inventory-service")).toBe(before);
    sim.advanceTo(T0 + 1000, 5);
    expect(sim.down.has("inventory-service")).toBe(false);
  });
});

describe("exposition", () => {
  it("writes OpenMetrics with cumulative buckets, exemplars and # EOF", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 60, 5);
    const text = openMetrics(sim.seriesOf("order-service"));
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(text).toContain("# TYPE http_requests counter");
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*le="0\.1"\} \d+ # \{trace_id="[0-9a-f]{32}"\} [\d.]+ [\d.]+/);
    const buckets = text
      .split("\n")
      .filter((l) => l.startsWith('http_request_duration_seconds_bucket{service="order-service",method="POST",endpoint="/api/orders",status="200"'))
      .map((l) => Number(l.split(" ")[1]));
    expect(buckets).toHaveLength(HTTP_BUCKETS.length + 1);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1] as number);
  });

  it("writes history samples with the target labels and a timestamp in seconds", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 60, 60);
    const line = historyLines(sim.series, T0 + 60, (t) => [["instance", t], ["job", t]]).split("\n")[0] as string;
    expect(line).toMatch(/^http_requests_total\{service="order-service",.*,instance="order-service",job="order-service"\} \d+ \d{10}$/);
  });
});
