import { describe, expect, it } from "vitest";
import { toHeatmap } from "./heatmap";

describe("toHeatmap", () => {
  it("de-cumulates buckets in numeric (not text) order", () => {
    const h = toHeatmap([
      { name: "+Inf", points: [[0, 100], [60, 50]] },
      { name: "0.25", points: [[0, 90], [60, 10]] },
      { name: "0.1", points: [[0, 60], [60, 5]] },
      { name: "0.025", points: [[0, 10], [60, null]] },
    ]);
    expect(h.bounds).toEqual([0.025, 0.1, 0.25, Number.POSITIVE_INFINITY]);
    expect(h.times).toEqual([0, 60]);
    expect(h.counts[0]).toEqual([10, 50, 30, 10]);
    expect(h.counts[1]).toEqual([null, 5, 5, 40]);
    expect(h.max).toBe(50);
  });
});
