import { CONTROLLER_DEFAULTS, DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, type ControllerSpec, type ScalingRules } from "./hpa-controller";
import { parseQuantity } from "./quantity";
import { finite, mappingOr } from "./loose";

/**
 * From an `autoscaling/v2` HPA spec (as written, defaults left out) to what the
 * controller and the replay need: min/max, the behavior with Kubernetes' defaults
 * filled in field by field (defaults.go: a direction left out gets the whole default,
 * a field left out gets its default), and the metrics the replay can rebuild from
 * Prometheus, with the reason for each it cannot. Pure.
 */

/** The loose shape of an HPA spec read from YAML: anything may be missing or wrong (the validator says so). */
export interface HpaSpecInput {
  minReplicas?: unknown;
  maxReplicas?: unknown;
  metrics?: unknown;
  behavior?: unknown;
}

const num = (v: unknown, fallback: number): number => finite(v, fallback);
const obj = mappingOr;

function rulesOf(v: unknown, defaults: ScalingRules): ScalingRules {
  const r = obj(v);
  if (!r) return defaults;
  const policies = Array.isArray(r.policies)
    ? r.policies.flatMap((p) => {
        const o = obj(p);
        return o && (o.type === "Pods" || o.type === "Percent") ? [{ type: o.type, value: num(o.value, 0), periodSeconds: num(o.periodSeconds, 15) } as const] : [];
      })
    : defaults.policies;
  const tolerance = r.tolerance === undefined ? defaults.tolerance : (parseQuantity(r.tolerance as string | number) ?? defaults.tolerance);
  return {
    stabilizationWindowSeconds: num(r.stabilizationWindowSeconds, defaults.stabilizationWindowSeconds),
    selectPolicy: r.selectPolicy === "Min" || r.selectPolicy === "Disabled" || r.selectPolicy === "Max" ? r.selectPolicy : defaults.selectPolicy,
    policies,
    tolerance,
  };
}

export function controllerSpecOf(spec: HpaSpecInput): ControllerSpec {
  const b = obj(spec.behavior);
  return {
    minReplicas: num(spec.minReplicas, 1),
    maxReplicas: num(spec.maxReplicas, 1),
    behavior: b ? { scaleUp: rulesOf(b.scaleUp, DEFAULT_SCALE_UP), scaleDown: rulesOf(b.scaleDown, DEFAULT_SCALE_DOWN) } : null,
  };
}

/** The tolerance band of an HPA: its behavior's `tolerance` per direction, else the controller's 10 %. */
export function toleranceOf(c: ControllerSpec): { up: number; down: number } {
  return c.behavior ? { up: c.behavior.scaleUp.tolerance, down: c.behavior.scaleDown.tolerance } : { up: CONTROLLER_DEFAULTS.tolerance, down: CONTROLLER_DEFAULTS.tolerance };
}

/** One metric of the spec as the replay sees it. */
export type MetricPlan =
  | { kind: "resource"; resource: string; container?: string; target: { type: "Utilization"; value: number } | { type: "AverageValue"; value: number }; label: string }
  | { kind: "pods"; metric: string; target: number; label: string }
  | { kind: "unsupported"; label: string; reason: string };

export function metricPlans(spec: HpaSpecInput): MetricPlan[] {
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  // no metrics: the API server defaults to CPU at 80 %
  if (metrics.length === 0) return [{ kind: "resource", resource: "cpu", target: { type: "Utilization", value: 80 }, label: "cpu utilization (default 80 %)" }];
  return metrics.map((m): MetricPlan => {
    const o = obj(m) ?? {};
    const type = String(o.type ?? "");
    if (type === "Resource" || type === "ContainerResource") {
      const src = obj(type === "Resource" ? o.resource : o.containerResource) ?? {};
      const t = obj(src.target) ?? {};
      const resource = String(src.name ?? "");
      const container = type === "ContainerResource" ? String(src.container ?? "") : undefined;
      const where = container ? ` of container ${container}` : "";
      if (t.type === "Utilization" && typeof t.averageUtilization === "number") return { kind: "resource", resource, container, target: { type: "Utilization", value: t.averageUtilization }, label: `${resource} utilization${where}` };
      const avg = t.type === "AverageValue" ? parseQuantity(t.averageValue as string | number) : null;
      if (avg !== null && avg > 0) return { kind: "resource", resource, container, target: { type: "AverageValue", value: avg }, label: `${resource} per pod${where}` };
      return { kind: "unsupported", label: `${resource || "resource"} metric`, reason: "its target is neither a utilization nor an average value" };
    }
    if (type === "Pods") {
      const src = obj(o.pods) ?? {};
      const name = String(obj(src.metric)?.name ?? "");
      const avg = parseQuantity(obj(src.target)?.averageValue as string | number);
      if (name && avg !== null && avg > 0) return { kind: "pods", metric: name, target: avg, label: name };
      return { kind: "unsupported", label: name || "pods metric", reason: "a Pods metric needs a name and an averageValue target" };
    }
    const name = String(obj(obj(type === "Object" ? o.object : o.external)?.metric)?.name ?? type);
    return { kind: "unsupported", label: name, reason: `${type || "this"} metrics come from an adapter whose query the console does not know; the replay leaves this metric out` };
  });
}
