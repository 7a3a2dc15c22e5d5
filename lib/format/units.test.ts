import { describe, expect, it } from "vitest";
import { formatValue } from "./units";

describe("formatValue", () => {
  it("formats latency in the unit an operator reads", () => {
    expect(formatValue(0.4717, "seconds")).toBe("471.7 ms");
    expect(formatValue(0.0042, "seconds")).toBe("4.2 ms");
    expect(formatValue(0.0000042, "seconds")).toBe("4 µs");
    expect(formatValue(2.5, "seconds")).toBe("2.5 s");
  });

  it("formats ratios as percentages without hiding small error ratios", () => {
    expect(formatValue(0.012, "ratio")).toBe("1.2%");
    expect(formatValue(0.00082, "ratio")).toBe("0.082%");
    expect(formatValue(0.0000001, "ratio")).toBe("<0.01%");
    expect(formatValue(0, "ratio")).toBe("0%");
  });

  it("formats rates and bytes", () => {
    expect(formatValue(77.51, "reqps")).toBe("77.5 req/s");
    expect(formatValue(2500, "reqps")).toBe("2.5k req/s");
    expect(formatValue(512 * 2 ** 20, "bytes")).toBe("512 MiB");
  });

  it("shows a dash for missing values", () => {
    expect(formatValue(null, "seconds")).toBe("–");
    expect(formatValue(Number.NaN, "ratio")).toBe("–");
  });
});
