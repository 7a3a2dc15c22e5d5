import { describe, expect, it } from "vitest";
import { controllerSpecOf, metricPlans, toleranceOf } from "./hpa-spec";
import { referenceHpaSpec } from "./reference";
import { replayHpa } from "./replay";

// the reference HPA of order-service, as written (PRODUCT.md)
const reference = referenceHpaSpec();

/** A day of CPU demand (Σ utilization % over pods) at 15 s: 150 at night, 700 at the 14:00 peak. */
const day = Float64Array.from({ length: 5760 }, (_, i) => 425 - 275 * Math.cos(((i * 15) / 86400 - 14 / 24) * 2 * Math.PI));

describe("the HPA spec as the controller sees it", () => {
  it("fills Kubernetes' defaults field by field", () => {
    const c = controllerSpecOf(reference);
    expect(c).toMatchObject({ minReplicas: 3, maxReplicas: 20 });
    expect(c.behavior?.scaleUp).toEqual({ stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }], tolerance: 0.1 });
    const partial = controllerSpecOf({ maxReplicas: 5, behavior: { scaleDown: { policies: [{ type: "Pods", value: 1, periodSeconds: 60 }], tolerance: "50m" } } });
    expect(partial.minReplicas).toBe(1);
    expect(partial.behavior?.scaleUp.policies).toHaveLength(2); // default scale-up: Pods 4 and Percent 100 per 15 s
    expect(partial.behavior?.scaleDown).toMatchObject({ stabilizationWindowSeconds: 300, tolerance: 0.05 });
    expect(toleranceOf(partial)).toEqual({ up: 0.1, down: 0.05 });
    expect(controllerSpecOf({ maxReplicas: 5 }).behavior).toBeNull();
  });

  it("knows which metrics it can rebuild, and says why not for the others", () => {
    const plans = metricPlans({ metrics: [...reference.metrics, { type: "External", external: { metric: { name: "queue_depth" }, target: { type: "Value", value: "30" } } }] });
    expect(plans.map((p) => p.kind)).toEqual(["resource", "resource", "pods", "unsupported"]);
    expect(plans[2]).toMatchObject({ metric: "http_requests_per_second", target: 100 });
    expect(plans[3]).toMatchObject({ label: "queue_depth", reason: expect.stringMatching(/adapter/) });
    expect(metricPlans({})).toEqual([{ kind: "resource", resource: "cpu", target: { type: "Utilization", value: 80 }, label: "cpu utilization (default 80 %)" }]);
  });
});

describe("replaying an HPA over a day", () => {
  const cpu = (target: number) => [{ label: "cpu", target, demand: day }];

  it("follows the daily curve within min and max, and counts what it cost", () => {
    const r = replayHpa(controllerSpecOf(reference), { start: 0, step: 15, metrics: cpu(70), initialReplicas: 3 });
    expect(r.seconds).toBe(86400);
    expect(r.minReplicasSeen).toBe(3);
    // 700 % at the peak ÷ 70 % = 10 pods, give or take the tolerance
    expect(r.peakReplicas).toBeGreaterThanOrEqual(9);
    expect(r.peakReplicas).toBeLessThanOrEqual(11);
    expect(r.podHours).toBeGreaterThan(3 * 24);
    expect(r.podHours).toBeLessThan(11 * 24);
    expect(r.scaleEvents).toBeGreaterThan(4);
    expect(r.secondsAtMax).toBe(0);
    // the pod-hours are the sum of the replica series
    expect(r.podHours).toBeCloseTo(r.replicas.reduce((a, b) => a + b, 0) * 15 / 3600, 6);
  });

  it("a faster scale-down costs fewer pod-hours; a lower max pins the workload and raises the risk", () => {
    const base = replayHpa(controllerSpecOf(reference), { start: 0, step: 15, metrics: cpu(70), initialReplicas: 3 });
    const fast = replayHpa(controllerSpecOf({ ...reference, behavior: { ...reference.behavior, scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] } } }), { start: 0, step: 15, metrics: cpu(70), initialReplicas: 3 });
    expect(fast.podHours).toBeLessThan(base.podHours);
    const capped = replayHpa(controllerSpecOf({ ...reference, maxReplicas: 6 }), { start: 0, step: 15, metrics: cpu(70), initialReplicas: 3 });
    expect(capped.peakReplicas).toBe(6);
    expect(capped.secondsAtMax).toBeGreaterThan(3600);
    expect(capped.secondsOverTarget).toBeGreaterThan(base.secondsOverTarget);
  });

  it("leaves the count alone where no metric is known, and at a demand inside the tolerance", () => {
    const gap = Float64Array.from(day, (v, i) => (i >= 100 && i < 200 ? Number.NaN : v));
    const r = replayHpa(controllerSpecOf(reference), { start: 0, step: 15, metrics: [{ label: "cpu", target: 70, demand: gap }], initialReplicas: 5 });
    expect(new Set(r.replicas.slice(101, 200))).toEqual(new Set([r.replicas[100]]));
    const flat = replayHpa(controllerSpecOf(reference), { start: 0, step: 15, metrics: [{ label: "cpu", target: 70, demand: new Float64Array(400).fill(5 * 74) }], initialReplicas: 5 });
    expect(flat.scaleEvents).toBe(0);
  });

  it("replays 14 days at 15 s (80,640 syncs) the same every day (speed: npm run bench:scaling)", () => {
    const twoWeeks = Float64Array.from({ length: 14 * 5760 }, (_, i) => day[i % 5760]!);
    const r = replayHpa(controllerSpecOf(reference), { start: 0, step: 15, metrics: [{ label: "cpu", target: 70, demand: twoWeeks }, { label: "rps", target: 100, demand: twoWeeks }], initialReplicas: 3 });
    expect(r.replicas.length).toBe(80640);
    // from the second day on, each day repeats the one before (the controller's memory is minutes long)
    expect(Array.from(r.replicas.slice(5760 * 2, 5760 * 3))).toEqual(Array.from(r.replicas.slice(5760, 5760 * 2)));
  });
});

describe("replica curves for a chart", () => {
  it("keeps the highest count of each bucket, and gaps as null", async () => {
    const { chartSeries } = await import("./replay-chart");
    const r = chartSeries(100, 15, { a: [1, 5, 2, 2, Number.NaN, Number.NaN], b: Int32Array.from([3, 3, 3, 3, 3, 4]) }, 3);
    expect(r).toEqual({ t: [100, 130, 160], series: { a: [5, 2, null], b: [3, 3, 4] } });
  });
});
