import { describe, expect, it } from "vitest";
import { validateHpa } from "./validate-hpa";
import { ERR_FORMAT_WRONG, ERR_SUFFIX } from "./validate-quantity";
import { edit, edits, err, referenceHpa } from "./validate-test-fixtures";

const hpaWith = (path: string, value: unknown) => edit(referenceHpa(), path, value);
const schema = (path: string, message: string) => err(path, message, "schema");
const unknown = (path: string) => schema(path, `strict decoding error: unknown field "${path}"`);
const cannot = (path: string, what: string) => schema(path, `json: cannot unmarshal ${what}`);

describe("unknown fields (fieldValidation=Strict)", () => {
  it.each([
    ["spec.foo"],
    ["foo"],
    ["metadata.foo"],
    ["spec.metrics[1].resource.targets"],
    ["spec.behavior.scaleUp.policies[0].limit"],
    ["spec.scaleTargetRef.namespace"],
    ["status.foo"],
    ["metadata.ownerReferences[0].namespace"],
  ])("refuses %s", (path) => {
    expect(validateHpa(hpaWith(path, 1))).toEqual([unknown(path)]);
  });

  it("matches field names case-sensitively", () => {
    expect(validateHpa(hpaWith("spec.MaxReplicas", 10))).toEqual([unknown("spec.MaxReplicas")]);
  });

  it("answers with the decoding errors alone, as the 400 comes before validation", () => {
    const hpa = edits(referenceHpa(), { "spec.minReplicas": 0, "spec.metric": [] });
    expect(validateHpa(hpa)).toEqual([unknown("spec.metric")]);
  });

  it("refuses managedFields in an apply body, even an empty list", () => {
    expect(validateHpa(hpaWith("metadata.managedFields", []))).toEqual([schema("metadata.managedFields", "metadata.managedFields must be nil")]);
  });
});

describe("JSON types", () => {
  it("refuses a string for an int32", () => {
    expect(validateHpa(hpaWith("spec.maxReplicas", "20"))).toEqual([
      cannot("spec.maxReplicas", "string into Go struct field HorizontalPodAutoscalerSpec.spec.maxReplicas of type int32"),
    ]);
  });

  it("refuses a fraction or an out-of-range number for an int32, quoting the number", () => {
    expect(validateHpa(hpaWith("spec.minReplicas", 1.5))).toEqual([
      cannot("spec.minReplicas", "number 1.5 into Go struct field HorizontalPodAutoscalerSpec.spec.minReplicas of type int32"),
    ]);
    expect(validateHpa(hpaWith("spec.maxReplicas", 3_000_000_000))).toEqual([
      cannot("spec.maxReplicas", "number 3000000000 into Go struct field HorizontalPodAutoscalerSpec.spec.maxReplicas of type int32"),
    ]);
  });

  it("names the innermost struct and the whole field path, without indices", () => {
    expect(validateHpa(hpaWith("spec.behavior.scaleDown.policies[0].periodSeconds", "60s"))).toEqual([
      cannot("spec.behavior.scaleDown.policies[0].periodSeconds", "string into Go struct field HPAScalingPolicy.spec.behavior.scaleDown.policies.periodSeconds of type int32"),
    ]);
  });

  it("names Go's named string types", () => {
    expect(validateHpa(hpaWith("spec.metrics[0].type", 5))).toEqual([
      cannot("spec.metrics[0].type", "number into Go struct field MetricSpec.spec.metrics.type of type v2.MetricSourceType"),
    ]);
    expect(validateHpa(hpaWith("spec.behavior.scaleUp.selectPolicy", true))).toEqual([
      cannot("spec.behavior.scaleUp.selectPolicy", "bool into Go struct field HPAScalingRules.spec.behavior.scaleUp.selectPolicy of type v2.ScalingPolicySelect"),
    ]);
  });

  it("refuses a scalar where an object or a list belongs", () => {
    expect(validateHpa(hpaWith("spec.behavior", "fast"))).toEqual([
      cannot("spec.behavior", "string into Go struct field HorizontalPodAutoscalerSpec.spec.behavior of type v2.HorizontalPodAutoscalerBehavior"),
    ]);
    expect(validateHpa(hpaWith("spec.metrics", { type: "Resource" }))).toEqual([
      cannot("spec.metrics", "object into Go struct field HorizontalPodAutoscalerSpec.spec.metrics of type []v2.MetricSpec"),
    ]);
    expect(validateHpa(hpaWith("spec.metrics[1]", "memory"))).toEqual([
      cannot("spec.metrics[1]", "string into Go struct field HorizontalPodAutoscalerSpec.spec.metrics of type v2.MetricSpec"),
    ]);
    expect(validateHpa(hpaWith("spec", []))).toEqual([cannot("spec", "array into Go struct field HorizontalPodAutoscaler.spec of type v2.HorizontalPodAutoscalerSpec")]);
  });

  it("refuses non-string label values", () => {
    expect(validateHpa(hpaWith("metadata.labels", { tier: 2 }))).toEqual([
      cannot("metadata.labels.tier", "number into Go struct field ObjectMeta.metadata.labels of type string"),
    ]);
  });

  it("accepts null anywhere (the zero value)", () => {
    const hpa = edits(referenceHpa(), { "metadata.labels": null, "spec.metrics[3]": null, "status": null, "metadata.creationTimestamp": null });
    expect(validateHpa(hpa)).toEqual([
      err("spec.metrics[3].type", "Required value: must specify a metric source type"),
      err("spec.metrics[3].type", `Unsupported value: "": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`),
    ]);
  });

  it("reads a YAML timestamp (a Date) as the string it is sent as", () => {
    expect(validateHpa(hpaWith("metadata.creationTimestamp", new Date("2026-12-01T10:00:00Z")))).toEqual([]);
  });

  it("accepts an RFC 3339 creationTimestamp and refuses anything else", () => {
    expect(validateHpa(hpaWith("metadata.creationTimestamp", "2026-12-01T10:00:00Z"))).toEqual([]);
    expect(validateHpa(hpaWith("metadata.creationTimestamp", "yesterday"))).toEqual([
      schema("metadata.creationTimestamp", `parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`),
    ]);
  });
});

describe("quantities", () => {
  it.each(["100", 100, "1.5k", "500m", "1e3", "1E3", "2Gi", "12E", " 100 ", ".5", "5."])("accepts averageValue %j", (averageValue) => {
    expect(validateHpa(hpaWith("spec.metrics[2].pods.target.averageValue", averageValue))).toEqual([]);
  });

  it.each([
    ["100 pods", ERR_FORMAT_WRONG],
    ["1KiB", ERR_FORMAT_WRONG],
    ["\t100", ERR_FORMAT_WRONG],
    ["", ERR_FORMAT_WRONG],
    [true, ERR_FORMAT_WRONG],
    [{ value: 1 }, ERR_FORMAT_WRONG],
    ["1e", ERR_SUFFIX],
    ["1K", ERR_SUFFIX],
    ["10mi", ERR_SUFFIX],
  ])("refuses averageValue %j at decoding: %s", (averageValue, message) => {
    expect(validateHpa(hpaWith("spec.metrics[2].pods.target.averageValue", averageValue))).toEqual([
      schema("spec.metrics[2].pods.target.averageValue", message),
    ]);
  });
});

describe("status", () => {
  it("accepts what kubectl get -o yaml shows (the server drops it on create)", () => {
    const status = {
      currentReplicas: 3,
      desiredReplicas: 3,
      lastScaleTime: "2026-12-01T09:58:00Z",
      currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 41, averageValue: "205m" } } }],
      conditions: [{ type: "AbleToScale", status: "True", lastTransitionTime: "2026-12-01T09:00:00Z", reason: "ReadyForNewScale", message: "ok" }],
    };
    expect(validateHpa(hpaWith("status", status))).toEqual([]);
  });

  it("still refuses wrong types in it", () => {
    expect(validateHpa(hpaWith("status.desiredReplicas", "3"))).toEqual([
      cannot("status.desiredReplicas", "string into Go struct field HorizontalPodAutoscalerStatus.status.desiredReplicas of type int32"),
    ]);
  });
});
