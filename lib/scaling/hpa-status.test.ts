import { describe, expect, it } from "vitest";
import { readingsFromStatus } from "./hpa-status";

// A spec and the status kube-controller-manager writes for it (autoscaling/v2 MetricSpec / MetricStatus)
const spec = [
  { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
  { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "512Mi" } } },
  { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "10" } } },
  { type: "Object", object: { metric: { name: "requests_per_second" }, describedObject: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "shop" }, target: { type: "Value", value: "2k" } } },
  { type: "External", external: { metric: { name: "queue_messages_ready", selector: { matchLabels: { queue: "orders" } } }, target: { type: "AverageValue", averageValue: "30" } } },
  { type: "ContainerResource", containerResource: { name: "cpu", container: "app", target: { type: "Utilization", averageUtilization: 60 } } },
];
const currentMetrics = [
  { type: "Resource", resource: { name: "cpu", current: { averageUtilization: 41, averageValue: "205m" } } },
  { type: "Resource", resource: { name: "memory", current: { averageValue: "300Mi" } } },
  { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, current: { averageValue: "12500m" } } },
  { type: "Object", object: { metric: { name: "requests_per_second" }, describedObject: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "shop" }, current: { value: "1500" } } },
  { type: "External", external: { metric: { name: "queue_messages_ready", selector: { matchLabels: { queue: "orders" } } }, current: { averageValue: "45" } } },
  // another container's reading belongs to no metric of the spec
  { type: "ContainerResource", containerResource: { name: "cpu", container: "sidecar", current: { averageUtilization: 90 } } },
];

describe("readingsFromStatus", () => {
  it("reads each metric of the spec in its target's terms, and the target beside it", () => {
    expect(readingsFromStatus(spec, currentMetrics)).toEqual([
      { current: 41, target: 70 },
      { current: 300 * 2 ** 20, target: 512 * 2 ** 20 },
      { current: 12.5, target: 10 },
      { current: 1500, target: 2000 },
      { current: 45, target: 30 },
      { current: null, target: 60 },
    ]);
  });

  it("matches by name, container and described object, not by position", () => {
    const reversed = [...currentMetrics].reverse();
    expect(readingsFromStatus(spec, reversed).map((r) => r.current)).toEqual([41, 300 * 2 ** 20, 12.5, 1500, 45, null]);
    const otherIngress = [{ ...currentMetrics[3]!, object: { ...currentMetrics[3]!.object!, describedObject: { kind: "Ingress", name: "admin" } } }];
    expect(readingsFromStatus([spec[3]], otherIngress)).toEqual([{ current: null, target: 2000 }]);
  });

  it("gives the API server's default CPU metric its reading, and nothing where the status has none or is malformed", () => {
    expect(readingsFromStatus(undefined, [currentMetrics[0]])).toEqual([{ current: 41, target: 80 }]);
    expect(readingsFromStatus(spec.slice(0, 2), undefined)).toEqual([
      { current: null, target: 70 },
      { current: null, target: 512 * 2 ** 20 },
    ]);
    expect(readingsFromStatus(spec.slice(0, 2), [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: "41" } } }, "junk", { type: "Resource" }])).toEqual([
      { current: null, target: 70 },
      { current: null, target: 512 * 2 ** 20 },
    ]);
  });
});
