import { describe, expect, it } from "vitest";
import { CEL_SKIPPED } from "./validate-crd";
import { edit, edits, err, referenceVpa } from "./validate-test-fixtures";
import { validateVpa } from "./validate-vpa";

const vpaWith = (path: string, value: unknown) => edit(referenceVpa(), path, value);
const FACTOR = "Invalid value: factor is required when type is Factor and forbidden otherwise";
const QUANTITY = "Invalid value: quantity is required when type is Quantity and forbidden otherwise";
const unknown = (path: string) => err(path, `strict decoding error: unknown field "${path}"`, "schema");

describe("startupBoost CEL rules (x-kubernetes-validations)", () => {
  it.each([
    [{ type: "Factor", factor: 2 }],
    [{ type: "Factor", factor: 2, durationSeconds: 120 }],
    [{ type: "Quantity", quantity: "500m" }],
    [{ type: "Quantity", quantity: 2 }],
  ])("accept %j", (cpu) => {
    expect(validateVpa(vpaWith("spec.startupBoost.cpu", cpu))).toEqual([]);
  });

  it("require factor for type Factor", () => {
    expect(validateVpa(vpaWith("spec.startupBoost.cpu", { type: "Factor" }))).toEqual([err("spec.startupBoost.cpu", FACTOR)]);
  });

  it("require quantity for type Quantity", () => {
    expect(validateVpa(vpaWith("spec.startupBoost.cpu", { type: "Quantity" }))).toEqual([err("spec.startupBoost.cpu", QUANTITY)]);
  });

  it("forbid the other member", () => {
    expect(validateVpa(vpaWith("spec.startupBoost.cpu", { type: "Factor", factor: 2, quantity: "1" }))).toEqual([err("spec.startupBoost.cpu", QUANTITY)]);
    expect(validateVpa(vpaWith("spec.startupBoost.cpu", { type: "Quantity", factor: 2 }))).toEqual([
      err("spec.startupBoost.cpu", FACTOR),
      err("spec.startupBoost.cpu", QUANTITY),
    ]);
  });

  it("apply to a container policy's startupBoost too", () => {
    const path = "spec.resourcePolicy.containerPolicies[0].startupBoost.cpu";
    expect(validateVpa(vpaWith(path, { type: "Factor", quantity: "1" }))).toEqual([err(path, FACTOR), err(path, QUANTITY)]);
  });

  it("count a null member as absent", () => {
    expect(validateVpa(vpaWith("spec.startupBoost.cpu", { type: "Factor", factor: 2, quantity: null }))).toEqual([]);
  });

  it("do not run when the type is missing or unknown (blocking errors)", () => {
    expect(validateVpa(vpaWith("spec.startupBoost.cpu", {}))).toEqual([err("spec.startupBoost.cpu.type", "Required value"), CEL_SKIPPED]);
    expect(validateVpa(vpaWith("spec.startupBoost.cpu", { type: "Percent", factor: 2 }))).toEqual([
      err("spec.startupBoost.cpu.type", `Unsupported value: "Percent": supported values: "Factor", "Quantity"`),
      CEL_SKIPPED,
    ]);
  });

  it("do not run when any other part of the object has a blocking error, metadata included", () => {
    const vpa = edits(referenceVpa(), { "metadata.name": undefined, "spec.startupBoost.cpu": { type: "Factor" } });
    expect(validateVpa(vpa)).toEqual([err("metadata.name", "Required value: name or generateName is required"), CEL_SKIPPED]);
  });

  it("still run beside errors that do not block (minimum, pattern, invalid names)", () => {
    const vpa = edits(referenceVpa(), { "metadata.namespace": "Shop", "spec.updatePolicy.evictAfterOOMSeconds": 0, "spec.startupBoost.cpu": { type: "Factor" } });
    expect(validateVpa(vpa).map((p) => p.path)).toEqual(["metadata.namespace", "spec.updatePolicy.evictAfterOOMSeconds", "spec.startupBoost.cpu"]);
  });
});

describe("unknown fields (fieldValidation=Strict)", () => {
  it.each([
    ["foo"],
    ["spec.foo"],
    ["spec.updatePolicy.mode"],
    ["spec.resourcePolicy.containerPolicies[0].minAllowd"],
    ["spec.startupBoost.memory"],
    ["spec.targetRef.namespace"],
    ["status.foo"],
    ["metadata.foo"],
  ])("refuses %s", (path) => {
    expect(validateVpa(vpaWith(path, 1))).toEqual([unknown(path)]);
  });

  it("accepts any key in a resource list", () => {
    expect(validateVpa(vpaWith("spec.resourcePolicy.containerPolicies[0].minAllowed", { "nvidia.com/gpu": 1, cpu: "1" }))).toEqual([]);
  });

  it("answers with the decoding errors alone, as the 400 comes before validation", () => {
    expect(validateVpa(edits(referenceVpa(), { "spec.targetRef": undefined, "spec.updatePolicy.updatemode": "Auto" }))).toEqual([
      unknown("spec.updatePolicy.updatemode"),
    ]);
  });

  it("refuses managedFields in an apply body", () => {
    expect(validateVpa(vpaWith("metadata.managedFields", [{ manager: "kubectl" }]))).toEqual([
      err("metadata.managedFields", "metadata.managedFields must be nil", "schema"),
    ]);
  });
});

describe("status (cleared on create)", () => {
  const recommendation = { containerRecommendations: [{ containerName: "app", target: { cpu: "250m", memory: "300Mi" }, lowerBound: { cpu: "100m" } }] };

  it("accepts what kubectl get -o yaml shows", () => {
    const status = { recommendation, conditions: [{ type: "RecommendationProvided", status: "True", lastTransitionTime: "2026-12-01T09:00:00Z" }] };
    expect(validateVpa(vpaWith("status", status))).toEqual([]);
  });

  it("does not check its constraints, only its types", () => {
    expect(validateVpa(vpaWith("status", { conditions: [{ observedGeneration: -1 }], recommendation: { containerRecommendations: [{}] } }))).toEqual([]);
    expect(validateVpa(vpaWith("status.observedGeneration", "3"))).toEqual([
      err("status.observedGeneration", `Invalid value: "string": status.observedGeneration in body must be of type integer: "string"`, "schema"),
    ]);
  });
});

describe("apiVersion and kind", () => {
  it("refuses v1beta2, which the CRD no longer serves", () => {
    expect(validateVpa(vpaWith("apiVersion", "autoscaling.k8s.io/v1beta2"))).toEqual([
      err(
        "apiVersion",
        `no matches for kind "VerticalPodAutoscaler" in version "autoscaling.k8s.io/v1beta2": the CRD keeps v1beta2 with served: false; use autoscaling.k8s.io/v1`,
        "schema",
      ),
    ]);
  });

  it("refuses another kind", () => {
    expect(validateVpa(vpaWith("kind", "VerticalPodAutoscalerCheckpoint"))).toEqual([
      err("kind", `Invalid value: "VerticalPodAutoscalerCheckpoint": must be VerticalPodAutoscaler`, "schema"),
    ]);
  });
});
