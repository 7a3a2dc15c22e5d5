import { describe, expect, it } from "vitest";
import { downsampleMinMax, type Point } from "./downsample";

describe("downsampleMinMax", () => {
  const series: Point[] = Array.from({ length: 10_000 }, (_, i) => [i, Math.sin(i / 50)]);
  series[4321] = [4321, 25]; // a one-sample spike
  series[777] = [777, -30]; // a one-sample dip

  it("returns at most the requested number of points", () => {
    expect(downsampleMinMax(series, 500).length).toBeLessThanOrEqual(500);
  });

  it("keeps the extremes", () => {
    const out = downsampleMinMax(series, 500);
    expect(out).toContainEqual([4321, 25]);
    expect(out).toContainEqual([777, -30]);
    expect(Math.max(...out.map((p) => p[1] as number))).toBe(25);
  });

  it("keeps time order", () => {
    const out = downsampleMinMax(series, 300);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  });

  it("keeps gaps as gaps and leaves short series alone", () => {
    const gappy: Point[] = Array.from({ length: 1000 }, (_, i) => [i, i >= 400 && i < 600 ? null : 1]);
    const out = downsampleMinMax(gappy, 100);
    expect(out.some((p) => p[1] === null && p[0] >= 400 && p[0] < 600)).toBe(true);
    const short: Point[] = [[0, 1], [1, 2]];
    expect(downsampleMinMax(short, 100)).toBe(short);
  });
});
