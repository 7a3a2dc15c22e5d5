import { describe, expect, it } from "vitest";
import { downsampleMinMax, roundForDisplay, type Point } from "./downsample";

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

describe("roundForDisplay", () => {
  it("keeps four significant digits at every magnitude, and timestamps, gaps and zeros as they are", () => {
    const pts: Point[] = [
      [1795123800, 5.878888888888889],
      [1795125600, null],
      [1795127400, 0],
      [1795129200, 0.00012345678],
      [1795131000, 123456.789],
      [1795132800, -0.987654321],
    ];
    expect(roundForDisplay(pts)).toEqual([
      [1795123800, 5.879],
      [1795125600, null],
      [1795127400, 0],
      [1795129200, 0.0001235],
      [1795131000, 123500],
      [1795132800, -0.9877],
    ]);
  });

  it("never moves a value by more than half a unit in the fourth digit", () => {
    for (let i = 0; i < 1000; i++) {
      const v = Math.exp((i / 1000) * 40 - 20) * (i % 2 ? 1 : -1);
      const [[, r]] = roundForDisplay([[0, v]]) as [[number, number]];
      expect(Math.abs(r - v) / Math.abs(v)).toBeLessThanOrEqual(5e-4);
    }
  });
});
