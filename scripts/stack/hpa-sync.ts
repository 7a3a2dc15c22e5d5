import path from "node:path";
import type { KubeClient } from "../../lib/kubernetes/client";
import { canonicalJson } from "../../lib/format/canonical-json";
import { RESOURCES, type KubeObject } from "../../lib/kubernetes/types";
import { startProcess, type Proc } from "./procs";

/**
 * A stand-in for kube-controller-manager's HPA controller, for the stack only: the
 * simulator runs the controller's algorithm (lib/scaling/hpa-controller.ts) on its own
 * traffic, and this loop ties it to the real API server both ways.
 *   - A changed HPA spec (e.g. after the console pushed a profile) goes to the
 *     simulator, which scales by it from its next sync. (Built-in HPAs keep no
 *     metadata.generation, so the spec itself is compared.)
 *   - The simulator's replicas, desired replicas, last scale time and limits are written
 *     to the HPA's status subresource as the controller writes them (currentReplicas,
 *     desiredReplicas, lastScaleTime, the AbleToScale,
 *     ScalingActive and ScalingLimited conditions), so the console reads the status a
 *     real cluster has.
 * Not reproduced: the Deployment's `spec.replicas` (the controller's /scale writes),
 * `currentMetrics`, and HPAs of workloads the simulator does not run.
 */

export const HPA_SYNC_MANAGER = "perfops-stack-hpa-controller";

interface SimAutoscaling {
  service: string;
  replicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  lastScaleTime: number | null;
  limitedBy: string | null;
}

interface Condition {
  type: string;
  status: "True" | "False";
  reason: string;
  message: string;
  lastTransitionTime?: string;
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

export interface HpaSync {
  /** one round now (the loop also runs one every interval) */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startHpaSync(opts: { kube: KubeClient; simulatorUrl: string; namespace: string; intervalMs?: number; log: (l: string) => void }): HpaSync {
  const { kube, simulatorUrl, namespace, log } = opts;
  const sentSpec = new Map<string, string>();
  const written = new Map<string, string>();
  /** per HPA and condition type: its status and since when (lastTransitionTime) */
  const transitions = new Map<string, { status: string; at: string }>();
  let lastError = "";
  let running: Promise<void> | null = null;

  const round = async () => {
    const { items } = await kube.list<KubeObject & { spec?: { scaleTargetRef?: { kind?: string; name?: string } } }>(RESOURCES.hpa, namespace);
    const ours = items.filter((h) => h.spec?.scaleTargetRef?.kind === "Deployment" && h.spec.scaleTargetRef.name);
    const targetOf = (h: (typeof ours)[number]) => h.spec!.scaleTargetRef!.name!;
    // two HPAs on one workload: the controller scales by neither and says so on both
    const sharing = (h: (typeof ours)[number]) => ours.filter((o) => targetOf(o) === targetOf(h));
    for (const h of ours) {
      if (sharing(h).length > 1) continue;
      const spec = canonicalJson(h.spec);
      if (sentSpec.get(h.metadata.name) === spec) continue;
      const service = targetOf(h);
      const res = await fetch(`${simulatorUrl}/autoscaling/hpa/${service}`, { method: "PUT", body: JSON.stringify({ spec: h.spec }), signal: AbortSignal.timeout(5000) });
      // kept whatever the answer: a spec the simulator cannot follow is said once
      sentSpec.set(h.metadata.name, spec);
      if (res.ok) log(`HPA ${namespace}/${h.metadata.name}: the simulator scales ${service} by its spec (min ${String((h.spec as { minReplicas?: unknown }).minReplicas ?? 1)})`);
      else if (res.status !== 404) log(`HPA ${namespace}/${h.metadata.name}: the simulator refused its spec: ${await res.text()}`);
    }
    const sim = (await (await fetch(`${simulatorUrl}/autoscaling`, { signal: AbortSignal.timeout(5000) })).json()) as SimAutoscaling[];
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    for (const h of ours) {
      const found = sim.find((s) => s.service === targetOf(h));
      if (!found) continue;
      const others = sharing(h);
      const ambiguous = others.length > 1 ? others.map((o) => `${namespace}/${o.metadata.name}`).sort() : null;
      // an ambiguous HPA computes nothing: it reports the replicas as they are
      const a = ambiguous ? { ...found, desiredReplicas: found.replicas } : found;
      const conditions = hpaConditions(a, ambiguous ? `pods by selector app=${targetOf(h)} are controlled by multiple HPAs: [${ambiguous.join(" ")}]` : undefined).map((c) => {
        const key = `${h.metadata.name}/${c.type}`;
        if (transitions.get(key)?.status !== c.status) transitions.set(key, { status: c.status, at: now });
        return { ...c, lastTransitionTime: transitions.get(key)!.at };
      });
      const status = {
        ...(h.metadata.generation !== undefined ? { observedGeneration: h.metadata.generation } : {}),
        currentReplicas: a.replicas,
        desiredReplicas: a.desiredReplicas,
        ...(a.lastScaleTime !== null ? { lastScaleTime: new Date(a.lastScaleTime * 1000).toISOString().replace(/\.\d+Z$/, "Z") } : {}),
        conditions,
      };
      const body = JSON.stringify(status);
      if (written.get(h.metadata.name) === body) continue;
      await kube.apply(RESOURCES.hpa, { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: h.metadata.name, namespace }, status } as KubeObject, {
        subresource: "status",
        fieldManager: HPA_SYNC_MANAGER,
        force: true,
      });
      written.set(h.metadata.name, body);
    }
  };

  const tick = () => {
    running ??= round()
      .then(() => {
        if (lastError) log("HPA sync: working again");
        lastError = "";
      })
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (message !== lastError) log(`HPA sync: ${message} (retrying)`);
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

/**
 * Runs the loop in a process of its own (scripts/stack/hpa-sync-main.ts), with the
 * console's Kubernetes settings (`kubeEnv`) and the simulator's address; its log is
 * `logFile`. Stopped with the other stack processes.
 */
export function startHpaSyncProcess(opts: { simulatorUrl: string; kubeEnv: Record<string, string>; logFile: string }): Proc {
  const root = path.resolve(import.meta.dirname, "..", "..");
  return startProcess("hpa-sync", path.join(root, "node_modules", ".bin", "tsx"), [path.join(root, "scripts", "stack", "hpa-sync-main.ts")], {
    logFile: opts.logFile,
    env: { ...process.env, ...opts.kubeEnv, SIMULATOR_URL: opts.simulatorUrl },
  });
}
