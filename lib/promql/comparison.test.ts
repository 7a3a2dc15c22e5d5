import { describe, expect, it } from "vitest";
import { splitThreshold } from "./comparison";

describe("splitThreshold", () => {
  it("splits the reference HighErrorRate expression at its threshold", () => {
    const expr = 'sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))\n  / sum by (service) (rate(http_requests_total[5m])) > 0.01\n';
    expect(splitThreshold(expr)).toEqual({
      value: 'sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))\n  / sum by (service) (rate(http_requests_total[5m]))',
      op: ">",
      threshold: 0.01,
    });
  });

  it("handles the number on the left, parentheses and every comparison", () => {
    expect(splitThreshold("0.5 < histogram_quantile(0.95, x)")).toEqual({ value: "histogram_quantile(0.95, x)", op: "<", threshold: 0.5 });
    expect(splitThreshold("(up == 0)")).toEqual({ value: "up", op: "==", threshold: 0 });
    expect(splitThreshold("a != 1e3")).toMatchObject({ op: "!=", threshold: 1000 });
  });

  it("leaves other shapes alone", () => {
    expect(splitThreshold("absent(up)")).toBeUndefined();
    expect(splitThreshold("a > b")).toBeUndefined();
    expect(splitThreshold("a / b")).toBeUndefined();
    expect(splitThreshold("a > bool 1")).toBeUndefined();
    expect(splitThreshold("a > ")).toBeUndefined();
  });
});
