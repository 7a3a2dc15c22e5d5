import "server-only";
import { getConfig } from "@/lib/config";
import { queryInstant } from "@/lib/prometheus/client";
import { labelMatcher } from "@/lib/promql/escape";
import { describeFailure } from "@/lib/upstream/errors";
import { metricPlans, type HpaSpecInput } from "./hpa-spec";
import { readingsFromStatus } from "./hpa-status";
import type { LiveProfile } from "./store";
import { demandQuery, podRequestQuery, replicasQuery } from "./queries";
import { finite, type Obj } from "./loose";

/**
 * What a profile is doing now. The API server's `status` when the cluster's controllers
 * write it (current and desired replicas, current metrics, conditions, last scale
 * time; the VPA's recommendations per container); otherwise, and for the numbers a
 * status lacks, kube-state-metrics and cAdvisor through Prometheus (in the stack,
 * scripts/stack/autoscaling-sync.ts writes the status as the controllers would). Each
 * source fails alone and says so.
 */

export interface HpaState {
  kind: "HorizontalPodAutoscaler";
  source: "status" | "metrics";
  currentReplicas: number | null;
  desiredReplicas: number | null;
  minReplicas: number;
  maxReplicas: number;
  lastScaleTime: string | null;
  /** each metric of the spec: the controller's reading (status.currentMetrics) where it wrote one, else Prometheus's */
  metrics: { label: string; current: number | null; target: number; unit: string; from: "status" | "prometheus" | "none" }[];
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  error?: string;
}

export interface VpaState {
  kind: "VerticalPodAutoscaler";
  source: "status" | "metrics";
  updateMode: string;
  containers: { name: string; resources: { resource: "cpu" | "memory"; request: number | null; lowerBound: number | null; target: number | null; upperBound: number | null }[] }[];
  error?: string;
}

const num = (v: unknown): number | null => finite(v, null);

async function instant(query: string): Promise<number | null> {
  const r = await queryInstant(getConfig().prometheus, query);
  const v = r.data[0]?.value[1];
  return v === undefined ? null : Number(v);
}

export async function hpaState(p: LiveProfile): Promise<HpaState> {
  const spec = (p.object.spec ?? {}) as HpaSpecInput & Obj;
  const status = (p.object.status ?? {}) as Obj;
  const w = { namespace: p.id.namespace, name: p.workload?.name ?? p.id.name };
  const fromStatus = num(status.currentReplicas) !== null;
  const base: HpaState = {
    kind: "HorizontalPodAutoscaler",
    source: fromStatus ? "status" : "metrics",
    currentReplicas: num(status.currentReplicas),
    desiredReplicas: num(status.desiredReplicas),
    minReplicas: num(spec.minReplicas) ?? 1,
    maxReplicas: num(spec.maxReplicas) ?? 1,
    lastScaleTime: typeof status.lastScaleTime === "string" ? status.lastScaleTime : null,
    metrics: [],
    conditions: Array.isArray(status.conditions) ? (status.conditions as HpaState["conditions"]) : [],
  };
  // the controller's readings first: they need no Prometheus
  const plans = metricPlans(spec);
  const readings = readingsFromStatus(spec.metrics, status.currentMetrics);
  base.metrics = plans.map((plan, i) => {
    const current = readings[i]?.current ?? null;
    const from = current === null ? ("none" as const) : ("status" as const);
    if (plan.kind === "unsupported") return { label: plan.label, current, target: readings[i]?.target ?? Number.NaN, unit: "", from };
    const target = plan.kind === "pods" ? plan.target : plan.target.value;
    const unit = plan.kind === "resource" && plan.target.type === "Utilization" ? "%" : plan.kind === "pods" ? "/s per pod" : plan.kind === "resource" && plan.resource === "cpu" ? "cores per pod" : "bytes per pod";
    return { label: plan.label, current, target, unit, from };
  });
  try {
    const id = `${labelMatcher("namespace", p.id.namespace)},${labelMatcher("horizontalpodautoscaler", p.id.name)}`;
    const [current, desired, running] = await Promise.all([
      fromStatus ? base.currentReplicas : instant(`max(kube_horizontalpodautoscaler_status_current_replicas{${id}})`),
      fromStatus ? base.desiredReplicas : instant(`max(kube_horizontalpodautoscaler_status_desired_replicas{${id}})`),
      instant(replicasQuery(w)),
    ]);
    base.currentReplicas = current;
    base.desiredReplicas = desired;
    const pods = running ?? current ?? 0;
    // what the status does not say, Prometheus does (the demand the replay uses, per pod)
    base.metrics = await Promise.all(
      base.metrics.map(async (m, i) => {
        const plan = plans[i]!;
        if (m.from !== "none" || plan.kind === "unsupported") return m;
        const q = demandQuery(plan, w);
        const total = q && pods > 0 ? await instant(q) : null;
        return { ...m, current: total === null ? null : total / pods, from: "prometheus" as const };
      }),
    );
  } catch (err) {
    base.error = `live numbers from Prometheus: ${describeFailure(err).message}`;
  }
  return base;
}

export async function vpaState(p: LiveProfile): Promise<VpaState> {
  const spec = (p.object.spec ?? {}) as Obj;
  const status = (p.object.status ?? {}) as { recommendation?: { containerRecommendations?: { containerName: string; lowerBound?: Obj; target?: Obj; upperBound?: Obj }[] } };
  const w = { namespace: p.id.namespace, name: p.workload?.name ?? p.id.name };
  const updateMode = String(((spec.updatePolicy ?? {}) as Obj).updateMode ?? "Recreate");
  const state: VpaState = { kind: "VerticalPodAutoscaler", source: status.recommendation ? "status" : "metrics", updateMode, containers: [] };
  // the pods' requests come from Prometheus: when it fails, the API server's recommendations still show
  const requests = await Promise.all([instant(podRequestQuery(w, "cpu")), instant(podRequestQuery(w, "memory"))])
    .then(([cpu, memory]) => ({ cpu, memory }))
    .catch((err: unknown) => {
      state.error = `requests now, from Prometheus: ${describeFailure(err).message}`;
      return { cpu: null, memory: null };
    });
  try {
    if (status.recommendation?.containerRecommendations) {
      const { parseQuantity } = await import("./quantity");
      const q = (o: Obj | undefined, r: string) => parseQuantity(o?.[r] as string);
      state.containers = status.recommendation.containerRecommendations.map((c) => ({
        name: c.containerName,
        resources: (["cpu", "memory"] as const).map((r) => ({ resource: r, request: requests[r], lowerBound: q(c.lowerBound, r), target: q(c.target, r), upperBound: q(c.upperBound, r) })),
      }));
    } else {
      const id = `${labelMatcher("namespace", p.id.namespace)},${labelMatcher("verticalpodautoscaler", p.id.name)}`;
      if (state.error) throw new Error(state.error);
      const bound = (b: string, r: string) => instant(`max(kube_verticalpodautoscaler_status_recommendation_containerrecommendations_${b}{${id},${labelMatcher("resource", r)}})`);
      const resources = await Promise.all(
        (["cpu", "memory"] as const).map(async (r) => ({ resource: r, request: requests[r], lowerBound: await bound("lowerbound", r), target: await bound("target", r), upperBound: await bound("upperbound", r) })),
      );
      state.containers = [{ name: w.name, resources }];
    }
  } catch (err) {
    state.error ??= `live numbers from Prometheus: ${describeFailure(err).message}`;
  }
  return state;
}
