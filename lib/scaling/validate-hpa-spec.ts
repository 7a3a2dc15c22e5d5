/**
 * pkg/apis/autoscaling/validation/validation.go (kubernetes v1.35.4), function by
 * function and in the same order, run on a decoded and defaulted spec. Missing values
 * read as Go's zero values ("" or 0) where the Go field is not a pointer. Values are
 * printed as Go prints them: plain strings with %q, named string types and pointers
 * through encoding/json (the same text for ordinary values).
 */
import { child, forbidden, goJson, goNumber, goQuote, index, invalid, notSupported, required } from "./validate-field";
import { isDns1123Label, isQualifiedName, isValidPathSegmentName } from "./validate-names";
import { quantityFromJson, quantitySign, quantityString, type Quantity } from "./validate-quantity";
import { isJsonObject, type JsonObject, type ProfileProblem } from "./validate-types";

export const MAX_PERIOD_SECONDS = 1800;
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const MIN_REPLICAS_LOWER_BOUND = 1; // HPAScaleToZero (alpha) is off by default
const METRIC_SOURCE_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"]; // sets.List() is sorted
const SELECT_POLICIES = ["Disabled", "Max", "Min"];
const POLICY_TYPES = ["Percent", "Pods"];
const TARGET_TYPES = new Set(["Utilization", "Value", "AverageValue"]);

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const int = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const present = (v: unknown): boolean => v !== undefined && v !== null;

function quantity(v: unknown): Quantity | undefined {
  if (!present(v)) return undefined;
  const parsed = quantityFromJson(v);
  return parsed.ok ? parsed.quantity : undefined;
}

/** schema.ParseGroupVersion's error, or the group it found. */
function parseGroup(apiVersion: string): { group: string } | { error: string } {
  if (apiVersion === "" || apiVersion === "/") return { group: "" };
  const slashes = apiVersion.split("/").length - 1;
  if (slashes === 0) return { group: "" };
  if (slashes === 1) return { group: apiVersion.slice(0, apiVersion.indexOf("/")) };
  return { error: `unexpected GroupVersion string: ${apiVersion}` };
}

function pathSegment(value: unknown, path: string, requiredDetail = ""): ProfileProblem[] {
  const s = str(value);
  if (s === "") return [required(path, requiredDetail)];
  return isValidPathSegmentName(s).map((m) => invalid(path, goQuote(s), m));
}

/** ValidateCrossVersionObjectReference (+ ValidateAPIVersion). */
export function validateCrossVersionObjectReference(ref: JsonObject, path: string, allowEmptyGroup: boolean): ProfileProblem[] {
  const problems = [...pathSegment(ref.kind, child(path, "kind")), ...pathSegment(ref.name, child(path, "name"))];
  const apiVersion = str(ref.apiVersion);
  const gv = parseGroup(apiVersion);
  const error = "error" in gv ? gv.error : !allowEmptyGroup && gv.group === "" ? "apiVersion must specify API group" : null;
  if (error !== null) problems.push(invalid(child(path, "apiVersion"), goQuote(apiVersion), error));
  return problems;
}

function validateMetricIdentifier(id: JsonObject, path: string): ProfileProblem[] {
  return pathSegment(id.name, child(path, "name"), "must specify a metric name");
}

/** A quantity as a *resource.Quantity prints in a field error: its JSON, the canonical string quoted. */
const quantityValue = (q: Quantity): string => `"${quantityString(q)}"`;

function validateMetricTarget(mt: JsonObject, path: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const type = str(mt.type);
  if (type === "") problems.push(required(child(path, "type"), "must specify a metric target type"));
  if (!TARGET_TYPES.has(type)) problems.push(invalid(child(path, "type"), goJson(type), "must be either Utilization, Value, or AverageValue"));
  for (const field of ["value", "averageValue"] as const) {
    const q = quantity(mt[field]);
    if (q !== undefined && quantitySign(q) !== 1) problems.push(invalid(child(path, field), quantityValue(q), "must be positive"));
  }
  const utilization = int(mt.averageUtilization);
  if (utilization !== undefined && utilization < 1) problems.push(invalid(child(path, "averageUtilization"), goNumber(utilization), "must be greater than 0"));
  return problems;
}

function validateObjectSource(src: JsonObject, path: string): ProfileProblem[] {
  const target = obj(src.target);
  const problems = [
    ...validateCrossVersionObjectReference(obj(src.describedObject), child(path, "describedObject"), true),
    ...validateMetricIdentifier(obj(src.metric), child(path, "metric")),
    ...validateMetricTarget(target, child(path, "target")),
  ];
  if (!present(target.value) && !present(target.averageValue)) {
    problems.push(required(child(path, "target.averageValue"), "must set either a target value or averageValue"));
  }
  return problems;
}

function validateExternalSource(src: JsonObject, path: string): ProfileProblem[] {
  const target = obj(src.target);
  const problems = [...validateMetricIdentifier(obj(src.metric), child(path, "metric")), ...validateMetricTarget(target, child(path, "target"))];
  if (!present(target.value) && !present(target.averageValue)) {
    problems.push(required(child(path, "target.averageValue"), "must set either a target value for metric or a per-pod target"));
  }
  if (present(target.value) && present(target.averageValue)) {
    problems.push(forbidden(child(path, "target.value"), "may not set both a target value for metric and a per-pod target"));
  }
  return problems;
}

function validatePodsSource(src: JsonObject, path: string): ProfileProblem[] {
  const target = obj(src.target);
  const problems = [...validateMetricIdentifier(obj(src.metric), child(path, "metric")), ...validateMetricTarget(target, child(path, "target"))];
  if (!present(target.averageValue)) problems.push(required(child(path, "target.averageValue"), "must specify a positive target averageValue"));
  return problems;
}

/** Utilization or a raw per-pod value, exactly one: shared by Resource and ContainerResource sources. */
function utilizationOrValue(target: JsonObject, path: string): ProfileProblem[] {
  if (!present(target.averageUtilization) && !present(target.averageValue)) {
    return [required(child(path, "target.averageUtilization"), "must set either a target raw value or a target utilization")];
  }
  if (present(target.averageUtilization) && present(target.averageValue)) {
    return [forbidden(child(path, "target.averageValue"), "may not set both a target raw value and a target utilization")];
  }
  return [];
}

const STANDARD_RESOURCES = new Set([
  "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
  "limits.ephemeral-storage", "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
  "storage", "requests.storage", "services.nodeports", "services.loadbalancers",
]);
const CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const isNativeResource = (name: string) => !name.includes("/") || name.includes("kubernetes.io/");
const isExtendedResource = (name: string) => !isNativeResource(name) && !name.startsWith("requests.") && isQualifiedName(`requests.${name}`).length === 0;

/** core/v1 validation.ValidateContainerResourceName (validateResourceName first, whose errors do not stop it). */
function validateContainerResourceName(name: string, path: string): ProfileProblem[] {
  const qualified = isQualifiedName(name).map((m) => invalid(path, goQuote(name), m));
  const problems = [...qualified];
  const unprefixed = !name.includes("/");
  const standard = STANDARD_RESOURCES.has(name) || name.startsWith("hugepages-") || name.startsWith("requests.hugepages-");
  if (qualified.length === 0 && unprefixed && !standard) problems.push(invalid(path, goJson(name), "must be a standard resource type or fully qualified"));
  if (unprefixed) {
    if (!CONTAINER_RESOURCES.has(name) && !name.startsWith("hugepages-")) problems.push(invalid(path, goJson(name), "must be a standard resource for containers"));
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    problems.push(invalid(path, goJson(name), "doesn't follow extended resource name standard"));
  }
  return problems;
}

function validateContainerResourceSource(src: JsonObject, path: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const name = str(src.name);
  if (name === "") problems.push(required(child(path, "name"), "must specify a resource name"));
  else problems.push(...validateContainerResourceName(name, child(path, "name")));
  const container = str(src.container);
  if (container === "") problems.push(required(child(path, "container"), "must specify a container"));
  else problems.push(...isDns1123Label(container).map((m) => invalid(child(path, "container"), goQuote(container), m)));
  const target = obj(src.target);
  return [...problems, ...validateMetricTarget(target, child(path, "target")), ...utilizationOrValue(target, path)];
}

function validateResourceSource(src: JsonObject, path: string): ProfileProblem[] {
  const problems = str(src.name) === "" ? [required(child(path, "name"), "must specify a resource name")] : [];
  const target = obj(src.target);
  return [...problems, ...validateMetricTarget(target, child(path, "target")), ...utilizationOrValue(target, path)];
}

/** The metric sources in the order validateMetricSpec looks at them; only the first one present is validated. */
const SOURCES: [field: string, type: string, validate: (src: JsonObject, path: string) => ProfileProblem[]][] = [
  ["object", "Object", validateObjectSource],
  ["external", "External", validateExternalSource],
  ["pods", "Pods", validatePodsSource],
  ["resource", "Resource", validateResourceSource],
  ["containerResource", "ContainerResource", validateContainerResourceSource],
];

function validateMetricSpec(spec: JsonObject, path: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const type = str(spec.type);
  const typePath = child(path, "type");
  const unsupported = notSupported(typePath, goJson(type), METRIC_SOURCE_TYPES);
  if (type === "") problems.push(required(typePath, "must specify a metric source type"));
  if (!METRIC_SOURCE_TYPES.includes(type)) problems.push(unsupported);
  const populated = SOURCES.filter(([field]) => isJsonObject(spec[field]));
  const first = populated[0];
  if (first !== undefined) problems.push(...first[2](obj(spec[first[0]]), child(path, first[0])));
  const expected = SOURCES.find(([, sourceType]) => sourceType === type);
  if (expected === undefined) problems.push(unsupported); // the switch's default repeats the error; dedupe drops it
  else if (!isJsonObject(spec[expected[0]])) problems.push(required(child(path, expected[0]), "must populate information for the given metric source"));
  if (populated.length !== 1) {
    for (const [field] of populated) if (field !== expected?.[0]) problems.push(forbidden(child(path, field), "must populate the given metric source only"));
  }
  return problems;
}

function validateMetrics(metrics: unknown[], path: string, minReplicas: number | undefined): ProfileProblem[] {
  const problems = metrics.flatMap((m, i) => validateMetricSpec(obj(m), index(path, i)));
  const scalesOnObjects = metrics.some((m) => ["Object", "External"].includes(str(obj(m).type)));
  if (minReplicas === 0 && !scalesOnObjects) {
    problems.push(forbidden(path, "must specify at least one Object or External metric to support scaling to zero replicas"));
  }
  return problems;
}

function validateScalingPolicy(policy: JsonObject, path: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const type = str(policy.type);
  if (!POLICY_TYPES.includes(type)) problems.push(notSupported(child(path, "type"), goJson(type), POLICY_TYPES));
  const value = int(policy.value) ?? 0;
  if (value <= 0) problems.push(invalid(child(path, "value"), goNumber(value), "must be greater than zero"));
  const period = int(policy.periodSeconds) ?? 0;
  if (period <= 0) problems.push(invalid(child(path, "periodSeconds"), goNumber(period), "must be greater than zero"));
  if (period > MAX_PERIOD_SECONDS) problems.push(invalid(child(path, "periodSeconds"), goNumber(period), `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  return problems;
}

function validateScalingRules(rules: JsonObject, path: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const window = int(rules.stabilizationWindowSeconds);
  const windowPath = child(path, "stabilizationWindowSeconds");
  if (window !== undefined && window < 0) problems.push(invalid(windowPath, goNumber(window), "must be greater than or equal to zero"));
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    problems.push(invalid(windowPath, goNumber(window), `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  }
  if (typeof rules.selectPolicy === "string" && !SELECT_POLICIES.includes(rules.selectPolicy)) {
    problems.push(notSupported(child(path, "selectPolicy"), goJson(rules.selectPolicy), SELECT_POLICIES));
  }
  const policies = Array.isArray(rules.policies) ? rules.policies : [];
  if (policies.length === 0) problems.push(required(child(path, "policies"), "must specify at least one Policy"));
  policies.forEach((p, i) => problems.push(...validateScalingPolicy(obj(p), index(child(path, "policies"), i))));
  const tolerance = quantity(rules.tolerance);
  if (tolerance !== undefined && quantitySign(tolerance) < 0) {
    problems.push(invalid(child(path, "tolerance"), goQuote(quantityString(tolerance)), "must be greater than or equal to 0"));
  }
  return problems;
}

/** validateHorizontalPodAutoscalerSpec on a defaulted spec. */
export function validateHpaSpec(spec: JsonObject, path: string): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const minReplicas = int(spec.minReplicas);
  const maxReplicas = int(spec.maxReplicas) ?? 0;
  if (minReplicas !== undefined && minReplicas < MIN_REPLICAS_LOWER_BOUND) {
    problems.push(invalid(child(path, "minReplicas"), goNumber(minReplicas), `must be greater than or equal to ${MIN_REPLICAS_LOWER_BOUND}`));
  }
  if (maxReplicas < 1) problems.push(invalid(child(path, "maxReplicas"), goNumber(maxReplicas), "must be greater than 0"));
  if (minReplicas !== undefined && maxReplicas < minReplicas) {
    problems.push(invalid(child(path, "maxReplicas"), goNumber(maxReplicas), "must be greater than or equal to `minReplicas`"));
  }
  const ref = obj(spec.scaleTargetRef);
  // ReplicationController is the only scalable kind of the core group, so it alone may omit the group
  problems.push(...validateCrossVersionObjectReference(ref, child(path, "scaleTargetRef"), str(ref.kind) === "ReplicationController"));
  problems.push(...validateMetrics(Array.isArray(spec.metrics) ? spec.metrics : [], child(path, "metrics"), minReplicas));
  if (isJsonObject(spec.behavior)) {
    problems.push(...validateScalingRules(obj(spec.behavior.scaleUp), child(path, "behavior.scaleUp")));
    problems.push(...validateScalingRules(obj(spec.behavior.scaleDown), child(path, "behavior.scaleDown")));
  }
  return problems;
}
