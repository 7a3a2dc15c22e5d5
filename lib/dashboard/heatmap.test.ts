import { describe, expect, it } from "vitest";
import { heatmapPaths, roundHeatmap, toHeatmap } from "./heatmap";

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

describe("heatmapPaths", () => {
  it("draws every non-empty cell once, in a shade that grows with its count", () => {
    const h = { bounds: [0.1, 0.5, Number.POSITIVE_INFINITY], times: [0, 60], counts: [[100, 1, null], [0, 25, 4]], max: 100 };
    const paths = heatmapPaths(h, 4);
    const cells = paths.flatMap((p) => p.d.match(/M\d+ \d+/g)!.map((m) => `${m}@${p.opacity}`));
    expect(cells.sort()).toEqual(["M0 1@0.31", "M0 2@1", "M1 0@0.31", "M1 1@0.77"].sort());
    expect(paths.map((p) => p.opacity)).toEqual([...paths.map((p) => p.opacity)].sort((a, b) => a - b));
  });
});

describe("roundHeatmap", () => {
  it("rounds counts and the maximum to four significant digits, keeping gaps and zeros", () => {
    const h = { bounds: [0.1, Number.POSITIVE_INFINITY], times: [1, 2], counts: [[12.345678, null], [0, 0.000123456]], max: 12.345678 };
    expect(roundHeatmap(h)).toEqual({ bounds: [0.1, Number.POSITIVE_INFINITY], times: [1, 2], counts: [[12.35, null], [0, 0.0001235]], max: 12.35 });
    expect(h.counts[0]![0]).toBe(12.345678); // the input is not changed
  });
});
