import { describe, expect, it } from "vitest";
import { niceStep, staticGeometry } from "./static-geometry";

describe("static chart geometry", () => {
  it("nice steps", () => {
    expect(niceStep(100, 4)).toBe(25);
    expect(niceStep(0.07, 4)).toBe(0.02);
    expect(niceStep(0, 4)).toBe(1);
    expect(niceStep(9, 4)).toBe(2.5);
  });

  it("one vertex pair per pixel column keeps the spike; gaps break the line", () => {
    // 1000 points over 100 px of plot: a spike of 50 at t=500 among values of 1
    const points: [number, number | null][] = Array.from({ length: 1000 }, (_, i) => [i, i === 500 ? 50 : i >= 800 && i < 850 ? null : 1]);
    const g = staticGeometry([{ name: "a", points }], { width: 100 + 78 + 12, height: 130, start: 0, end: 999 });
    const d = g.paths[0]!.d;
    const moves = d.match(/M/g)!.length;
    expect(moves).toBe(2); // the gap starts a new segment
    const vertices = d.match(/[ML]/g)!.length;
    expect(vertices).toBeLessThanOrEqual(2 * 101 + 2);
    // the spike survives: y ticks go 0..60 by 20 over plot y 106..6, 50 is at y 22.7
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 20, 40, 60]);
    expect(g.yTicks.at(-1)).toEqual({ y: 6, value: 60 });
    expect(g.yTicks[0]).toEqual({ y: 106, value: 0 });
    expect(d).toMatch(/L\d+ 22\.7/);
  });

  it("places time ticks across the plot and ignores points outside the range", () => {
    const g = staticGeometry([{ name: "a", points: [[-10, 5], [0, 1], [100, 2], [200, 9]] }], { width: 300, height: 100, start: 0, end: 100 });
    expect(g.xTicks[0]).toEqual({ x: 78, t: 0 });
    expect(g.xTicks.at(-1)).toEqual({ x: 288, t: 100 });
    expect(g.paths[0]!.d.split(/[ML]/).filter(Boolean)).toHaveLength(2);
    expect(g.yTicks.at(-1)!.value).toBe(2);
  });
});
