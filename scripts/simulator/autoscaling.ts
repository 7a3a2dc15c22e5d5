import { CONTROLLER_DEFAULTS, controllerStep, newControllerState, proposalForRatio, type ControllerSpec, type ControllerState } from "../../lib/scaling/hpa-controller";
import { controllerSpecOf, metricPlans, toleranceOf, type MetricPlan } from "../../lib/scaling/hpa-spec";
import { parseQuantity } from "../../lib/scaling/quantity";
import { outsideBounds, recommendCpu, recommendMemory, type Recommendation } from "../../lib/scaling/vpa-recommender";
import type { ServiceSpec } from "./catalog";

/**
 * Autoscaling in the simulated cluster: a workload with an HPA is scaled by the real
 * controller algorithm (lib/scaling/hpa-controller.ts) every 15 s of simulated time,
 * on CPU and memory that follow its traffic; a workload with a VPA gets the
 * recommender's numbers every hour (lib/scaling/vpa-recommender.ts) from its usage,
 * and its requests change (pods recreated) when they fall outside the bounds, as the
 * updater does in Auto/Recreate mode.
 */

/**
 * A pod's CPU (cores) and working set (bytes) at a given share of the traffic;
 * `cpuFactor` > 1 while a latency incident makes every request cost more CPU.
 */
export function podUsage(spec: ServiceSpec, rps: number, pods: number, cpuFactor = 1): { cpu: number; memory: number } {
  const perPod = rps / Math.max(1, pods);
  return { cpu: 0.015 + perPod * spec.replicas.cpuPerRequest * cpuFactor, memory: spec.replicas.memoryBase + perPod * 2.2e6 };
}

/** What the controller read for one metric of the spec at its last sync (the HPA's status.currentMetrics). */
export type HpaReading =
  | { type: "Resource" | "ContainerResource"; name: string; container?: string; averageUtilization?: number; averageValue: number }
  | { type: "Pods"; name: string; averageValue: number };

export class HpaSim {
  controller: ControllerSpec;
  /** per metric of the spec the controller could read, at its last sync */
  readings: HpaReading[] = [];
  private plans: MetricPlan[];
  private readonly state: ControllerState = newControllerState();
  private nextSync = -Infinity;
  desired: number;
  /** when the controller last changed the replica count (status.lastScaleTime) */
  lastScaleTime: number | null = null;
  /** why the last sync did not take the metrics' proposal (TooManyReplicas, ScaleDownStabilized, …) */
  limitedBy: string | null = null;

  constructor(
    private readonly spec: ServiceSpec,
    replicas: number,
  ) {
    this.controller = controllerSpecOf(spec.hpa ?? {});
    this.plans = metricPlans(spec.hpa ?? {});
    this.desired = replicas;
  }

  /**
   * A new spec for the same HPA (the cluster's object changed): the controller's
   * recommendation history and timing carry on, as in kube-controller-manager.
   */
  respec(hpaSpec: Record<string, unknown>): void {
    // both first: a spec that cannot be read changes nothing
    const controller = controllerSpecOf(hpaSpec);
    const plans = metricPlans(hpaSpec);
    this.controller = controller;
    this.plans = plans;
    // readings of the old metrics say nothing of the new ones: the next sync reads them
    this.readings = [];
  }

  /** The spec's targets as kube-state-metrics labels them. */
  get targets(): { name: string; type: string; value: number }[] {
    return this.plans.flatMap((p) =>
      p.kind === "resource" ? [{ name: p.resource, type: p.target.type === "Utilization" ? "utilization" : "average", value: p.target.value }] : p.kind === "pods" ? [{ name: p.metric, type: "average", value: p.target }] : [],
    );
  }

  /** The count after the syncs due by `t`; the metrics are those of the traffic at `t`. */
  sync(t: number, replicas: number, rps: number, requests: { cpu: number; memory: number }, metricsAvailable: boolean, cpuFactor = 1): number {
    if (t < this.nextSync) return replicas;
    this.nextSync = (Number.isFinite(this.nextSync) ? this.nextSync : t) + CONTROLLER_DEFAULTS.syncPeriodSeconds;
    if (!metricsAvailable) return replicas;
    const tol = toleranceOf(this.controller);
    const use = podUsage(this.spec, rps, replicas, cpuFactor);
    let proposal = 0;
    const readings: HpaReading[] = [];
    for (const p of this.plans) {
      let ratio = Number.NaN;
      if (p.kind === "resource") {
        const perPod = p.resource === "cpu" ? use.cpu : p.resource === "memory" ? use.memory : Number.NaN;
        const request = p.resource === "cpu" ? requests.cpu : requests.memory;
        ratio = p.target.type === "Utilization" ? ((perPod / request) * 100) / p.target.value : perPod / p.target.value;
        if (Number.isFinite(perPod)) {
          // the controller truncates utilization to a whole percent (int32(usage * 100 / requests))
          const utilization = p.target.type === "Utilization" ? { averageUtilization: Math.trunc((perPod / request) * 100) } : {};
          readings.push({ type: p.container ? "ContainerResource" : "Resource", name: p.resource, ...(p.container ? { container: p.container } : {}), ...utilization, averageValue: perPod });
        }
      } else if (p.kind === "pods" && p.metric === "http_requests_per_second") {
        ratio = rps / replicas / p.target;
        readings.push({ type: "Pods", name: p.metric, averageValue: rps / replicas });
      }
      if (Number.isFinite(ratio)) proposal = Math.max(proposal, proposalForRatio(ratio, replicas, tol));
    }
    this.readings = readings;
    if (proposal === 0) return replicas;
    const r = controllerStep(this.controller, this.state, t, replicas, proposal);
    this.desired = r.replicas;
    this.limitedBy = r.limitedBy;
    if (r.replicas !== replicas) this.lastScaleTime = t;
    return r.replicas;
  }
}

const HOUR = 3600;
/** usage is kept per minute for the recommender's window (8 days, its default history) */
const SAMPLE_SECONDS = 60;
const WINDOW_SAMPLES = (8 * 86400) / SAMPLE_SECONDS;

export class VpaSim {
  private cpu: number[] = [];
  private mem: number[] = [];
  private firstSample = Number.NaN;
  private nextSample = -Infinity;
  private nextEvaluation = -Infinity;
  limits: { cpu: { min?: number; max?: number }; memory: { min?: number; max?: number } };
  mode: string;
  recommendation: { cpu: Recommendation; memory: Recommendation } | null = null;
  /** the containers' requests now (the updater changes them) */
  requests: { cpu: number; memory: number };

  constructor(spec: ServiceSpec) {
    [this.limits, this.mode] = VpaSim.read(spec.vpa ?? {});
    this.requests = { ...spec.requests };
  }

  private static read(vpaSpec: Record<string, unknown>): [VpaSim["limits"], string] {
    const vpa = vpaSpec as { updatePolicy?: { updateMode?: string }; resourcePolicy?: { containerPolicies?: { minAllowed?: Record<string, string>; maxAllowed?: Record<string, string> }[] } };
    const policy = vpa.resourcePolicy?.containerPolicies?.[0] ?? {};
    const q = (v: string | undefined) => parseQuantity(v) ?? undefined;
    const limits = {
      cpu: { min: q(policy.minAllowed?.cpu), max: q(policy.maxAllowed?.cpu) },
      memory: { min: q(policy.minAllowed?.memory), max: q(policy.maxAllowed?.memory) },
    };
    return [limits, vpa.updatePolicy?.updateMode ?? "Recreate"];
  }

  /**
   * A new spec for the same VPA (the cluster's object changed): bounds and update mode
   * apply from the next evaluation, which comes at once; the usage seen so far is kept.
   */
  respec(vpaSpec: Record<string, unknown>): void {
    [this.limits, this.mode] = VpaSim.read(vpaSpec);
    this.nextEvaluation = -Infinity;
  }

  /** Samples usage, and every hour recommends and (in Auto, Recreate, InPlaceOrRecreate) applies. */
  observe(t: number, usage: { cpu: number; memory: number } | null): void {
    if (usage && t >= this.nextSample) {
      this.nextSample = t + SAMPLE_SECONDS;
      if (Number.isNaN(this.firstSample)) this.firstSample = t;
      this.cpu.push(usage.cpu);
      this.mem.push(usage.memory);
    }
    if (t < this.nextEvaluation) return;
    this.nextEvaluation = t + HOUR;
    // the recommender needs some history before it says anything
    if (this.cpu.length < HOUR / SAMPLE_SECONDS) return;
    const skip = Math.max(0, this.cpu.length - WINDOW_SAMPLES);
    const days = ((this.cpu.length - skip) * SAMPLE_SECONDS) / 86400;
    const cpu = recommendCpu(this.cpu.slice(skip), days, this.limits.cpu);
    const memory = recommendMemory(this.mem.slice(skip), this.firstSample + skip * SAMPLE_SECONDS, SAMPLE_SECONDS, days, this.limits.memory);
    if (!cpu || !memory) return;
    this.recommendation = { cpu, memory };
    if (!["Auto", "Recreate", "InPlaceOrRecreate", "InPlace"].includes(this.mode)) return;
    if (outsideBounds(this.requests.cpu, cpu) || outsideBounds(this.requests.memory, memory)) {
      this.requests = { cpu: Math.round(cpu.target * 1000) / 1000, memory: Math.round(memory.target) };
    }
  }
}
