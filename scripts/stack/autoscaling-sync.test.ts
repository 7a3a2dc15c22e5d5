import { describe, expect, it } from "vitest";
import { readingsFromStatus } from "../../lib/scaling/hpa-status";
import { hpaConditions, hpaCurrentMetrics, vpaStatus } from "./autoscaling-sync";

const base = { service: "order-service", replicas: 5, desiredReplicas: 5, minReplicas: 3, maxReplicas: 20, lastScaleTime: null, limitedBy: null, readings: [] };
const byType = (a: Parameters<typeof hpaConditions>[0], ambiguous?: string) => Object.fromEntries(hpaConditions(a, ambiguous).map((c) => [c.type, `${c.status} ${c.reason}`]));

describe("the HPA conditions the stand-in controller writes (as kube-controller-manager's)", () => {
  it("steady within range", () => {
    expect(byType(base)).toEqual({ AbleToScale: "True ReadyForNewScale", ScalingActive: "True ValidMetricFound", ScalingLimited: "False DesiredWithinRange" });
  });
  it("a rescale, a limit, a stabilized scale-down", () => {
    expect(byType({ ...base, desiredReplicas: 7 }).AbleToScale).toBe("True SucceededRescale");
    expect(byType({ ...base, replicas: 20, desiredReplicas: 20, limitedBy: "TooManyReplicas" }).ScalingLimited).toBe("True TooManyReplicas");
    expect(byType({ ...base, limitedBy: "TooFewReplicas" }).ScalingLimited).toBe("True TooFewReplicas");
    expect(byType({ ...base, limitedBy: "ScaleDownStabilized" })).toMatchObject({ AbleToScale: "True ScaleDownStabilized", ScalingLimited: "False DesiredWithinRange" });
  });
  it("two HPAs on one workload: neither is active, and the message names both", () => {
    const c = hpaConditions(base, "pods by selector app=order-service are controlled by multiple HPAs: [shop/a shop/b]");
    expect(c.find((x) => x.type === "ScalingActive")).toMatchObject({ status: "False", reason: "AmbiguousSelector", message: expect.stringContaining("[shop/a shop/b]") });
  });
});

describe("the HPA's currentMetrics the stand-in controller writes", () => {
  it("in kube-controller-manager's shape, which the console reads back as the controller's numbers", () => {
    const readings = [
      { type: "Resource" as const, name: "cpu", averageUtilization: 41, averageValue: 0.2051 },
      { type: "ContainerResource" as const, name: "memory", container: "app", averageValue: 314572800.4 },
      { type: "Pods" as const, name: "http_requests_per_second", averageValue: 12.5 },
    ];
    const written = hpaCurrentMetrics(readings);
    expect(written).toEqual([
      { type: "Resource", resource: { name: "cpu", current: { averageUtilization: 41, averageValue: "205m" } } },
      { type: "ContainerResource", containerResource: { name: "memory", container: "app", current: { averageValue: "314572800" } } },
      { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, current: { averageValue: "12500m" } } },
    ]);
    const spec = [
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      { type: "ContainerResource", containerResource: { name: "memory", container: "app", target: { type: "AverageValue", averageValue: "512Mi" } } },
      { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "10" } } },
    ];
    expect(readingsFromStatus(spec, written).map((r) => r.current)).toEqual([41, 314572800, 12.5]);
  });
});

describe("the VPA status the stand-in recommender writes", () => {
  it("its recommendation in quantities, per container, with RecommendationProvided", () => {
    const r = (x: number) => ({ lowerBound: x, target: 2 * x, upperBound: 3 * x, uncappedTarget: 2 * x });
    const s = vpaStatus({ service: "catalog-service", mode: "Recreate", requests: { cpu: 0.5, memory: 5e8 }, recommendation: { cpu: r(0.1234), memory: r(2.5e8) } }, "catalog-service");
    expect(s.recommendation).toEqual({
      containerRecommendations: [
        { containerName: "catalog-service", lowerBound: { cpu: "123m", memory: "250000000" }, target: { cpu: "247m", memory: "500000000" }, uncappedTarget: { cpu: "247m", memory: "500000000" }, upperBound: { cpu: "370m", memory: "750000000" } },
      ],
    });
    expect(s.conditions).toEqual([expect.objectContaining({ type: "RecommendationProvided", status: "True" })]);
  });
  it("before an hour of usage: no recommendation, and why", () => {
    const s = vpaStatus({ service: "catalog-service", mode: "Off", requests: { cpu: 0.5, memory: 5e8 }, recommendation: null }, "catalog-service");
    expect(s.recommendation).toBeUndefined();
    expect(s.conditions[0]).toMatchObject({ type: "RecommendationProvided", status: "False", reason: "NotEnoughData" });
  });
});
