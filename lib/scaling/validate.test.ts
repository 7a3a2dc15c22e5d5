import { describe, expect, it } from "vitest";
import { parseQuantity, validateProfileObject } from "./validate";
import { edit, err, referenceHpa, referenceVpa } from "./validate-test-fixtures";

const schema = (path: string, message: string) => err(path, message, "schema");

describe("validateProfileObject", () => {
  it("accepts the reference HPA and VPA", () => {
    expect(validateProfileObject(referenceHpa())).toEqual([]);
    expect(validateProfileObject(referenceVpa())).toEqual([]);
  });

  it("sends each kind to its own rules", () => {
    expect(validateProfileObject(edit(referenceHpa(), "spec.minReplicas", 0))[0]?.path).toBe("spec.minReplicas");
    expect(validateProfileObject(edit(referenceVpa(), "spec.targetRef", undefined))[0]?.path).toBe("spec.targetRef");
  });

  it("refuses other kinds with one error at kind", () => {
    expect(validateProfileObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" } })).toEqual([
      schema("kind", `Unsupported value: "Deployment": supported values: "HorizontalPodAutoscaler", "VerticalPodAutoscaler"`),
    ]);
    expect(validateProfileObject({ apiVersion: "autoscaling/v2" })).toEqual([
      schema("kind", `Required value: must be one of "HorizontalPodAutoscaler", "VerticalPodAutoscaler"`),
    ]);
  });

  it.each([[null], [[]], ["kind: HorizontalPodAutoscaler"], [3]])("refuses %j, which is not an object", (value) => {
    expect(validateProfileObject(value)).toEqual([schema("", "must be a JSON object (a HorizontalPodAutoscaler or VerticalPodAutoscaler manifest)")]);
  });
});

describe("HPA apiVersion", () => {
  it("says that autoscaling/v2beta2 is no longer served", () => {
    expect(validateProfileObject(edit(referenceHpa(), "apiVersion", "autoscaling/v2beta2"))).toEqual([
      schema(
        "apiVersion",
        `no matches for kind "HorizontalPodAutoscaler" in version "autoscaling/v2beta2": autoscaling/v2beta2 is no longer served (removed in Kubernetes 1.26); use autoscaling/v2`,
      ),
    ]);
  });

  it("asks for autoscaling/v2 rather than v1", () => {
    expect(validateProfileObject(edit(referenceHpa(), "apiVersion", "autoscaling/v1"))).toEqual([
      schema("apiVersion", "autoscaling/v1 only has targetCPUUtilizationPercentage; profiles are checked as autoscaling/v2, write them in that version"),
    ]);
  });

  it("refuses a VPA group on an HPA, and a missing apiVersion", () => {
    expect(validateProfileObject(edit(referenceHpa(), "apiVersion", "autoscaling.k8s.io/v1"))).toEqual([
      schema("apiVersion", `no matches for kind "HorizontalPodAutoscaler" in version "autoscaling.k8s.io/v1"`),
    ]);
    expect(validateProfileObject(edit(referenceHpa(), "apiVersion", undefined))).toEqual([schema("apiVersion", `Required value: must be "autoscaling/v2"`)]);
  });
});

describe("the exported parseQuantity", () => {
  it("gives base units", () => {
    expect([parseQuantity("500m"), parseQuantity("4Gi"), parseQuantity(2), parseQuantity("2 cores")]).toEqual([0.5, 4294967296, 2, null]);
  });
});
