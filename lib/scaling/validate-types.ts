/**
 * The shapes the scaling validator speaks: the problems it reports and typed views of
 * the two manifests it knows (autoscaling/v2 HorizontalPodAutoscaler and
 * autoscaling.k8s.io/v1 VerticalPodAutoscaler). The validator itself takes `unknown`
 * input, since what a user pastes need not look like these types at all.
 */

export type Severity = "error" | "warning";

export interface ProfileProblem {
  severity: Severity;
  /** API-server style path without a leading dot: "spec.behavior.scaleDown.policies[0].periodSeconds"; "" for the object as a whole */
  path: string;
  /** the API server's wording where it has one, e.g. "Invalid value: 0: must be greater than or equal to 1" (without the path prefix) */
  message: string;
  /** what refused it: "schema" (400 strict decoding / type), "validation" (422), or "advice" for warnings */
  source: "schema" | "validation" | "advice";
}

/** A Kubernetes quantity as it appears in JSON: "500m", "4Gi", or a plain number. */
export type QuantityValue = string | number;

export interface CrossVersionObjectReference {
  apiVersion?: string;
  kind: string;
  name: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type HpaMetricSourceType = "ContainerResource" | "External" | "Object" | "Pods" | "Resource";
export type HpaMetricTargetType = "Utilization" | "Value" | "AverageValue";

export interface HpaMetricTarget {
  type: HpaMetricTargetType;
  value?: QuantityValue;
  averageValue?: QuantityValue;
  averageUtilization?: number;
}

export interface HpaMetricIdentifier {
  name: string;
  selector?: LabelSelector;
}

export interface HpaMetric {
  type: HpaMetricSourceType;
  resource?: { name: string; target: HpaMetricTarget };
  containerResource?: { name: string; container: string; target: HpaMetricTarget };
  pods?: { metric: HpaMetricIdentifier; target: HpaMetricTarget };
  object?: { describedObject: CrossVersionObjectReference; metric: HpaMetricIdentifier; target: HpaMetricTarget };
  external?: { metric: HpaMetricIdentifier; target: HpaMetricTarget };
}

export type HpaScalingPolicyType = "Pods" | "Percent";
export type HpaSelectPolicy = "Max" | "Min" | "Disabled";

export interface HpaScalingPolicy {
  type: HpaScalingPolicyType;
  value: number;
  periodSeconds: number;
}

export interface HpaScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: HpaSelectPolicy;
  policies?: HpaScalingPolicy[];
  /** beta in 1.35 (HPAConfigurableTolerance, on by default): kept and validated by the server */
  tolerance?: QuantityValue;
}

export interface HpaBehavior {
  scaleUp?: HpaScalingRules;
  scaleDown?: HpaScalingRules;
}

export interface HpaSpec {
  scaleTargetRef: CrossVersionObjectReference;
  minReplicas?: number;
  maxReplicas: number;
  metrics?: HpaMetric[];
  behavior?: HpaBehavior;
}

export type VpaUpdateMode = "Off" | "Initial" | "Recreate" | "InPlaceOrRecreate" | "InPlace" | "Auto";

export interface VpaStartupBoostCpu {
  type: "Factor" | "Quantity";
  factor?: number;
  quantity?: QuantityValue;
  durationSeconds?: number;
}

export interface VpaContainerPolicy {
  containerName?: string;
  mode?: "Auto" | "Off";
  minAllowed?: Record<string, QuantityValue>;
  maxAllowed?: Record<string, QuantityValue>;
  controlledResources?: string[];
  controlledValues?: "RequestsAndLimits" | "RequestsOnly";
  memoryAggregationIntervalCount?: number;
  memoryAggregationIntervalSeconds?: number;
  oomBumpUpRatio?: QuantityValue;
  oomMinBumpUp?: QuantityValue;
  startupBoost?: { cpu?: VpaStartupBoostCpu };
}

export interface VpaEvictionRequirement {
  resources: string[];
  changeRequirement: "TargetHigherThanRequests" | "TargetLowerThanRequests";
}

export interface VpaSpec {
  targetRef: CrossVersionObjectReference;
  updatePolicy?: {
    updateMode?: VpaUpdateMode;
    minReplicas?: number;
    evictAfterOOMSeconds?: number;
    evictionRequirements?: VpaEvictionRequirement[];
  };
  resourcePolicy?: { containerPolicies?: VpaContainerPolicy[] };
  recommenders?: { name: string }[];
  startupBoost?: { cpu?: VpaStartupBoostCpu };
}

/** A JSON object as parsed from YAML/JSON, before anything is known about its fields. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value as it would travel to the server as JSON: YAML timestamps become strings,
 * undefined fields disappear. Undefined when it cannot be encoded (a cycle, a BigInt).
 */
export function asSentJson(value: unknown): unknown {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
