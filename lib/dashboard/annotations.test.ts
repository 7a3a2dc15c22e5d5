import { describe, expect, it } from "vitest";
import { alertIntervals } from "./annotations";

describe("alertIntervals", () => {
  it("turns runs of samples into firing intervals", () => {
    expect(
      alertIntervals(
        [
          { name: "HighErrorRate", points: [[0, null], [60, 1], [120, 1], [180, null], [240, 1]] },
          { name: "HighResponseTime", points: [[0, 1], [60, null], [120, null], [180, null], [240, null]] },
        ],
        60,
      ),
    ).toEqual([
      { kind: "alert", name: "HighResponseTime", start: 0, end: 60 },
      { kind: "alert", name: "HighErrorRate", start: 60, end: 180 },
      { kind: "alert", name: "HighErrorRate", start: 240, end: 300 },
    ]);
  });
});
