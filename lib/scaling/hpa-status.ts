import { list, mapping, type Obj } from "./loose";
import { parseQuantity } from "./quantity";

/**
 * The HPA controller's own reading of each metric of a spec, from `status.currentMetrics`
 * (autoscaling/v2 MetricStatus), in the terms of that metric's target: percent for a
 * Utilization target, the quantity per pod for an AverageValue, the quantity for a Value.
 * A status entry belongs to a spec metric of the same type and name (and container,
 * and described object); null where the status has none. Object and External metrics,
 * whose queries live in an adapter the console cannot see, are read only here. Pure.
 */

export interface StatusReading {
  current: number | null;
  /** the spec's target in the same terms (for metrics the console cannot query itself) */
  target: number | null;
}

const SOURCE: Record<string, string> = { Resource: "resource", ContainerResource: "containerResource", Pods: "pods", Object: "object", External: "external" };

/** What makes two entries the same metric: type, name, container, described object. */
function identity(m: Obj): string | undefined {
  const type = String(m.type ?? "");
  const key = SOURCE[type];
  if (!key) return undefined;
  const src = mapping(m[key]);
  const name = type === "Resource" || type === "ContainerResource" ? src.name : mapping(src.metric).name;
  const described = type === "Object" ? mapping(src.describedObject) : {};
  return [type, String(name ?? ""), String(src.container ?? ""), String(described.kind ?? ""), String(described.name ?? "")].join("|");
}

/** The value of `v` (a MetricTarget or MetricValueStatus) that a target of `type` compares. */
function valueOf(v: Obj, type: string): number | null {
  if (type === "Utilization") return typeof v.averageUtilization === "number" && Number.isFinite(v.averageUtilization) ? v.averageUtilization : null;
  return parseQuantity((type === "Value" ? v.value : v.averageValue) as string | number | undefined);
}

export function readingsFromStatus(specMetrics: unknown, currentMetrics: unknown): StatusReading[] {
  const metrics = list(specMetrics).map(mapping);
  // no metrics: the API server defaults to CPU at 80 % utilization
  const spec = metrics.length ? metrics : [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
  const status = new Map<string, Obj>();
  for (const entry of list(currentMetrics).map(mapping)) {
    const id = identity(entry);
    if (id) status.set(id, entry);
  }
  return spec.map((m) => {
    const id = identity(m);
    const key = SOURCE[String(m.type ?? "")];
    const target = key ? mapping(mapping(m[key]).target) : {};
    const type = String(target.type ?? "");
    const seen = id ? status.get(id) : undefined;
    return {
      current: seen && key ? valueOf(mapping(mapping(seen[key]).current), type) : null,
      target: valueOf(target, type),
    };
  });
}
