import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fieldConflicts, invalidFields, KubeApiError, parseStatus, statusError } from "./status";

// the documented 404 body (kubernetes/community api-conventions.md; test/fixtures/upstream/NOTICE.md)
const notFound = readFileSync(path.resolve("test/fixtures/upstream/k8s/status-404-notfound.api-conventions-example.json"), "utf8");

// shape of NewConflictError (apimachinery managedfields/internal/conflict.go) for two managers
const conflict = JSON.stringify({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: 'Apply failed with 2 conflicts: conflicts with "helm" using autoscaling/v2:\n- .spec.maxReplicas\nconflicts with "hpa-tuner":\n- .spec.behavior.scaleDown.stabilizationWindowSeconds',
  reason: "Conflict",
  details: {
    causes: [
      { reason: "FieldManagerConflict", message: 'conflict with "helm" using autoscaling/v2 at 2026-12-01T10:00:00Z', field: ".spec.maxReplicas" },
      { reason: "FieldManagerConflict", message: 'conflict with "hpa-tuner"', field: ".spec.behavior.scaleDown.stabilizationWindowSeconds" },
    ],
  },
  code: 409,
});

// NewInvalid: Kind (not plural) in details, paths without a leading dot
const invalid = JSON.stringify({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: 'HorizontalPodAutoscaler.autoscaling "order-service" is invalid: spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
  reason: "Invalid",
  details: { name: "order-service", group: "autoscaling", kind: "HorizontalPodAutoscaler", causes: [{ reason: "FieldValueInvalid", message: "Invalid value: 0: must be greater than or equal to 1", field: "spec.minReplicas" }] },
  code: 422,
});

describe("Kubernetes Status bodies", () => {
  it("reads the documented 404", () => {
    expect(parseStatus(404, notFound)).toEqual({ code: 404, reason: "NotFound", message: 'pods "grafana" not found', details: { name: "grafana", kind: "pods" } });
    const err = statusError(404, notFound, "GET pods/grafana");
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ backend: "kubernetes", kind: "rejected", status: 404, reason: "NotFound", message: 'GET pods/grafana: pods "grafana" not found' });
  });

  it("names each manager that owns a conflicting field, whatever follows its quoted name", () => {
    const err = statusError(409, conflict, "apply");
    expect(fieldConflicts(err)).toEqual([
      { manager: "helm", field: ".spec.maxReplicas", message: 'conflict with "helm" using autoscaling/v2 at 2026-12-01T10:00:00Z' },
      { manager: "hpa-tuner", field: ".spec.behavior.scaleDown.stabilizationWindowSeconds", message: 'conflict with "hpa-tuner"' },
    ]);
    expect(invalidFields(err)).toEqual([]);
    // an optimistic-concurrency 409 (NewConflict) has no FieldManagerConflict causes
    const stale = statusError(409, JSON.stringify({ kind: "Status", code: 409, reason: "Conflict", message: "the object has been modified", details: { name: "x", kind: "horizontalpodautoscalers" } }), "update");
    expect(fieldConflicts(stale)).toEqual([]);
  });

  it("maps a 422 to the fields it names", () => {
    const err = statusError(422, invalid, "apply");
    expect(invalidFields(err)).toEqual([{ field: "spec.minReplicas", reason: "FieldValueInvalid", message: "Invalid value: 0: must be greater than or equal to 1" }]);
    expect(fieldConflicts(err)).toEqual([]);
  });

  it("words 401 for the operator without echoing a token, and keeps a non-Status body short", () => {
    const err = statusError(401, JSON.stringify({ kind: "Status", code: 401, reason: "Unauthorized", message: "Unauthorized" }), "list");
    expect(err.message).toMatch(/refused the console's credentials \(401 Unauthorized\): check KUBERNETES_BEARER_TOKEN/);
    const proxy = statusError(502, `<html>${"x".repeat(1000)}</html>`, "list");
    expect(proxy.kind).toBe("http");
    expect(proxy.message.length).toBeLessThan(320);
  });
});
