/**
 * The Go types kube-apiserver decodes an autoscaling/v2 HorizontalPodAutoscaler into
 * (k8s.io/api/autoscaling/v2 and k8s.io/apimachinery/pkg/apis/meta/v1), as data. The
 * field names and JSON types match the 1.35 OpenAPI definitions (checked against
 * testdata/openapi-autoscaling-v2.json by validate-data.test.ts); the Go type names are
 * what the JSON decoder's type errors print ("… of type v2.MetricSourceType").
 * OpenAPI's `required` is deliberately absent: the decoder does not enforce it, the
 * validation that follows reports missing values in its own words.
 */

export type GoType =
  | { t: "string"; go: string }
  | { t: "int"; go: "int32" | "int64" }
  | { t: "bool" }
  | { t: "quantity" }
  | { t: "time" }
  /** FieldsV1: kept as raw JSON */
  | { t: "raw" }
  | { t: "struct"; def: string }
  | { t: "slice"; of: GoType }
  | { t: "map"; of: GoType };

export interface GoStruct {
  /** the OpenAPI definition this struct is serialised as */
  openapi: string;
  fields: Record<string, GoType>;
}

const str = (go = "string"): GoType => ({ t: "string", go });
const i32: GoType = { t: "int", go: "int32" };
const i64: GoType = { t: "int", go: "int64" };
const bool: GoType = { t: "bool" };
const quantity: GoType = { t: "quantity" };
const time: GoType = { t: "time" };
const struct = (def: string): GoType => ({ t: "struct", def });
const slice = (of: GoType): GoType => ({ t: "slice", of });
const map = (of: GoType): GoType => ({ t: "map", of });

const V2 = "io.k8s.api.autoscaling.v2.";
const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

/** Keyed by the Go type as reflect prints it ("v2.MetricSpec"); the part after the dot is the struct name in errors. */
export const GO_STRUCTS: Record<string, GoStruct> = {
  "v2.HorizontalPodAutoscaler": {
    openapi: `${V2}HorizontalPodAutoscaler`,
    fields: { apiVersion: str(), kind: str(), metadata: struct("v1.ObjectMeta"), spec: struct("v2.HorizontalPodAutoscalerSpec"), status: struct("v2.HorizontalPodAutoscalerStatus") },
  },
  "v2.HorizontalPodAutoscalerSpec": {
    openapi: `${V2}HorizontalPodAutoscalerSpec`,
    fields: {
      scaleTargetRef: struct("v2.CrossVersionObjectReference"),
      minReplicas: i32,
      maxReplicas: i32,
      metrics: slice(struct("v2.MetricSpec")),
      behavior: struct("v2.HorizontalPodAutoscalerBehavior"),
    },
  },
  "v2.CrossVersionObjectReference": { openapi: `${V2}CrossVersionObjectReference`, fields: { kind: str(), name: str(), apiVersion: str() } },
  "v2.MetricSpec": {
    openapi: `${V2}MetricSpec`,
    fields: {
      type: str("v2.MetricSourceType"),
      object: struct("v2.ObjectMetricSource"),
      pods: struct("v2.PodsMetricSource"),
      resource: struct("v2.ResourceMetricSource"),
      containerResource: struct("v2.ContainerResourceMetricSource"),
      external: struct("v2.ExternalMetricSource"),
    },
  },
  "v2.ObjectMetricSource": {
    openapi: `${V2}ObjectMetricSource`,
    fields: { describedObject: struct("v2.CrossVersionObjectReference"), target: struct("v2.MetricTarget"), metric: struct("v2.MetricIdentifier") },
  },
  "v2.PodsMetricSource": { openapi: `${V2}PodsMetricSource`, fields: { metric: struct("v2.MetricIdentifier"), target: struct("v2.MetricTarget") } },
  "v2.ResourceMetricSource": { openapi: `${V2}ResourceMetricSource`, fields: { name: str("v1.ResourceName"), target: struct("v2.MetricTarget") } },
  "v2.ContainerResourceMetricSource": {
    openapi: `${V2}ContainerResourceMetricSource`,
    fields: { name: str("v1.ResourceName"), target: struct("v2.MetricTarget"), container: str() },
  },
  "v2.ExternalMetricSource": { openapi: `${V2}ExternalMetricSource`, fields: { metric: struct("v2.MetricIdentifier"), target: struct("v2.MetricTarget") } },
  "v2.MetricIdentifier": { openapi: `${V2}MetricIdentifier`, fields: { name: str(), selector: struct("v1.LabelSelector") } },
  "v2.MetricTarget": {
    openapi: `${V2}MetricTarget`,
    fields: { type: str("v2.MetricTargetType"), value: quantity, averageValue: quantity, averageUtilization: i32 },
  },
  "v2.HorizontalPodAutoscalerBehavior": {
    openapi: `${V2}HorizontalPodAutoscalerBehavior`,
    fields: { scaleUp: struct("v2.HPAScalingRules"), scaleDown: struct("v2.HPAScalingRules") },
  },
  "v2.HPAScalingRules": {
    openapi: `${V2}HPAScalingRules`,
    fields: { stabilizationWindowSeconds: i32, selectPolicy: str("v2.ScalingPolicySelect"), policies: slice(struct("v2.HPAScalingPolicy")), tolerance: quantity },
  },
  "v2.HPAScalingPolicy": { openapi: `${V2}HPAScalingPolicy`, fields: { type: str("v2.HPAScalingPolicyType"), value: i32, periodSeconds: i32 } },
  "v2.HorizontalPodAutoscalerStatus": {
    openapi: `${V2}HorizontalPodAutoscalerStatus`,
    fields: {
      observedGeneration: i64,
      lastScaleTime: time,
      currentReplicas: i32,
      desiredReplicas: i32,
      currentMetrics: slice(struct("v2.MetricStatus")),
      conditions: slice(struct("v2.HorizontalPodAutoscalerCondition")),
    },
  },
  "v2.HorizontalPodAutoscalerCondition": {
    openapi: `${V2}HorizontalPodAutoscalerCondition`,
    fields: { type: str("v2.HorizontalPodAutoscalerConditionType"), status: str("v1.ConditionStatus"), lastTransitionTime: time, reason: str(), message: str() },
  },
  "v2.MetricStatus": {
    openapi: `${V2}MetricStatus`,
    fields: {
      type: str("v2.MetricSourceType"),
      object: struct("v2.ObjectMetricStatus"),
      pods: struct("v2.PodsMetricStatus"),
      resource: struct("v2.ResourceMetricStatus"),
      containerResource: struct("v2.ContainerResourceMetricStatus"),
      external: struct("v2.ExternalMetricStatus"),
    },
  },
  "v2.ObjectMetricStatus": {
    openapi: `${V2}ObjectMetricStatus`,
    fields: { metric: struct("v2.MetricIdentifier"), current: struct("v2.MetricValueStatus"), describedObject: struct("v2.CrossVersionObjectReference") },
  },
  "v2.PodsMetricStatus": { openapi: `${V2}PodsMetricStatus`, fields: { metric: struct("v2.MetricIdentifier"), current: struct("v2.MetricValueStatus") } },
  "v2.ResourceMetricStatus": { openapi: `${V2}ResourceMetricStatus`, fields: { name: str("v1.ResourceName"), current: struct("v2.MetricValueStatus") } },
  "v2.ContainerResourceMetricStatus": {
    openapi: `${V2}ContainerResourceMetricStatus`,
    fields: { name: str("v1.ResourceName"), current: struct("v2.MetricValueStatus"), container: str() },
  },
  "v2.ExternalMetricStatus": { openapi: `${V2}ExternalMetricStatus`, fields: { metric: struct("v2.MetricIdentifier"), current: struct("v2.MetricValueStatus") } },
  "v2.MetricValueStatus": { openapi: `${V2}MetricValueStatus`, fields: { value: quantity, averageValue: quantity, averageUtilization: i32 } },
  "v1.ObjectMeta": {
    openapi: `${META}ObjectMeta`,
    fields: {
      name: str(),
      generateName: str(),
      namespace: str(),
      selfLink: str(),
      uid: str("types.UID"),
      resourceVersion: str(),
      generation: i64,
      creationTimestamp: time,
      deletionTimestamp: time,
      deletionGracePeriodSeconds: i64,
      labels: map(str()),
      annotations: map(str()),
      ownerReferences: slice(struct("v1.OwnerReference")),
      finalizers: slice(str()),
      managedFields: slice(struct("v1.ManagedFieldsEntry")),
    },
  },
  "v1.OwnerReference": {
    openapi: `${META}OwnerReference`,
    fields: { apiVersion: str(), kind: str(), name: str(), uid: str("types.UID"), controller: bool, blockOwnerDeletion: bool },
  },
  "v1.ManagedFieldsEntry": {
    openapi: `${META}ManagedFieldsEntry`,
    fields: {
      manager: str(),
      operation: str("v1.ManagedFieldsOperationType"),
      apiVersion: str(),
      time,
      fieldsType: str(),
      fieldsV1: { t: "raw" },
      subresource: str(),
    },
  },
  "v1.LabelSelector": {
    openapi: `${META}LabelSelector`,
    fields: { matchLabels: map(str()), matchExpressions: slice(struct("v1.LabelSelectorRequirement")) },
  },
  "v1.LabelSelectorRequirement": {
    openapi: `${META}LabelSelectorRequirement`,
    fields: { key: str(), operator: str("v1.LabelSelectorOperator"), values: slice(str()) },
  },
};
