import { describe, expect, it } from "vitest";
import { REFERENCE_HPA_SPEC } from "./catalog";
import { Simulation } from "./model";

const T0 = Date.UTC(2026, 10, 24, 0, 0, 0) / 1000; // a Tuesday, midnight UTC

const gauge = (sim: Simulation, name: string, label: [string, string]) =>
  sim.series.find((s) => s.name === name && s.present && s.labels.some(([k, v]) => k === label[0] && v === label[1]))?.value;

/** order-service's replicas every `every` seconds over [from, to). */
function replicasOver(sim: Simulation, from: number, to: number, every = 300): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += every) {
    sim.advanceTo(t, 15);
    out.push(gauge(sim, "kube_deployment_spec_replicas", ["deployment", "order-service"])!);
  }
  return out;
}

describe("autoscaling in the simulated cluster", () => {
  it("order-service's HPA scales up for the afternoon peak and back down to its minimum at night", () => {
    const sim = new Simulation(T0);
    const day = replicasOver(sim, T0 + 300, T0 + 86400);
    const at = (hour: number) => day[Math.floor((hour * 3600 - 300) / 300)]!;
    expect(at(4)).toBe(3);
    expect(at(14)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...day)).toBeLessThanOrEqual(20);
    expect(Math.min(...day)).toBeGreaterThanOrEqual(3);
    // kube-state-metrics' view of the same HPA
    expect(gauge(sim, "kube_horizontalpodautoscaler_spec_max_replicas", ["horizontalpodautoscaler", "order-service"])).toBe(20);
    expect(gauge(sim, "kube_horizontalpodautoscaler_status_current_replicas", ["horizontalpodautoscaler", "order-service"])).toBe(day.at(-1));
    const targets = sim.series.filter((s) => s.name === "kube_horizontalpodautoscaler_spec_target_metric").map((s) => Object.fromEntries(s.labels).metric_name);
    expect(targets.sort()).toEqual(["cpu", "http_requests_per_second", "memory"]);
    // what the controller read at its last sync, per metric of the spec: the requests per pod
    // match the traffic kube-state-metrics and the exposition show
    const [cpu, memory, perPod] = sim.autoscaling().find((a) => a.service === "order-service")!.readings;
    expect([cpu?.type, cpu?.name, memory?.name, perPod?.type, perPod?.name]).toEqual(["Resource", "cpu", "memory", "Pods", "http_requests_per_second"]);
    expect(cpu).toMatchObject({ averageUtilization: expect.any(Number) });
    expect(Number.isInteger((cpu as { averageUtilization: number }).averageUtilization)).toBe(true);
    expect(perPod!.averageValue).toBeGreaterThan(0);
    expect(perPod!.averageValue).toBeLessThan(100); // the target: at the minimum of 3 pods, the night's traffic is under it
  });

  it("a new HPA spec from the cluster takes over at the next sync, the controller's history kept", () => {
    const sim = new Simulation(T0);
    replicasOver(sim, T0 + 300, T0 + 4 * 3600);
    expect(gauge(sim, "kube_deployment_spec_replicas", ["deployment", "order-service"])).toBe(3);
    const spec = { ...REFERENCE_HPA_SPEC, minReplicas: 8, maxReplicas: 30 };
    expect(sim.setHpaSpec("order-service", spec)).toBe(true);
    sim.advanceTo(T0 + 4 * 3600 + 30, 15);
    expect(gauge(sim, "kube_deployment_spec_replicas", ["deployment", "order-service"])).toBe(8);
    expect(gauge(sim, "kube_horizontalpodautoscaler_spec_min_replicas", ["horizontalpodautoscaler", "order-service"])).toBe(8);
    expect(gauge(sim, "kube_horizontalpodautoscaler_spec_max_replicas", ["horizontalpodautoscaler", "order-service"])).toBe(30);
    expect(sim.autoscaling().find((a) => a.service === "order-service")).toMatchObject({ replicas: 8, desiredReplicas: 8, minReplicas: 8, maxReplicas: 30, limitedBy: "TooFewReplicas", lastScaleTime: expect.any(Number) });
    // every running pod has its series, up to the new maximum
    replicasOver(sim, T0 + 4 * 3600 + 300, T0 + 15 * 3600);
    const pods = new Set(sim.series.filter((s) => s.name === "container_memory_working_set_bytes" && s.present && s.labels.some(([k, v]) => k === "container" && v === "order-service")).map((s) => Object.fromEntries(s.labels).pod));
    expect(pods.size).toBe(gauge(sim, "kube_deployment_status_replicas", ["deployment", "order-service"]));
    expect(sim.setHpaSpec("no-such-service", spec)).toBe(false);
  });

  it("a workload without an HPA gets one when the cluster has one for it", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 60, 15);
    expect(sim.autoscaling().map((a) => a.service)).toEqual(["order-service"]);
    expect(sim.setHpaSpec("payment-service", { ...REFERENCE_HPA_SPEC, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "payment-service" }, minReplicas: 6, maxReplicas: 10 })).toBe(true);
    sim.advanceTo(T0 + 120, 15);
    expect(gauge(sim, "kube_deployment_spec_replicas", ["deployment", "payment-service"])).toBe(6);
  });

  it("a latency incident (CPU-bound) scales order-service up while it lasts", () => {
    const quiet = new Simulation(T0);
    const slow = new Simulation(T0, [{ id: "l", service: "order-service", kind: "latency", start: T0 + 3 * 3600, end: T0 + 3 * 3600 + 1800, magnitude: 5 }]);
    const q = replicasOver(quiet, T0 + 300, T0 + 4 * 3600);
    const s = replicasOver(slow, T0 + 300, T0 + 4 * 3600);
    expect(Math.max(...q)).toBe(3);
    // five times the CPU per request at night: twice the pods at least
    expect(Math.max(...s)).toBeGreaterThanOrEqual(6);
    expect(s.at(-1)).toBeLessThan(Math.max(...s)); // and back down after it
  });

  it("catalog-service's VPA brings its over-provisioned CPU request down once it has seen an hour of usage", () => {
    const sim = new Simulation(T0);
    sim.advanceTo(T0 + 1800, 60);
    const cpuRequest = () =>
      sim.series.find((x) => x.name === "kube_pod_container_resource_requests" && x.present && x.labels.some(([k, v]) => k === "pod" && v.startsWith("catalog-service")) && x.labels.some(([k, v]) => k === "resource" && v === "cpu"))?.value;
    expect(cpuRequest()).toBe(1);
    sim.advanceTo(T0 + 3 * 3600, 60);
    const target = gauge(sim, "kube_verticalpodautoscaler_status_recommendation_containerrecommendations_target", ["resource", "cpu"])!;
    expect(target).toBeGreaterThanOrEqual(0.1); // minAllowed
    expect(target).toBeLessThan(0.5);
    expect(cpuRequest()).toBe(Math.round(target * 1000) / 1000);
  });
});
