import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyBody, manifestFromLive, parseProfileDocumentName, profileDocumentName, profileIdOf, readManifests, setField, workloadOf } from "./profile";

const TEXT = `# order-service: the reference HPA (PRODUCT.md)
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: order-service
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: order-service }
  minReplicas: 3 # never fewer than three zones
  maxReplicas: 20
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      policies:
        - { type: Percent, value: 10, periodSeconds: 60 }
`;

describe("a profile manifest", () => {
  it("edits a field in place: comments, order and the rest of the text kept", () => {
    const out = setField(TEXT, ["spec", "behavior", "scaleDown", "stabilizationWindowSeconds"], 600);
    expect(out).toBe(TEXT.replace("stabilizationWindowSeconds: 300", "stabilizationWindowSeconds: 600"));
    const added = setField(TEXT, ["spec", "behavior", "scaleUp", "stabilizationWindowSeconds"], 60);
    expect(parse(added).spec.behavior.scaleUp).toEqual({ stabilizationWindowSeconds: 60 });
    expect(added).toContain("# never fewer than three zones");
    const removed = setField(TEXT, ["spec", "behavior", "scaleDown", "policies", 0, "value"], undefined);
    expect(parse(removed).spec.behavior.scaleDown.policies[0]).toEqual({ type: "Percent", periodSeconds: 60 });
    expect(() => setField("a: [", ["a"], 1)).toThrow(/does not parse/);
  });

  it("finds each document's fields and their lines", () => {
    const { objects, errors } = readManifests(`${TEXT}---\napiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata: { name: catalog-service }\nspec:\n  targetRef: { kind: Deployment, name: catalog-service }\n`);
    expect(errors).toEqual([]);
    expect(objects).toHaveLength(2);
    expect(objects[0]!.lineOf(["spec", "minReplicas"])).toBe(9);
    expect(objects[0]!.lineOf(["spec", "behavior", "scaleDown", "policies", 0, "value"])).toBe(15);
    // a path that does not exist: the line of its deepest existing parent
    expect(objects[0]!.lineOf(["spec", "behavior", "scaleUp", "policies"])).toBe(11);
    expect(objects[1]!.lineOf(["spec", "targetRef", "name"])).toBe(21);
    expect(profileIdOf(objects[1]!.obj)).toEqual({ kind: "VerticalPodAutoscaler", namespace: "default", name: "catalog-service" });
    expect(workloadOf(objects[1]!.obj)).toEqual({ kind: "Deployment", name: "catalog-service", apiVersion: undefined });
    expect(readManifests("a: 1\nb: [\n").errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^YAML: /) });
  });

  it("keeps only what the console owns, from a live object and in an apply", () => {
    const live = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "order-service", namespace: "shop", resourceVersion: "812", managedFields: [{ manager: "x" }] }, spec: { maxReplicas: 20 }, status: { currentReplicas: 4 } };
    expect(parse(manifestFromLive(live))).toEqual({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "order-service", namespace: "shop" }, spec: { maxReplicas: 20 } });
    expect(applyBody(live as never)).toEqual({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "order-service", namespace: "shop" }, spec: { maxReplicas: 20 } });
  });

  it("is kept under one document name per namespace, kind and name", () => {
    const id = { kind: "HorizontalPodAutoscaler" as const, namespace: "shop", name: "order-service" };
    expect(profileDocumentName(id)).toBe("shop/HorizontalPodAutoscaler/order-service");
    expect(parseProfileDocumentName("shop/HorizontalPodAutoscaler/order-service")).toEqual(id);
    expect(parseProfileDocumentName("shop/Deployment/x")).toBeNull();
    expect(profileIdOf({ kind: "Deployment" })).toMatch(/^kind: expected/);
    expect(profileIdOf({ kind: "HorizontalPodAutoscaler", metadata: {} })).toBe("metadata.name: required");
  });
});
