import { describe, expect, it } from "vitest";
import { formatSeriesName } from "./format";

describe("formatSeriesName", () => {
  it("prints the metric name and sorted labels", () => {
    expect(formatSeriesName({ job: "a", __name__: "up", instance: "b" })).toBe('up{instance="b", job="a"}');
    expect(formatSeriesName({ service: "x" })).toBe('{service="x"}');
    expect(formatSeriesName({})).toBe("{}");
  });
});
