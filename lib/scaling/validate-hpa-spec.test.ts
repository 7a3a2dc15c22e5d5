import { describe, expect, it } from "vitest";
import { validateHpa } from "./validate-hpa";
import { edit, edits, err, referenceHpa } from "./validate-test-fixtures";

/** The reference HPA with one field changed. */
const hpaWith = (path: string, value: unknown) => edit(referenceHpa(), path, value);
const externalMetric = { type: "External", external: { metric: { name: "queue_depth" }, target: { type: "Value", value: "30" } } };

describe("the reference HPA", () => {
  it("is valid", () => {
    expect(validateHpa(referenceHpa())).toEqual([]);
  });

  it("stays valid without its optional fields (the server defaults them)", () => {
    const minimal = edits(referenceHpa(), { "spec.minReplicas": undefined, "spec.metrics": undefined, "spec.behavior": undefined });
    expect(validateHpa(minimal)).toEqual([]);
  });
});

describe("minReplicas and maxReplicas", () => {
  it("refuses minReplicas 0 (HPAScaleToZero is off) and, without Object or External metrics, the metrics too", () => {
    expect(validateHpa(hpaWith("spec.minReplicas", 0))).toEqual([
      err("spec.minReplicas", "Invalid value: 0: must be greater than or equal to 1"),
      err("spec.metrics", "Forbidden: must specify at least one Object or External metric to support scaling to zero replicas"),
    ]);
  });

  it("refuses minReplicas 0 alone when an External metric is there", () => {
    const hpa = edits(referenceHpa(), { "spec.minReplicas": 0, "spec.metrics[3]": externalMetric });
    expect(validateHpa(hpa)).toEqual([err("spec.minReplicas", "Invalid value: 0: must be greater than or equal to 1")]);
  });

  it("refuses a negative minReplicas (the scale-to-zero rule looks at 0 only)", () => {
    expect(validateHpa(hpaWith("spec.minReplicas", -2))).toEqual([err("spec.minReplicas", "Invalid value: -2: must be greater than or equal to 1")]);
  });

  it("refuses maxReplicas 0, which is also below minReplicas", () => {
    expect(validateHpa(hpaWith("spec.maxReplicas", 0))).toEqual([
      err("spec.maxReplicas", "Invalid value: 0: must be greater than 0"),
      err("spec.maxReplicas", "Invalid value: 0: must be greater than or equal to `minReplicas`"),
    ]);
  });

  it("refuses maxReplicas below minReplicas", () => {
    expect(validateHpa(hpaWith("spec.maxReplicas", 2))).toEqual([err("spec.maxReplicas", "Invalid value: 2: must be greater than or equal to `minReplicas`")]);
  });

  it("accepts maxReplicas equal to minReplicas", () => {
    expect(validateHpa(hpaWith("spec.maxReplicas", 3))).toEqual([]);
  });

  it("compares a missing maxReplicas (0) with the defaulted minReplicas 1", () => {
    const hpa = edits(referenceHpa(), { "spec.minReplicas": undefined, "spec.maxReplicas": undefined });
    expect(validateHpa(hpa)).toEqual([
      err("spec.maxReplicas", "Invalid value: 0: must be greater than 0"),
      err("spec.maxReplicas", "Invalid value: 0: must be greater than or equal to `minReplicas`"),
    ]);
  });

  it("treats null like a missing value", () => {
    expect(validateHpa(hpaWith("spec.minReplicas", null))).toEqual([]);
  });
});

describe("scaleTargetRef", () => {
  it("requires a kind", () => {
    expect(validateHpa(hpaWith("spec.scaleTargetRef.kind", undefined))).toEqual([err("spec.scaleTargetRef.kind", "Required value")]);
  });

  it("requires a name", () => {
    expect(validateHpa(hpaWith("spec.scaleTargetRef.name", ""))).toEqual([err("spec.scaleTargetRef.name", "Required value")]);
  });

  it("refuses names that cannot be a path segment", () => {
    const hpa = edits(referenceHpa(), { "spec.scaleTargetRef.kind": "..", "spec.scaleTargetRef.name": "a/b%c" });
    expect(validateHpa(hpa)).toEqual([
      err("spec.scaleTargetRef.kind", `Invalid value: "..": may not be '..'`),
      err("spec.scaleTargetRef.name", `Invalid value: "a/b%c": may not contain '/'`),
      err("spec.scaleTargetRef.name", `Invalid value: "a/b%c": may not contain '%'`),
    ]);
  });

  it("accepts a name that is not a DNS name (only path-segment rules apply)", () => {
    expect(validateHpa(hpaWith("spec.scaleTargetRef.name", "Order_Service"))).toEqual([]);
  });

  it("refuses an apiVersion without a group", () => {
    expect(validateHpa(hpaWith("spec.scaleTargetRef.apiVersion", "v1"))).toEqual([
      err("spec.scaleTargetRef.apiVersion", `Invalid value: "v1": apiVersion must specify API group`),
    ]);
  });

  it("refuses a missing apiVersion", () => {
    expect(validateHpa(hpaWith("spec.scaleTargetRef.apiVersion", undefined))).toEqual([
      err("spec.scaleTargetRef.apiVersion", `Invalid value: "": apiVersion must specify API group`),
    ]);
  });

  it("lets a ReplicationController use the core group", () => {
    const hpa = edits(referenceHpa(), { "spec.scaleTargetRef.kind": "ReplicationController", "spec.scaleTargetRef.apiVersion": "v1" });
    expect(validateHpa(hpa)).toEqual([]);
  });

  it("refuses an apiVersion with two slashes", () => {
    expect(validateHpa(hpaWith("spec.scaleTargetRef.apiVersion", "apps/v1/x"))).toEqual([
      err("spec.scaleTargetRef.apiVersion", `Invalid value: "apps/v1/x": unexpected GroupVersion string: apps/v1/x`),
    ]);
  });

  it("accepts a group with an empty version (ParseGroupVersion does)", () => {
    expect(validateHpa(hpaWith("spec.scaleTargetRef.apiVersion", "apps/"))).toEqual([]);
  });

  it("reports every field of a missing scaleTargetRef", () => {
    expect(validateHpa(hpaWith("spec.scaleTargetRef", undefined))).toEqual([
      err("spec.scaleTargetRef.kind", "Required value"),
      err("spec.scaleTargetRef.name", "Required value"),
      err("spec.scaleTargetRef.apiVersion", `Invalid value: "": apiVersion must specify API group`),
    ]);
  });
});

describe("a missing spec", () => {
  it("is validated as an empty, defaulted spec", () => {
    expect(validateHpa(edit(referenceHpa(), "spec", undefined))).toEqual([
      err("spec.maxReplicas", "Invalid value: 0: must be greater than 0"),
      err("spec.maxReplicas", "Invalid value: 0: must be greater than or equal to `minReplicas`"),
      err("spec.scaleTargetRef.kind", "Required value"),
      err("spec.scaleTargetRef.name", "Required value"),
      err("spec.scaleTargetRef.apiVersion", `Invalid value: "": apiVersion must specify API group`),
    ]);
  });
});
