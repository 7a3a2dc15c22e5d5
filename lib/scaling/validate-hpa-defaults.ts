/**
 * The defaults kube-apiserver applies to an autoscaling/v2 HPA before validating and
 * storing it (pkg/apis/autoscaling/v2/defaults.go). Validation sees the defaulted spec,
 * so `behavior: {scaleUp: {}}` is valid (it gains the default policies) while
 * `policies: []` is not (an empty list is kept, and then refused).
 */
import { isJsonObject, type HpaMetric, type HpaScalingRules, type HpaSpec, type JsonObject } from "./validate-types";

export const DEFAULT_CPU_UTILIZATION = 80;

/** Used when `metrics` is absent or empty. */
export const DEFAULT_METRIC: HpaMetric = {
  type: "Resource",
  resource: { name: "cpu", target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION } },
};

/** Scale up: no stabilisation; the larger of +4 pods or +100% per 15 s. */
export const DEFAULT_SCALE_UP: HpaScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};

/**
 * Scale down: -100% per 15 s. The server leaves stabilizationWindowSeconds unset here;
 * the controller then uses its --horizontal-pod-autoscaler-downscale-stabilization flag
 * (300 s unless the cluster changed it).
 */
export const DEFAULT_SCALE_DOWN: HpaScalingRules = {
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

const RULE_FIELDS = ["selectPolicy", "stabilizationWindowSeconds", "policies", "tolerance"] as const;

function cloneRules(rules: HpaScalingRules): HpaScalingRules {
  return { ...rules, policies: rules.policies?.map((p) => ({ ...p })) };
}

/** copyHPAScalingRules: each field set in `from` (null counts as unset) replaces the default. */
function rulesWithDefaults(from: HpaScalingRules | undefined, defaults: HpaScalingRules): HpaScalingRules {
  const to = cloneRules(defaults);
  if (from === undefined || from === null) return to;
  if (from.selectPolicy != null) to.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds != null) to.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies != null) to.policies = from.policies;
  if (from.tolerance != null) to.tolerance = from.tolerance;
  return to;
}

/** Kubernetes' defaults applied to an HPA spec, for forms that show them. Behavior is only filled in when present, as the server does. */
export function hpaSpecWithDefaults(spec: HpaSpec): HpaSpec {
  const out: HpaSpec = { ...spec, minReplicas: spec.minReplicas ?? 1 };
  if (spec.metrics == null || spec.metrics.length === 0) out.metrics = [structuredClone(DEFAULT_METRIC)];
  if (spec.behavior != null) {
    out.behavior = {
      scaleUp: rulesWithDefaults(spec.behavior.scaleUp, DEFAULT_SCALE_UP),
      scaleDown: rulesWithDefaults(spec.behavior.scaleDown, DEFAULT_SCALE_DOWN),
    };
  }
  return out;
}

function jsonRulesWithDefaults(from: unknown, defaults: HpaScalingRules): JsonObject {
  const to: JsonObject = { ...cloneRules(defaults) };
  if (!isJsonObject(from)) return to;
  for (const key of RULE_FIELDS) if (from[key] != null) to[key] = from[key];
  return to;
}

/** The same defaulting on a decoded (not yet validated) spec, where any value may be null or of an unexpected enum. */
export function defaultSpecJson(spec: JsonObject): JsonObject {
  const out: JsonObject = { ...spec };
  if (typeof spec.minReplicas !== "number") out.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) out.metrics = [structuredClone(DEFAULT_METRIC)];
  if (isJsonObject(spec.behavior)) {
    out.behavior = {
      scaleUp: jsonRulesWithDefaults(spec.behavior.scaleUp, DEFAULT_SCALE_UP),
      scaleDown: jsonRulesWithDefaults(spec.behavior.scaleDown, DEFAULT_SCALE_DOWN),
    };
  }
  return out;
}
