import { describe, expect, it } from "vitest";
import { adviseProfiles } from "./advice";

const hpa = (spec: Record<string, unknown>, name = "order-service") => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name, namespace: "shop" },
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "order-service" }, minReplicas: 3, maxReplicas: 20, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }], ...spec },
});
const vpa = (spec: Record<string, unknown>, target = "order-service") => ({
  apiVersion: "autoscaling.k8s.io/v1",
  kind: "VerticalPodAutoscaler",
  metadata: { name: `${target}-vpa`, namespace: "shop" },
  spec: { targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target }, updatePolicy: { updateMode: "Recreate" }, ...spec },
});
const paths = (a: { path: string }[]) => a.map((x) => x.path);

describe("advice on scaling profiles", () => {
  it("flags an HPA and a VPA fighting over CPU of one workload, on both", () => {
    const [h, v] = adviseProfiles([hpa({}), vpa({})]);
    expect(paths(h!)).toEqual(["spec.metrics[0].resource"]);
    expect(h![0]!.message).toMatch(/VPA order-service-vpa also changes cpu of Deployment\/order-service: they fight/);
    expect(paths(v!)).toEqual(["spec.resourcePolicy"]);
  });

  it("does not flag a VPA that leaves the resource alone, is Off, targets another workload or namespace", () => {
    const memoryOnly = vpa({ resourcePolicy: { containerPolicies: [{ containerName: "*", controlledResources: ["memory"] }] } });
    expect(adviseProfiles([hpa({}), memoryOnly]).flat()).toEqual([]);
    expect(adviseProfiles([hpa({}), vpa({ updatePolicy: { updateMode: "Off" } })]).flat()).toEqual([]);
    expect(adviseProfiles([hpa({}), vpa({ resourcePolicy: { containerPolicies: [{ containerName: "*", mode: "Off" }] } })]).flat()).toEqual([]);
    expect(adviseProfiles([hpa({}), vpa({}, "catalog-service")]).flat()).toEqual([]);
    const elsewhere = { ...vpa({}), metadata: { name: "x", namespace: "other" } };
    expect(adviseProfiles([hpa({}), elsewhere]).flat()).toEqual([]);
    // a memory metric does fight a memory-controlling VPA
    const mem = hpa({ metrics: [{ type: "ContainerResource", containerResource: { name: "memory", container: "app", target: { type: "Utilization", averageUtilization: 80 } } }] });
    expect(paths(adviseProfiles([mem, memoryOnly])[0]!)).toEqual(["spec.metrics[0].containerResource"]);
  });

  it("warns of a scale-down without stabilization, policies never selected, and min = max", () => {
    const [a] = adviseProfiles([
      hpa({
        minReplicas: 4,
        maxReplicas: 4,
        behavior: {
          scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: "Percent", value: 10, periodSeconds: 60 }, { type: "Percent", value: 50, periodSeconds: 60 }] },
          scaleUp: { selectPolicy: "Disabled", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }] },
        },
      }),
    ]);
    expect(paths(a!).sort()).toEqual(["spec.behavior.scaleDown.policies[0]", "spec.behavior.scaleDown.stabilizationWindowSeconds", "spec.behavior.scaleUp.policies", "spec.maxReplicas"]);
    // under Min the smaller value is the one selected: the larger never is
    const [b] = adviseProfiles([hpa({ behavior: { scaleDown: { selectPolicy: "Min", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }, { type: "Pods", value: 3, periodSeconds: 60 }] } } })]);
    expect(paths(b!)).toEqual(["spec.behavior.scaleDown.policies[1]"]);
    // different periods both act at times
    expect(adviseProfiles([hpa({ behavior: { scaleDown: { policies: [{ type: "Pods", value: 1, periodSeconds: 60 }, { type: "Pods", value: 3, periodSeconds: 600 }] } } })]).flat()).toEqual([]);
  });

  it("uses what it knows of the workloads and of history", () => {
    const workloads = new Map([["shop/Deployment/order-service", { containers: [{ name: "app", requests: { memory: "512Mi" } }, { name: "sidecar", requests: {} }] }]]);
    const [a] = adviseProfiles([hpa({})], { workloads });
    expect(a).toEqual([expect.objectContaining({ path: "spec.metrics[0].resource", message: expect.stringMatching(/container\(s\) app, sidecar request no cpu/) })]);
    const [missing] = adviseProfiles([hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "nope" } })], { workloads });
    expect(paths(missing!)).toEqual(["spec.scaleTargetRef.name"]);
    const pinned = adviseProfiles([hpa({})], { history: new Map([["order-service", { days: 7, peakReplicas: 20, secondsAtMax: 86400, seconds: 7 * 86400 }]]) })[0]!;
    expect(pinned[0]!.message).toMatch(/at maxReplicas \(20\) 14 % of the last 7 days/);
    const idle = adviseProfiles([hpa({})], { history: new Map([["order-service", { days: 14, peakReplicas: 6, secondsAtMax: 0, seconds: 14 * 86400 }]]) })[0]!;
    expect(idle[0]!.message).toMatch(/never needed more than 6 replicas/);
  });

  it("says Auto is deprecated, and catches minAllowed above maxAllowed", () => {
    const [v] = adviseProfiles([vpa({ updatePolicy: { updateMode: "Auto" }, resourcePolicy: { containerPolicies: [{ containerName: "*", minAllowed: { cpu: "3" }, maxAllowed: { cpu: "2" } }] } }, "catalog-service")]);
    expect(paths(v!)).toEqual(["spec.updatePolicy.updateMode", "spec.resourcePolicy.containerPolicies[0].minAllowed.cpu"]);
  });
});
