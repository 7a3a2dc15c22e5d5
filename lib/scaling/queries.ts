import { escapeRegexLiteral, labelMatcher } from "@/lib/promql/escape";
import type { MetricPlan } from "./hpa-spec";

/**
 * PromQL for what an HPA measures, rebuilt from the metrics kube-state-metrics,
 * cAdvisor and the services export: per metric the workload's total demand (Σ over its
 * pods, so that demand ÷ replicas is what the HPA compares with its target), the actual
 * replicas, and a container's usage for the VPA's percentiles. Pods of a Deployment are
 * `<name>-<hash>-<id>`. A Pods metric `<x>_per_second` is the rate of `<x>_total` by the
 * service label (the prometheus-adapter rule the reference system uses); any other Pods
 * metric is read as a gauge by pod. Every value spliced in is escaped. Pure.
 */

export interface WorkloadRef {
  namespace: string;
  name: string;
}

/** A Deployment's pods, `<name>-<pod-template-hash>-<5 characters>`: not those of a Deployment whose name merely starts the same. */
const podsOf = (w: WorkloadRef) => labelMatcher("pod", `${escapeRegexLiteral(w.name)}-[a-z0-9]{1,10}-[a-z0-9]{5}`, "=~");

function podSelector(w: WorkloadRef, container?: string): string {
  const parts = [labelMatcher("namespace", w.namespace), podsOf(w)];
  parts.push(container ? labelMatcher("container", container) : 'container!=""');
  return parts.join(",");
}

const perPodRequest = (w: WorkloadRef, resource: string, container?: string) =>
  `avg(sum by (pod) (kube_pod_container_resource_requests{${podSelector(w, container)},${labelMatcher("resource", resource)}}))`;

function usage(w: WorkloadRef, resource: string, container?: string): string | null {
  if (resource === "cpu") return `sum(rate(container_cpu_usage_seconds_total{${podSelector(w, container)}}[2m]))`;
  if (resource === "memory") return `sum(container_memory_working_set_bytes{${podSelector(w, container)}})`;
  return null;
}

/** The workload's total demand for one metric, in target units × pods; null when it cannot be rebuilt. */
export function demandQuery(plan: MetricPlan, w: WorkloadRef): string | null {
  if (plan.kind === "resource") {
    const u = usage(w, plan.resource, plan.container);
    if (!u) return null;
    return plan.target.type === "Utilization" ? `100 * ${u} / ${perPodRequest(w, plan.resource, plan.container)}` : u;
  }
  if (plan.kind === "pods") {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)_per_second$/.exec(plan.metric);
    if (m) return `sum(rate(${m[1]}_total{${labelMatcher("service", w.name)}}[2m]))`;
    return /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(plan.metric) ? `sum(${plan.metric}{${labelMatcher("namespace", w.namespace)},${podsOf(w)}})` : null;
  }
  return null;
}

/** The replicas the workload actually ran. */
export const replicasQuery = (w: WorkloadRef) => `sum(kube_deployment_status_replicas{${labelMatcher("namespace", w.namespace)},${labelMatcher("deployment", w.name)}})`;

/** One series per pod: its container's CPU (cores) or working set (bytes), for the VPA's percentiles. */
export function podUsageQuery(w: WorkloadRef, resource: "cpu" | "memory"): string {
  return resource === "cpu" ? `sum by (pod) (rate(container_cpu_usage_seconds_total{${podSelector(w)}}[2m]))` : `sum by (pod) (container_memory_working_set_bytes{${podSelector(w)}})`;
}

/** What the pods request now, per pod. */
export const podRequestQuery = (w: WorkloadRef, resource: "cpu" | "memory") => perPodRequest(w, resource);
