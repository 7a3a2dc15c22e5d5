import { describe, expect, it } from "vitest";
import { CEL_SKIPPED } from "./validate-crd";
import { edit, edits, err, referenceVpa } from "./validate-test-fixtures";
import { QUANTITY_PATTERN } from "./validate-vpa-schema";
import { validateVpa } from "./validate-vpa";

const vpaWith = (path: string, value: unknown) => edit(referenceVpa(), path, value);
const cp0 = "spec.resourcePolicy.containerPolicies[0]";
const MODES = `supported values: "Off", "Initial", "Recreate", "InPlaceOrRecreate", "InPlace", "Auto"`;
/** kube-openapi's type error as the apiextensions server turns it into a field error */
const typeErr = (path: string, expected: string, seen: string) => err(path, `Invalid value: "${seen}": ${path} in body must be of type ${expected}: "${seen}"`);

describe("the reference VPA", () => {
  it("is valid", () => {
    expect(validateVpa(referenceVpa())).toEqual([]);
  });

  it("as is the upstream quickstart example", () => {
    const quickstart = {
      apiVersion: "autoscaling.k8s.io/v1",
      kind: "VerticalPodAutoscaler",
      metadata: { name: "my-app-vpa" },
      spec: { targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "my-app" }, updatePolicy: { updateMode: "Recreate" } },
    };
    expect(validateVpa(quickstart)).toEqual([]);
  });
});

describe("required fields", () => {
  it("refuses a VPA without spec, and then skips the CEL rules", () => {
    expect(validateVpa(vpaWith("spec", undefined))).toEqual([err("spec", "Required value"), CEL_SKIPPED]);
  });

  it("requires targetRef, and its kind and name", () => {
    expect(validateVpa(vpaWith("spec.targetRef", undefined))).toEqual([err("spec.targetRef", "Required value"), CEL_SKIPPED]);
    expect(validateVpa(vpaWith("spec.targetRef", { apiVersion: "apps/v1" }))).toEqual([
      err("spec.targetRef.kind", "Required value"),
      err("spec.targetRef.name", "Required value"),
      CEL_SKIPPED,
    ]);
  });

  it("does not require targetRef.apiVersion", () => {
    expect(validateVpa(vpaWith("spec.targetRef.apiVersion", undefined))).toEqual([]);
  });

  it("requires a recommender's name and an eviction requirement's fields", () => {
    expect(validateVpa(vpaWith("spec.recommenders", [{}]))).toEqual([err("spec.recommenders[0].name", "Required value"), CEL_SKIPPED]);
    expect(validateVpa(vpaWith("spec.updatePolicy.evictionRequirements", [{ resources: ["cpu"] }]))).toEqual([
      err("spec.updatePolicy.evictionRequirements[0].changeRequirement", "Required value"),
      CEL_SKIPPED,
    ]);
  });

  it("treats null as absent (the server drops it)", () => {
    expect(validateVpa(edits(referenceVpa(), { "spec.updatePolicy.updateMode": null, "spec.recommenders": null }))).toEqual([]);
  });
});

describe("enums", () => {
  it.each(["Off", "Initial", "Recreate", "InPlaceOrRecreate", "InPlace", "Auto"])("accepts updateMode %s", (mode) => {
    expect(validateVpa(vpaWith("spec.updatePolicy.updateMode", mode))).toEqual([]);
  });

  it("refuses another updateMode", () => {
    expect(validateVpa(vpaWith("spec.updatePolicy.updateMode", "Sometimes"))).toEqual([
      err("spec.updatePolicy.updateMode", `Unsupported value: "Sometimes": ${MODES}`),
      CEL_SKIPPED,
    ]);
  });

  it("refuses the boolean that unquoted Off becomes in YAML 1.1, twice over", () => {
    expect(validateVpa(vpaWith("spec.updatePolicy.updateMode", false))).toEqual([
      typeErr("spec.updatePolicy.updateMode", "string", "boolean"),
      err("spec.updatePolicy.updateMode", `Unsupported value: false: ${MODES}`),
      CEL_SKIPPED,
    ]);
  });

  it("refuses unknown controlledValues, mode and changeRequirement", () => {
    const vpa = edits(referenceVpa(), {
      [`${cp0}.controlledValues`]: "Requests",
      [`${cp0}.mode`]: "off",
      "spec.updatePolicy.evictionRequirements": [{ resources: ["cpu"], changeRequirement: "TargetHigher" }],
    });
    expect(validateVpa(vpa)).toEqual([
      err("spec.updatePolicy.evictionRequirements[0].changeRequirement", `Unsupported value: "TargetHigher": supported values: "TargetHigherThanRequests", "TargetLowerThanRequests"`),
      err(`${cp0}.controlledValues`, `Unsupported value: "Requests": supported values: "RequestsAndLimits", "RequestsOnly"`),
      err(`${cp0}.mode`, `Unsupported value: "off": supported values: "Auto", "Off"`),
      CEL_SKIPPED,
    ]);
  });
});

describe("integers", () => {
  it("accepts minReplicas 0 (the CRD sets no minimum)", () => {
    expect(validateVpa(vpaWith("spec.updatePolicy.minReplicas", 0))).toEqual([]);
  });

  it("refuses a string, naming the JSON type", () => {
    expect(validateVpa(vpaWith("spec.updatePolicy.minReplicas", "2"))).toEqual([typeErr("spec.updatePolicy.minReplicas", "integer", "string"), CEL_SKIPPED]);
  });

  it("refuses a fraction (int32/int64 formats are stripped by the server, so the message names the type)", () => {
    expect(validateVpa(vpaWith("spec.updatePolicy.minReplicas", 1.5))).toEqual([typeErr("spec.updatePolicy.minReplicas", "integer", "number"), CEL_SKIPPED]);
  });

  it("refuses a boolean", () => {
    expect(validateVpa(vpaWith(`${cp0}.memoryAggregationIntervalSeconds`, true))).toEqual([
      typeErr(`${cp0}.memoryAggregationIntervalSeconds`, "integer", "boolean"),
      CEL_SKIPPED,
    ]);
  });

  it("refuses values under the minimum without blocking CEL", () => {
    const vpa = edits(referenceVpa(), { "spec.updatePolicy.evictAfterOOMSeconds": 0, [`${cp0}.memoryAggregationIntervalCount`]: -1 });
    expect(validateVpa(vpa)).toEqual([
      err("spec.updatePolicy.evictAfterOOMSeconds", "Invalid value: 0: spec.updatePolicy.evictAfterOOMSeconds in body should be greater than or equal to 1"),
      err(`${cp0}.memoryAggregationIntervalCount`, `Invalid value: -1: ${cp0}.memoryAggregationIntervalCount in body should be greater than or equal to 1`),
    ]);
  });
});

describe("quantities (int-or-string with a pattern)", () => {
  it.each(["100m", "1", 1, -1, "-1", "1.5Gi", "2e3", "+.5", "1E", "10u"])("accepts %j", (cpu) => {
    expect(validateVpa(vpaWith(`${cp0}.minAllowed.cpu`, cpu))).toEqual([]);
  });

  it.each(["100 m", "1KiB", "1.5.5", "", "e3"])("refuses %j by the pattern, without blocking CEL", (cpu) => {
    const path = `${cp0}.minAllowed.cpu`;
    expect(validateVpa(vpaWith(path, cpu))).toEqual([err(path, `Invalid value: ${JSON.stringify(cpu)}: ${path} in body should match '${QUANTITY_PATTERN}'`)]);
  });

  it("refuses a fractional number (the CRD takes integers or strings only)", () => {
    const path = `${cp0}.maxAllowed.memory`;
    expect(validateVpa(vpaWith(path, 0.5))).toEqual([
      typeErr(path, "integer,string", "number"),
      err("", `Invalid value: "": "${path}" must validate at least one schema (anyOf)`),
      typeErr(path, "integer", "number"),
      CEL_SKIPPED,
    ]);
  });

  it("checks oomBumpUpRatio and startup boost quantities too", () => {
    const vpa = edits(referenceVpa(), { [`${cp0}.oomBumpUpRatio`]: "x1.2", "spec.startupBoost.cpu": { type: "Quantity", quantity: "2 cores" } });
    expect(validateVpa(vpa)).toEqual([
      err(`${cp0}.oomBumpUpRatio`, `Invalid value: "x1.2": ${cp0}.oomBumpUpRatio in body should match '${QUANTITY_PATTERN}'`),
      err("spec.startupBoost.cpu.quantity", `Invalid value: "2 cores": spec.startupBoost.cpu.quantity in body should match '${QUANTITY_PATTERN}'`),
    ]);
  });

  it("refuses a resource list that is not a map", () => {
    expect(validateVpa(vpaWith(`${cp0}.minAllowed`, "100m"))).toEqual([typeErr(`${cp0}.minAllowed`, "object", "string"), CEL_SKIPPED]);
  });
});

describe("lists", () => {
  it("refuses an object where a list belongs", () => {
    expect(validateVpa(vpaWith("spec.resourcePolicy.containerPolicies", { containerName: "*" }))).toEqual([
      typeErr("spec.resourcePolicy.containerPolicies", "array", "object"),
      CEL_SKIPPED,
    ]);
  });

  it("refuses a null item (nulls are only dropped from objects)", () => {
    expect(validateVpa(vpaWith("spec.resourcePolicy.containerPolicies", [null]))).toEqual([typeErr(cp0, "object", "null"), CEL_SKIPPED]);
  });

  it("refuses a non-string resource name", () => {
    expect(validateVpa(vpaWith(`${cp0}.controlledResources`, ["cpu", 1]))).toEqual([typeErr(`${cp0}.controlledResources[1]`, "string", "integer"), CEL_SKIPPED]);
  });
});
