import { controllerSpecOf } from "./hpa-spec";
import { workloadOf } from "./profile";
import { parseQuantity } from "./quantity";
import { list, mappingOr, type Obj } from "./loose";

/**
 * Warnings for scaling profiles the API server accepts but an operator would regret,
 * each at the field it is about (API-server style path) and saying what to do:
 * an HPA and a VPA acting on the same resource of one workload (they fight: the VPA
 * changes the requests the HPA's utilization is measured against); a utilization
 * target on containers that request nothing; a scale-down without stabilization
 * (flapping); policies that can never be the one selected; a min equal to the max;
 * maxReplicas that history never needed or keeps hitting; the deprecated `Auto` VPA
 * mode. Works across every manifest it is given (several files: one set). Pure.
 */

export interface Advice {
  severity: "warning";
  path: string;
  message: string;
  source: "advice";
}

const asObj = mappingOr;
const asArr = list;
const warn = (path: string, message: string): Advice => ({ severity: "warning", path, message, source: "advice" });

/** What else is known when checking: the workloads' containers and what history says about an HPA. */
export interface AdviceContext {
  /** "shop/Deployment/order-service" → its containers' requests */
  workloads?: Map<string, { containers: { name: string; requests: Record<string, unknown> }[] }>;
  /** per HPA name: replicas over the window the caller looked at */
  history?: Map<string, { days: number; peakReplicas: number; secondsAtMax: number; seconds: number }>;
}

const nsOf = (o: Obj) => {
  const ns = asObj(o.metadata)?.namespace;
  return typeof ns === "string" && ns ? ns : "default";
};
const key = (o: Obj, kind: string, name: string) => `${nsOf(o)}/${kind}/${name}`;

/** Resources an HPA scales on (Resource and ContainerResource metrics), with each metric's path. */
function hpaResources(hpa: Obj): { resource: string; path: string; utilization: boolean }[] {
  return asArr(asObj(hpa.spec)?.metrics).flatMap((m, i) => {
    const o = asObj(m) ?? {};
    const src = asObj(o.type === "Resource" ? o.resource : o.type === "ContainerResource" ? o.containerResource : undefined);
    if (!src || typeof src.name !== "string") return [];
    const field = o.type === "Resource" ? "resource" : "containerResource";
    return [{ resource: src.name, path: `spec.metrics[${i}].${field}`, utilization: asObj(src.target)?.type === "Utilization" }];
  });
}

/** Resources a VPA changes: every container policy not `mode: Off`, its controlledResources (default cpu and memory); none in mode Off. */
function vpaResources(vpa: Obj): Set<string> {
  const spec = asObj(vpa.spec) ?? {};
  if (asObj(spec.updatePolicy)?.updateMode === "Off") return new Set();
  const policies = asArr(asObj(spec.resourcePolicy)?.containerPolicies).map((p) => asObj(p) ?? {});
  const active = policies.length ? policies.filter((p) => p.mode !== "Off") : [{}];
  // a container with no policy of its own is under the default ("*") one, or scaled in full
  const out = new Set<string>();
  for (const p of active) for (const r of Array.isArray(p.controlledResources) ? p.controlledResources : ["cpu", "memory"]) out.add(String(r));
  return out;
}

function fights(objects: Obj[]): Advice[][] {
  const out = objects.map((): Advice[] => []);
  const vpas = objects.map((o, i) => ({ o, i })).filter(({ o }) => o.kind === "VerticalPodAutoscaler");
  objects.forEach((o, i) => {
    if (o.kind !== "HorizontalPodAutoscaler") return;
    const w = workloadOf(o);
    if (!w) return;
    for (const v of vpas) {
      const vw = workloadOf(v.o);
      if (!vw || vw.kind !== w.kind || vw.name !== w.name || nsOf(v.o) !== nsOf(o)) continue;
      const both = hpaResources(o).filter((r) => vpaResources(v.o).has(r.resource));
      for (const r of both) {
        const vName = String(asObj(v.o.metadata)?.name ?? "");
        out[i]!.push(warn(r.path, `the VPA ${vName} also changes ${r.resource} of ${w.kind}/${w.name}: they fight (the VPA moves the requests this target is measured against). Scale on a custom or external metric, or set the VPA's controlledResources to leave ${r.resource} out`));
        out[v.i]!.push(warn("spec.resourcePolicy", `the HPA ${String(asObj(o.metadata)?.name ?? "")} scales ${w.kind}/${w.name} on ${r.resource}, which this VPA changes too: they fight. Leave ${r.resource} out of controlledResources, or set updateMode: Off to keep only the recommendations`));
      }
    }
  });
  return out;
}

function hpaAdvice(o: Obj, ctx: AdviceContext): Advice[] {
  const out: Advice[] = [];
  const spec = asObj(o.spec) ?? {};
  const name = String(asObj(o.metadata)?.name ?? "");
  if (typeof spec.minReplicas === "number" && spec.minReplicas === spec.maxReplicas) out.push(warn("spec.maxReplicas", `minReplicas equals maxReplicas (${spec.maxReplicas}): this HPA never scales; set a higher maxReplicas or drop the HPA`));
  const behavior = asObj(spec.behavior);
  const down = asObj(behavior?.scaleDown);
  if (down && down.stabilizationWindowSeconds === 0) out.push(warn("spec.behavior.scaleDown.stabilizationWindowSeconds", "no scale-down stabilization: every dip of the metric removes pods at once, and the next rise adds them back (flapping); Kubernetes' default is 300 s"));
  for (const dir of ["scaleUp", "scaleDown"] as const) {
    const rules = asObj(behavior?.[dir]);
    if (!rules) continue;
    const policies = asArr(rules.policies).map((p) => asObj(p) ?? {});
    if (rules.selectPolicy === "Disabled" && policies.length) out.push(warn(`spec.behavior.${dir}.policies`, `selectPolicy is Disabled: ${dir === "scaleUp" ? "this HPA never scales up" : "this HPA never scales down"} and these policies never act`));
    // same type and period: under Max only the largest value is ever selected, under Min only the smallest
    const pick = rules.selectPolicy === "Min" ? -1 : 1;
    policies.forEach((p, i) => {
      const better = policies.findIndex((q, j) => j !== i && q.type === p.type && q.periodSeconds === p.periodSeconds && typeof q.value === "number" && typeof p.value === "number" && (q.value - p.value) * pick > 0);
      if (better >= 0 && rules.selectPolicy !== "Disabled") out.push(warn(`spec.behavior.${dir}.policies[${i}]`, `never selected: policy ${better} has the same type and period and a ${pick > 0 ? "larger" : "smaller"} value, and selectPolicy is ${rules.selectPolicy ?? "Max"}`));
    });
  }
  const w = workloadOf(o);
  const wl = w ? ctx.workloads?.get(key(o, w.kind, w.name)) : undefined;
  if (w && ctx.workloads && !wl) out.push(warn("spec.scaleTargetRef.name", `${w.kind}/${w.name} does not exist in this namespace: the HPA will report FailedGetScale`));
  if (wl) {
    for (const r of hpaResources(o).filter((x) => x.utilization)) {
      const without = wl.containers.filter((c) => parseQuantity(c.requests[r.resource] as string | number) === null).map((c) => c.name);
      if (without.length) out.push(warn(r.path, `a ${r.resource} utilization target, but container(s) ${without.join(", ")} request no ${r.resource}: the HPA cannot compute utilization (FailedGetResourceMetric); set requests or target an AverageValue`));
    }
  }
  const h = ctx.history?.get(name);
  const c = controllerSpecOf(spec);
  if (h && h.seconds > 0) {
    if (h.secondsAtMax / h.seconds > 0.05) out.push(warn("spec.maxReplicas", `at maxReplicas (${c.maxReplicas}) ${Math.round((h.secondsAtMax / h.seconds) * 100)} % of the last ${h.days} days: demand above it went unserved; raise it or add capacity`));
    else if (h.peakReplicas <= Math.ceil(c.maxReplicas / 2) && c.maxReplicas - c.minReplicas >= 4) out.push(warn("spec.maxReplicas", `the last ${h.days} days never needed more than ${h.peakReplicas} replicas; a maxReplicas of ${c.maxReplicas} only bounds a runaway (consider ${Math.max(c.minReplicas + 1, h.peakReplicas * 2)})`));
  }
  return out;
}

function vpaAdvice(o: Obj): Advice[] {
  const out: Advice[] = [];
  const spec = asObj(o.spec) ?? {};
  if (asObj(spec.updatePolicy)?.updateMode === "Auto") out.push(warn("spec.updatePolicy.updateMode", "updateMode Auto is deprecated (autoscaler 1.4+, it means Recreate): write Recreate, or InPlaceOrRecreate to resize running pods where the cluster allows"));
  asArr(asObj(spec.resourcePolicy)?.containerPolicies).forEach((p, i) => {
    const cp = asObj(p) ?? {};
    const min = asObj(cp.minAllowed) ?? {};
    const max = asObj(cp.maxAllowed) ?? {};
    for (const r of Object.keys(min)) {
      const lo = parseQuantity(min[r] as string);
      const hi = parseQuantity(max[r] as string);
      if (lo !== null && hi !== null && lo > hi) out.push(warn(`spec.resourcePolicy.containerPolicies[${i}].minAllowed.${r}`, `minAllowed ${r} (${String(min[r])}) is above maxAllowed (${String(max[r])}): the recommendation is pinned to maxAllowed`));
    }
  });
  return out;
}

/** Warnings for each object (same order as given), looking across all of them for fights. */
export function adviseProfiles(objects: unknown[], ctx: AdviceContext = {}): Advice[][] {
  const objs = objects.map((o) => asObj(o) ?? {});
  const fight = fights(objs);
  return objs.map((o, i) => [...(o.kind === "HorizontalPodAutoscaler" ? hpaAdvice(o, ctx) : o.kind === "VerticalPodAutoscaler" ? vpaAdvice(o) : []), ...fight[i]!]);
}
