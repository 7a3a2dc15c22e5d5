import path from "node:path";
import type { KubeClient } from "../../lib/kubernetes/client";
import { canonicalJson } from "../../lib/format/canonical-json";
import { RESOURCES, type KubeObject } from "../../lib/kubernetes/types";
import type { HpaReading } from "../simulator/autoscaling";
import { startProcess, type Proc } from "./procs";

/**
 * Stand-ins for the cluster's autoscaling controllers, for the stack only: the simulator
 * runs the HPA controller's algorithm (lib/scaling/hpa-controller.ts) and the VPA
 * recommender's (lib/scaling/vpa-recommender.ts) on its own traffic, and this loop ties
 * them to the real API server both ways.
 *   - A changed HPA or VPA spec (e.g. after the console pushed a profile) goes to the
 *     simulator, which follows it from then on. (Built-in HPAs keep no
 *     metadata.generation, so the spec itself is compared.)
 *   - What the controllers would write goes to each object's status subresource: for an
 *     HPA currentReplicas, desiredReplicas, lastScaleTime and the AbleToScale,
 *     ScalingActive (AmbiguousSelector for two HPAs on one workload) and ScalingLimited
 *     conditions of kube-controller-manager; for a VPA the recommender's
 *     containerRecommendations and RecommendationProvided. The console reads the status
 *     a real cluster has.
 * The HPA's currentMetrics are what the simulated controller read at its last sync.
 * Not reproduced: the Deployment's `spec.replicas` (the HPA controller's /scale writes),
 * and objects for workloads the simulator does not run.
 */

export const SYNC_MANAGER = "perfops-stack-autoscaling-controllers";

interface SimAutoscaling {
  service: string;
  replicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  lastScaleTime: number | null;
  limitedBy: string | null;
  readings: HpaReading[];
}

interface SimVpa {
  service: string;
  mode: string;
  requests: { cpu: number; memory: number };
  recommendation: Record<"cpu" | "memory", { lowerBound: number; target: number; upperBound: number; uncappedTarget: number }> | null;
}

interface Condition {
  type: string;
  status: "True" | "False";
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

/**
 * status.currentMetrics as kube-controller-manager writes it (autoscaling/v2 MetricStatus):
 * CPU and custom metrics as milli-quantities, memory in bytes, utilization a whole percent.
 */
export function hpaCurrentMetrics(readings: HpaReading[]): unknown[] {
  const milli = (v: number) => `${Math.round(v * 1000)}m`;
  return readings.map((r) => {
    if (r.type === "Pods") return { type: "Pods", pods: { metric: { name: r.name }, current: { averageValue: milli(r.averageValue) } } };
    const current = { ...(r.averageUtilization !== undefined ? { averageUtilization: r.averageUtilization } : {}), averageValue: r.name === "memory" ? String(Math.round(r.averageValue)) : milli(r.averageValue) };
    const source = { name: r.name, ...(r.container ? { container: r.container } : {}), current };
    return r.type === "Resource" ? { type: "Resource", resource: source } : { type: "ContainerResource", containerResource: source };
  });
}

/** The conditions kube-controller-manager sets, for what the simulator's controller did. */
export function hpaConditions(a: SimAutoscaling, ambiguous?: string): Condition[] {
  if (ambiguous)
    return [
      { type: "AbleToScale", status: "True", reason: "SucceededGetScale", message: "the HPA controller was able to get the target's current scale" },
      { type: "ScalingActive", status: "False", reason: "AmbiguousSelector", message: ambiguous },
    ];
  const stabilized = a.limitedBy === "ScaleDownStabilized";
  const limited = a.limitedBy === "TooManyReplicas" || a.limitedBy === "TooFewReplicas" || a.limitedBy === "ScaleUpLimit" || a.limitedBy === "ScaleDownLimit";
  const limitMessage: Record<string, string> = {
    TooManyReplicas: "the desired replica count is more than the maximum replica count",
    TooFewReplicas: "the desired replica count is less than the minimum replica count",
    ScaleUpLimit: "the desired replica count is increasing faster than the maximum scale rate",
    ScaleDownLimit: "the desired replica count is decreasing faster than the maximum scale rate",
  };
  return [
    stabilized
      ? { type: "AbleToScale", status: "True", reason: "ScaleDownStabilized", message: "recent recommendations were higher than current one, applying the highest recent recommendation" }
      : a.desiredReplicas === a.replicas
        ? { type: "AbleToScale", status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size" }
        : { type: "AbleToScale", status: "True", reason: "SucceededRescale", message: `the HPA controller was able to update the target scale to ${a.desiredReplicas}` },
    { type: "ScalingActive", status: "True", reason: "ValidMetricFound", message: "the HPA was able to successfully calculate a replica count from its metrics" },
    limited
      ? { type: "ScalingLimited", status: "True", reason: a.limitedBy!, message: limitMessage[a.limitedBy!]! }
      : { type: "ScalingLimited", status: "False", reason: "DesiredWithinRange", message: "the desired count is within the acceptable range" },
  ];
}

/** A VPA's status as the recommender writes it: its last recommendation, in quantities. */
export function vpaStatus(v: SimVpa, containerName: string): { recommendation?: unknown; conditions: Condition[] } {
  if (!v.recommendation) return { conditions: [{ type: "RecommendationProvided", status: "False", reason: "NotEnoughData", message: "the recommender has not seen an hour of usage yet" }] };
  const cpu = (n: number) => `${Math.round(n * 1000)}m`;
  const mem = (n: number) => String(Math.round(n));
  const pick = (k: "lowerBound" | "target" | "upperBound" | "uncappedTarget") => ({ cpu: cpu(v.recommendation!.cpu[k]), memory: mem(v.recommendation!.memory[k]) });
  return {
    recommendation: { containerRecommendations: [{ containerName, lowerBound: pick("lowerBound"), target: pick("target"), uncappedTarget: pick("uncappedTarget"), upperBound: pick("upperBound") }] },
    conditions: [{ type: "RecommendationProvided", status: "True", reason: "", message: "" }],
  };
}

export interface AutoscalingSync {
  /** one round now (the loop also runs one every interval) */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

type Scaler = KubeObject & { spec?: { scaleTargetRef?: { kind?: string; name?: string }; targetRef?: { kind?: string; name?: string } } };

export function startAutoscalingSync(opts: { kube: KubeClient; simulatorUrl: string; namespace: string; intervalMs?: number; log: (l: string) => void }): AutoscalingSync {
  const { kube, simulatorUrl, namespace, log } = opts;
  const sentSpec = new Map<string, string>();
  const written = new Map<string, string>();
  /** per object and condition type: its status and since when (lastTransitionTime) */
  const transitions = new Map<string, { status: string; at: string }>();
  let lastError = "";
  let running: Promise<void> | null = null;
  const sim = async <T>(p: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${simulatorUrl}${p}`, { ...init, signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`simulator ${p}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /** A changed spec goes to the simulator (kept whatever the answer: a spec it cannot follow is said once). */
  const follow = async (kind: "hpa" | "vpa", o: Scaler, service: string) => {
    const spec = canonicalJson(o.spec);
    const key = `${kind}/${o.metadata.name}`;
    if (sentSpec.get(key) === spec) return;
    const res = await fetch(`${simulatorUrl}/autoscaling/${kind}/${service}`, { method: "PUT", body: JSON.stringify({ spec: o.spec }), signal: AbortSignal.timeout(5000) });
    sentSpec.set(key, spec);
    if (res.ok) log(`${o.kind} ${namespace}/${o.metadata.name}: the simulator follows its spec for ${service}`);
    else if (res.status !== 404) log(`${o.kind} ${namespace}/${o.metadata.name}: the simulator refused its spec: ${await res.text()}`);
  };

  /** Writes a status through the status subresource, when it changed; conditions keep their transition times. */
  const writeStatus = async (o: Scaler, type: typeof RESOURCES.hpa | typeof RESOURCES.vpa, status: { conditions: Condition[] } & Record<string, unknown>, now: string) => {
    const conditions = status.conditions.map((c) => {
      const key = `${o.kind}/${o.metadata.name}/${c.type}`;
      if (transitions.get(key)?.status !== c.status) transitions.set(key, { status: c.status, at: now });
      return { ...c, lastTransitionTime: transitions.get(key)!.at };
    });
    const full = { ...status, conditions };
    const body = JSON.stringify(full);
    const key = `${o.kind}/${o.metadata.name}`;
    if (written.get(key) === body) return;
    await kube.apply(type, { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace }, status: full }, { subresource: "status", fieldManager: SYNC_MANAGER, force: true });
    written.set(key, body);
  };

  const hpas = async (now: string) => {
    const { items } = await kube.list<Scaler>(RESOURCES.hpa, namespace);
    const ours = items.filter((h) => h.spec?.scaleTargetRef?.kind === "Deployment" && h.spec.scaleTargetRef.name);
    const targetOf = (h: Scaler) => h.spec!.scaleTargetRef!.name!;
    // two HPAs on one workload: the controller scales by neither and says so on both
    const sharing = (h: Scaler) => ours.filter((o) => targetOf(o) === targetOf(h));
    for (const h of ours) if (sharing(h).length === 1) await follow("hpa", h, targetOf(h));
    const state = await sim<SimAutoscaling[]>("/autoscaling/hpa");
    for (const h of ours) {
      const found = state.find((s) => s.service === targetOf(h));
      if (!found) continue;
      const others = sharing(h);
      const ambiguous = others.length > 1 ? others.map((o) => `${namespace}/${o.metadata.name}`).sort() : null;
      // an ambiguous HPA computes nothing: it reports the replicas as they are
      const a = ambiguous ? { ...found, desiredReplicas: found.replicas } : found;
      await writeStatus(
        h,
        RESOURCES.hpa,
        {
          ...(h.metadata.generation !== undefined ? { observedGeneration: h.metadata.generation } : {}),
          currentReplicas: a.replicas,
          desiredReplicas: a.desiredReplicas,
          // an ambiguous HPA reads no metrics
          ...(!ambiguous && a.readings.length ? { currentMetrics: hpaCurrentMetrics(a.readings) } : {}),
          ...(a.lastScaleTime !== null ? { lastScaleTime: isoSeconds(a.lastScaleTime * 1000) } : {}),
          conditions: hpaConditions(a, ambiguous ? `pods by selector app=${targetOf(h)} are controlled by multiple HPAs: [${ambiguous.join(" ")}]` : undefined),
        },
        now,
      );
    }
  };

  const vpas = async (now: string) => {
    // the VPA is a CRD: a cluster without it has none to follow
    if (!(await kube.serves(RESOURCES.vpa.group, RESOURCES.vpa.version))) return;
    const { items } = await kube.list<Scaler>(RESOURCES.vpa, namespace);
    const ours = items.filter((v) => v.spec?.targetRef?.kind === "Deployment" && v.spec.targetRef.name);
    for (const v of ours) await follow("vpa", v, v.spec!.targetRef!.name!);
    const state = await sim<SimVpa[]>("/autoscaling/vpa");
    for (const v of ours) {
      const found = state.find((s) => s.service === v.spec!.targetRef!.name);
      if (found) await writeStatus(v, RESOURCES.vpa, vpaStatus(found, found.service), now);
    }
  };

  const tick = () => {
    running ??= (async () => {
      const now = isoSeconds(Date.now());
      await hpas(now);
      await vpas(now);
    })()
      .then(() => {
        if (lastError) log("autoscaling sync: working again");
        lastError = "";
      })
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (message !== lastError) log(`autoscaling sync: ${message} (retrying)`);
        lastError = message;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 5000);
  timer.unref();
  void tick();
  return {
    tick: async () => {
      // a round already under way may have read the objects before the caller's change
      await running;
      await tick();
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

/**
 * Runs the loop in a process of its own (scripts/stack/autoscaling-sync-main.ts), with the
 * console's Kubernetes settings (`kubeEnv`) and the simulator's address; its log is
 * `logFile`. Stopped with the other stack processes.
 */
export function startAutoscalingSyncProcess(opts: { simulatorUrl: string; kubeEnv: Record<string, string>; logFile: string }): Proc {
  const root = path.resolve(import.meta.dirname, "..", "..");
  return startProcess("autoscaling-sync", path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "stack", "autoscaling-sync-main.ts")], {
    logFile: opts.logFile,
    env: { ...process.env, ...opts.kubeEnv, SIMULATOR_URL: opts.simulatorUrl },
  });
}
