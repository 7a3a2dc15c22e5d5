/**
 * The openAPIV3Schema of autoscaling.k8s.io/v1 VerticalPodAutoscaler from the CRD in
 * scripts/stack/k8s/vpa-v1-crd-gen.yaml (kubernetes/autoscaler vertical-pod-autoscaler
 * v1.7.1), as data, with its two x-kubernetes-validations CEL rules written out by hand.
 * validate-data.test.ts reads the CRD and fails if this drifts from it.
 */
import type { JsonObject } from "./validate-types";

/** The pattern controller-gen writes for resource.Quantity fields. */
export const QUANTITY_PATTERN =
  "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

export interface CelRule {
  rule: string;
  message: string;
  /** the rule evaluated by hand on `self` (an object that passed schema validation) */
  holds: (self: JsonObject) => boolean;
}

export type CrdSchema =
  | { type: "object"; properties?: Record<string, CrdSchema>; required?: string[]; additionalProperties?: CrdSchema; rules?: CelRule[] }
  | { type: "array"; items: CrdSchema }
  | { type: "string"; enum?: string[]; format?: "date-time" }
  /** the format is kept to match the CRD; the server strips int32/int64 (not among its supported formats) and ignores it */
  | { type: "integer"; format: "int32" | "int64"; minimum?: number }
  /** `x-kubernetes-int-or-string: true` with anyOf [integer, string] and QUANTITY_PATTERN */
  | { type: "quantity" };

/** has() in CEL: the field is present (the server has already dropped nulls). */
const has = (self: JsonObject, field: string) => self[field] !== undefined && self[field] !== null;

export const STARTUP_BOOST_RULES: CelRule[] = [
  {
    rule: "(self.type == 'Factor') == has(self.factor)",
    message: "factor is required when type is Factor and forbidden otherwise",
    holds: (self) => (self.type === "Factor") === has(self, "factor"),
  },
  {
    rule: "(self.type == 'Quantity') == has(self.quantity)",
    message: "quantity is required when type is Quantity and forbidden otherwise",
    holds: (self) => (self.type === "Quantity") === has(self, "quantity"),
  },
];

const string: CrdSchema = { type: "string" };
const int32 = (minimum?: number): CrdSchema => ({ type: "integer", format: "int32", ...(minimum === undefined ? {} : { minimum }) });
const int64 = (minimum?: number): CrdSchema => ({ type: "integer", format: "int64", ...(minimum === undefined ? {} : { minimum }) });
const oneOf = (...values: string[]): CrdSchema => ({ type: "string", enum: values });
const quantity: CrdSchema = { type: "quantity" };
const resourceList: CrdSchema = { type: "object", additionalProperties: quantity };
const array = (items: CrdSchema): CrdSchema => ({ type: "array", items });

const startupBoost: CrdSchema = {
  type: "object",
  properties: {
    cpu: {
      type: "object",
      properties: { durationSeconds: int32(), factor: int32(), quantity, type: oneOf("Factor", "Quantity") },
      required: ["type"],
      rules: STARTUP_BOOST_RULES,
    },
  },
};

const containerPolicy: CrdSchema = {
  type: "object",
  properties: {
    containerName: string,
    controlledResources: array(string),
    controlledValues: oneOf("RequestsAndLimits", "RequestsOnly"),
    maxAllowed: resourceList,
    memoryAggregationIntervalCount: int64(1),
    memoryAggregationIntervalSeconds: int32(1),
    minAllowed: resourceList,
    mode: oneOf("Auto", "Off"),
    oomBumpUpRatio: quantity,
    oomMinBumpUp: quantity,
    startupBoost,
  },
};

const spec: CrdSchema = {
  type: "object",
  properties: {
    recommenders: array({ type: "object", properties: { name: string }, required: ["name"] }),
    resourcePolicy: { type: "object", properties: { containerPolicies: array(containerPolicy) } },
    startupBoost,
    targetRef: { type: "object", properties: { apiVersion: string, kind: string, name: string }, required: ["kind", "name"] },
    updatePolicy: {
      type: "object",
      properties: {
        evictAfterOOMSeconds: int32(1),
        evictionRequirements: array({
          type: "object",
          properties: { changeRequirement: oneOf("TargetHigherThanRequests", "TargetLowerThanRequests"), resources: array(string) },
          required: ["changeRequirement", "resources"],
        }),
        minReplicas: int32(),
        updateMode: oneOf("Off", "Initial", "Recreate", "InPlaceOrRecreate", "InPlace", "Auto"),
      },
    },
  },
  required: ["targetRef"],
};

const status: CrdSchema = {
  type: "object",
  properties: {
    conditions: array({
      type: "object",
      properties: {
        lastTransitionTime: { type: "string", format: "date-time" },
        message: string,
        observedGeneration: int64(0),
        reason: string,
        status: string,
        type: string,
      },
      required: ["status", "type"],
    }),
    observedGeneration: int64(0),
    recommendation: {
      type: "object",
      properties: {
        containerRecommendations: array({
          type: "object",
          properties: { containerName: string, lowerBound: resourceList, target: resourceList, uncappedTarget: resourceList, upperBound: resourceList },
          required: ["target"],
        }),
      },
    },
  },
};

/** The root; `metadata` (declared `type: object`) is read as ObjectMeta, as the server does for every custom resource. */
export const VPA_SCHEMA: CrdSchema = {
  type: "object",
  properties: { apiVersion: string, kind: string, metadata: { type: "object" }, spec, status },
  required: ["spec"],
};
