import { describe, expect, it } from "vitest";
import type { ChartSeries } from "@/lib/charts/types";
import { fromWire, toWire } from "./wire";

describe("series wire format", () => {
  const regular: ChartSeries = { name: "p95", points: [[1000, 0.5], [1060, null], [1120, 0.25], [1180, 1e-7]] };
  const irregular: ChartSeries = { name: "min/max", points: [[1000, 1], [1001, 9], [1120, 2]] };
  const short: ChartSeries = { name: "one", points: [[1000, 3]] };

  it("sends a regular grid as start, step and values, anything else as points", () => {
    expect(toWire([regular, irregular, short])).toEqual([
      { name: "p95", start: 1000, step: 60, values: [0.5, null, 0.25, 1e-7] },
      { name: "min/max", points: irregular.points },
      { name: "one", points: short.points },
    ]);
  });

  it("round-trips exactly, gaps included", () => {
    expect(fromWire(toWire([regular, irregular, short, { name: "empty", points: [] }]))).toEqual([regular, irregular, short, { name: "empty", points: [] }]);
  });

  it("is a third of the bytes of [t, v] pairs for a week at 30-minute steps", () => {
    const week: ChartSeries = { name: "rate", points: Array.from({ length: 336 }, (_, i) => [1795123800 + i * 1800, Number((5 + Math.sin(i / 10)).toPrecision(4))] as [number, number]) };
    expect(JSON.stringify(toWire([week])).length).toBeLessThan(JSON.stringify([week]).length / 2.5);
  });
});
