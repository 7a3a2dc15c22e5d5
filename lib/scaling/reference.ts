/**
 * The reference system's scaling profiles (docs: PRODUCT.md), in one place: the HPA of
 * order-service (CPU 70 %, memory 80 %, 100 requests/s per pod, its behavior) and the
 * VPA of catalog-service. The simulator runs them, the stack applies them to its
 * kube-apiserver, and the tests start from them. Fresh objects on every call.
 */

export function referenceHpaSpec() {
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "order-service" },
    minReplicas: 3,
    maxReplicas: 20,
    metrics: [
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
      { type: "Pods", pods: { metric: { name: "http_requests_per_second" }, target: { type: "AverageValue", averageValue: "100" } } },
    ],
    behavior: {
      scaleUp: { stabilizationWindowSeconds: 60, policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 10, periodSeconds: 60 }] },
    },
  };
}

export function referenceVpaSpec() {
  return {
    targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "catalog-service" },
    updatePolicy: { updateMode: "Auto" },
    resourcePolicy: { containerPolicies: [{ containerName: "*", minAllowed: { cpu: "100m", memory: "128Mi" }, maxAllowed: { cpu: "2", memory: "4Gi" } }] },
  };
}

export const referenceHpa = () => ({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "order-service", namespace: "shop" }, spec: referenceHpaSpec() });
export const referenceVpa = () => ({ apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler", metadata: { name: "catalog-service", namespace: "shop" }, spec: referenceVpaSpec() });
