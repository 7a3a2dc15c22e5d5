import { describe, expect, it } from "vitest";
import { hpaConditions } from "./hpa-sync";

const base = { service: "order-service", replicas: 5, desiredReplicas: 5, minReplicas: 3, maxReplicas: 20, lastScaleTime: null, limitedBy: null };
const byType = (a: Parameters<typeof hpaConditions>[0], ambiguous?: string) => Object.fromEntries(hpaConditions(a, ambiguous).map((c) => [c.type, `${c.status} ${c.reason}`]));

describe("the HPA conditions the stand-in controller writes (as kube-controller-manager's)", () => {
  it("steady within range", () => {
    expect(byType(base)).toEqual({ AbleToScale: "True ReadyForNewScale", ScalingActive: "True ValidMetricFound", ScalingLimited: "False DesiredWithinRange" });
  });
  it("a rescale, a limit, a stabilized scale-down", () => {
    expect(byType({ ...base, desiredReplicas: 7 }).AbleToScale).toBe("True SucceededRescale");
    expect(byType({ ...base, replicas: 20, desiredReplicas: 20, limitedBy: "TooManyReplicas" }).ScalingLimited).toBe("True TooManyReplicas");
    expect(byType({ ...base, limitedBy: "TooFewReplicas" }).ScalingLimited).toBe("True TooFewReplicas");
    expect(byType({ ...base, limitedBy: "ScaleDownStabilized" })).toMatchObject({ AbleToScale: "True ScaleDownStabilized", ScalingLimited: "False DesiredWithinRange" });
  });
  it("two HPAs on one workload: neither is active, and the message names both", () => {
    const c = hpaConditions(base, "pods by selector app=order-service are controlled by multiple HPAs: [shop/a shop/b]");
    expect(c.find((x) => x.type === "ScalingActive")).toMatchObject({ status: "False", reason: "AmbiguousSelector", message: expect.stringContaining("[shop/a shop/b]") });
  });
});
