import { describe, expect, it } from "vitest";
import { controllerStep, DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, newControllerState, proposalForRatio, type ControllerSpec, type ScalingRules } from "./hpa-controller";

const rules = (r: Partial<ScalingRules>): ScalingRules => ({ stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [], tolerance: 0.1, ...r });
// the reference HPA of order-service (PRODUCT.md)
const reference: ControllerSpec = {
  minReplicas: 3,
  maxReplicas: 20,
  behavior: {
    scaleUp: rules({ stabilizationWindowSeconds: 60, policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] }),
    scaleDown: rules({ stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 10, periodSeconds: 60 }] }),
  },
};

/** Runs syncs every 15 s with the given proposals; returns the replica count after each. */
function run(spec: ControllerSpec, start: number, proposals: number[]): number[] {
  const state = newControllerState();
  let replicas = start;
  return proposals.map((p, i) => (replicas = controllerStep(spec, state, i * 15, replicas, p).replicas));
}

describe("one metric's proposal", () => {
  it("keeps the count inside the tolerance band and rounds up outside it", () => {
    const t = { up: 0.1, down: 0.1 };
    expect(proposalForRatio(1.1, 4, t)).toBe(4);
    expect(proposalForRatio(0.9, 4, t)).toBe(4);
    expect(proposalForRatio(1.11, 4, t)).toBe(5); // ceil(4.44)
    expect(proposalForRatio(0.5, 5, t)).toBe(3); // ceil(2.5)
    expect(proposalForRatio(1.05, 4, { up: 0.01, down: 0.1 })).toBe(5);
    expect(proposalForRatio(NaN, 4, t)).toBe(4);
  });
});

describe("the controller with behavior", () => {
  it("doubles at most every 15 s under the reference scale-up policy", () => {
    expect(run(reference, 3, [20, 20, 20, 20])).toEqual([6, 12, 20, 20]);
  });

  it("holds a scale-up until the lowest recommendation of the 60 s window allows it", () => {
    // a 15 s blip of 8 is ignored; a sustained 8 goes through once the 3 of 0 s leaves the
    // window (at 60 s: a recommendation counts while it is strictly newer than now − 60 s)
    expect(run(reference, 3, [3, 8, 3, 3, 3, 3])).toEqual([3, 3, 3, 3, 3, 3]);
    expect(run(reference, 3, [3, 8, 8, 8, 8, 8, 8])).toEqual([3, 3, 3, 3, 6, 8, 8]);
  });

  it("waits 300 s after the last high recommendation, then sheds 10 % per 60 s (truncated)", () => {
    const proposals = [10, ...Array(40).fill(3)];
    const out = run(reference, 10, proposals);
    // syncs at 0..285 s: the 10 recommended at 0 s is in the 300 s window
    expect(out.slice(0, 20)).toEqual(Array(20).fill(10));
    // 300 s: trunc(10 × 0.9) = 9; for the next 60 s the period starts at 10 again
    expect(out.slice(20, 24)).toEqual([9, 9, 9, 9]);
    expect(out[24]).toBe(8); // 360 s: the event of 300 s is out of the period: trunc(9 × 0.9)
    expect(Math.min(...out)).toBeGreaterThanOrEqual(3);
  });

  it("picks the larger (Max) or smaller (Min) of the policies, and Disabled stops a direction", () => {
    const both = [
      { type: "Pods" as const, value: 4, periodSeconds: 15 },
      { type: "Percent" as const, value: 100, periodSeconds: 15 },
    ];
    const spec = (selectPolicy: ScalingRules["selectPolicy"]): ControllerSpec => ({ minReplicas: 1, maxReplicas: 100, behavior: { scaleUp: rules({ policies: both, selectPolicy }), scaleDown: DEFAULT_SCALE_DOWN } });
    expect(run(spec("Max"), 2, [50])).toEqual([6]); // max(2 + 4, 2 × 2)
    expect(run(spec("Min"), 2, [50])).toEqual([4]); // min(6, 4)
    expect(run(spec("Max"), 10, [50])).toEqual([20]); // max(14, 20)
    expect(run(spec("Disabled"), 2, [50, 50])).toEqual([2, 2]);
  });

  it("stays within min and max, and corrects a count outside them at once", () => {
    expect(run(reference, 25, [25])).toEqual([20]);
    expect(run(reference, 1, [1])).toEqual([3]);
    expect(run(reference, 12, Array(60).fill(40)).at(-1)).toBe(20);
    const state = newControllerState();
    expect(controllerStep(reference, state, 0, 12, 40)).toEqual({ replicas: 20, proposal: 40, limitedBy: "TooManyReplicas" });
    expect(controllerStep(reference, newControllerState(), 0, 4, 40)).toEqual({ replicas: 8, proposal: 40, limitedBy: "ScaleUpLimit" });
    // a target scaled to zero by hand is left alone
    expect(controllerStep(reference, newControllerState(), 0, 0, 9).replicas).toBe(0);
  });

  it("counts scale-ups within each policy's period from the replicas at its start", () => {
    // Pods 2 per 60 s: two syncs inside one period may not add 4 between them
    const spec: ControllerSpec = { minReplicas: 1, maxReplicas: 50, behavior: { scaleUp: rules({ policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }), scaleDown: DEFAULT_SCALE_DOWN } };
    expect(run(spec, 4, [20, 20, 20, 20, 20, 20])).toEqual([6, 6, 6, 6, 8, 8]);
  });
});

describe("the controller without behavior (legacy)", () => {
  it("scales up to max(2 × current, 4) per sync and down after 5 minutes of lower recommendations", () => {
    const legacy: ControllerSpec = { minReplicas: 1, maxReplicas: 30, behavior: null };
    expect(run(legacy, 1, [10, 10, 10])).toEqual([4, 8, 10]);
    const down = run(legacy, 10, [10, ...Array(22).fill(2)]);
    expect(down.slice(0, 21)).toEqual(Array(21).fill(10));
    expect(down[21]).toBe(2);
  });

  it("uses Kubernetes' default behavior when fields are left out", () => {
    const defaults: ControllerSpec = { minReplicas: 1, maxReplicas: 30, behavior: { scaleUp: DEFAULT_SCALE_UP, scaleDown: DEFAULT_SCALE_DOWN } };
    expect(run(defaults, 1, [30, 30, 30])).toEqual([5, 10, 20]); // max(1 + 4, 2), max(9, 10), max(14, 20)
  });
});
