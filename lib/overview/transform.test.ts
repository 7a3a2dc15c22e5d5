import { describe, expect, it } from "vitest";
import { byLabel, sampleValue, toChartSeries } from "./transform";

describe("transform", () => {
  it("turns NaN and infinities into null", () => {
    expect(sampleValue("NaN")).toBeNull();
    expect(sampleValue("+Inf")).toBeNull();
    expect(sampleValue("0.25")).toBe(0.25);
  });

  it("indexes an instant vector by label", () => {
    expect(
      byLabel(
        [
          { metric: { service: "a" }, value: [1, "2"] },
          { metric: { service: "b" }, value: [1, "NaN"] },
          { metric: {}, value: [1, "3"] },
        ],
        "service",
      ),
    ).toEqual({ a: 2, b: null });
  });

  it("puts series on the full step grid with gaps as null, sorted by name", () => {
    const out = toChartSeries(
      [
        { metric: { service: "z" }, values: [[120, "1"]] },
        { metric: { service: "a" }, values: [[60, "5"], [180, "NaN"]] },
      ],
      "service",
      60,
      180,
      60,
    );
    expect(out.map((s) => s.name)).toEqual(["a", "z"]);
    expect(out[0]?.points).toEqual([[60, 5], [120, null], [180, null]]);
    expect(out[1]?.points).toEqual([[60, null], [120, 1], [180, null]]);
  });
});
