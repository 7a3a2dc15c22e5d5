import { describe, expect, it } from "vitest";
import { thresholdSeries } from "./thresholds";
import { latestRatings, rateVital, vitalThresholdLines, WEB_VITAL_THRESHOLDS } from "./web-vitals";

describe("rateVital", () => {
  it("rates LCP at the web.dev boundaries (good ≤ 2.5 s, poor > 4 s)", () => {
    expect(rateVital("lcp", 0)).toBe("good");
    expect(rateVital("lcp", 2.5)).toBe("good");
    expect(rateVital("lcp", 2.5001)).toBe("needs-improvement");
    expect(rateVital("lcp", 4)).toBe("needs-improvement");
    expect(rateVital("lcp", 4.0001)).toBe("poor");
  });

  it("rates INP in seconds (good ≤ 200 ms, poor > 500 ms)", () => {
    expect(rateVital("inp", 0.2)).toBe("good");
    expect(rateVital("inp", 0.201)).toBe("needs-improvement");
    expect(rateVital("inp", 0.5)).toBe("needs-improvement");
    expect(rateVital("inp", 0.501)).toBe("poor");
  });

  it("rates CLS (good ≤ 0.1, poor > 0.25)", () => {
    expect(rateVital("cls", 0.1)).toBe("good");
    expect(rateVital("cls", 0.1001)).toBe("needs-improvement");
    expect(rateVital("cls", 0.25)).toBe("needs-improvement");
    expect(rateVital("cls", 0.2501)).toBe("poor");
  });

  it("keeps every metric's good bound below its poor bound", () => {
    for (const t of Object.values(WEB_VITAL_THRESHOLDS)) expect(t.good).toBeLessThan(t.poor);
  });
});

describe("reference lines", () => {
  it("labels the two lines in the metric's unit", () => {
    expect(vitalThresholdLines("lcp").map((l) => [l.label, l.value])).toEqual([["good ≤ 2.5 s", 2.5], ["poor > 4 s", 4]]);
    expect(vitalThresholdLines("inp").map((l) => l.label)).toEqual(["good ≤ 200 ms", "poor > 500 ms"]);
    expect(vitalThresholdLines("cls").map((l) => l.label)).toEqual(["good ≤ 0.1", "poor > 0.25"]);
  });

  it("draws them as constant series over the panel's times, and not at all without data", () => {
    const series = [
      { name: "/", points: [[60, 1.9], [120, null]] as [number, number | null][] },
      { name: "/cart", points: [[120, 2], [180, 2.1]] as [number, number | null][] },
    ];
    const lines = thresholdSeries(vitalThresholdLines("lcp"), series);
    expect(lines.map((l) => l.name)).toEqual(["good ≤ 2.5 s", "poor > 4 s"]);
    expect(lines[0]!.points).toEqual([[60, 2.5], [120, 2.5], [180, 2.5]]);
    expect(thresholdSeries(vitalThresholdLines("lcp"), [])).toEqual([]);
    expect(thresholdSeries(undefined, series)).toEqual([]);
  });
});

describe("latestRatings", () => {
  it("rates each page's last value and skips pages without one", () => {
    const rows = latestRatings("lcp", [
      { name: "/", points: [[60, 1.9], [120, 2.1], [180, null]] },
      { name: "/products/{id}", points: [[60, 2.8]] },
      { name: "/gone", points: [[60, null]] },
    ]);
    expect(rows).toEqual([
      { name: "/", value: 2.1, rating: "good" },
      { name: "/products/{id}", value: 2.8, rating: "needs-improvement" },
    ]);
  });
});
