import { describe, expect, it } from "vitest";
import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, defaultSpecJson, hpaSpecWithDefaults } from "./validate-hpa-defaults";
import type { HpaSpec } from "./validate-types";

const target = { apiVersion: "apps/v1", kind: "Deployment", name: "order-service" };

describe("hpaSpecWithDefaults", () => {
  it("sets minReplicas 1 and the CPU 80 % metric, and leaves a missing behavior missing", () => {
    expect(hpaSpecWithDefaults({ scaleTargetRef: target, maxReplicas: 5 })).toEqual({
      scaleTargetRef: target,
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
    });
  });

  it("replaces an empty metrics list", () => {
    expect(hpaSpecWithDefaults({ scaleTargetRef: target, maxReplicas: 5, metrics: [] }).metrics).toHaveLength(1);
  });

  it("fills an empty behavior with both directions' defaults; scale down keeps no window (the controller's flag decides)", () => {
    expect(hpaSpecWithDefaults({ scaleTargetRef: target, maxReplicas: 5, behavior: {} }).behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
          { type: "Pods", value: 4, periodSeconds: 15 },
          { type: "Percent", value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: { selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    });
  });

  it("fills only the fields a direction leaves unset", () => {
    const spec: HpaSpec = {
      scaleTargetRef: target,
      maxReplicas: 5,
      behavior: { scaleUp: { policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 600, tolerance: "50m" } },
    };
    expect(hpaSpecWithDefaults(spec).behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }], tolerance: "50m" },
    });
  });

  it("keeps an empty policy list (which validation then refuses)", () => {
    const spec: HpaSpec = { scaleTargetRef: target, maxReplicas: 5, behavior: { scaleUp: { policies: [] } } };
    expect(hpaSpecWithDefaults(spec).behavior?.scaleUp?.policies).toEqual([]);
  });

  it("changes neither its input nor the shared defaults", () => {
    const spec: HpaSpec = { scaleTargetRef: target, maxReplicas: 5, behavior: {} };
    const out = hpaSpecWithDefaults(spec);
    out.behavior?.scaleUp?.policies?.push({ type: "Pods", value: 1, periodSeconds: 1 });
    expect(spec).toEqual({ scaleTargetRef: target, maxReplicas: 5, behavior: {} });
    expect(DEFAULT_SCALE_UP.policies).toHaveLength(2);
    expect(DEFAULT_SCALE_DOWN.stabilizationWindowSeconds).toBeUndefined();
  });

  it.each<HpaSpec>([
    { scaleTargetRef: target, maxReplicas: 5 },
    { scaleTargetRef: target, maxReplicas: 5, minReplicas: 2, metrics: [], behavior: { scaleDown: { selectPolicy: "Disabled" } } },
    { scaleTargetRef: target, maxReplicas: 5, behavior: { scaleUp: { stabilizationWindowSeconds: 30, tolerance: 0.05 } } },
  ])("agrees with the defaulting the validator applies to decoded JSON (%#)", (spec) => {
    expect(defaultSpecJson({ ...spec })).toEqual(hpaSpecWithDefaults(spec));
  });
});
