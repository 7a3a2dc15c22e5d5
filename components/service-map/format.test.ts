import { describe, expect, it } from "vitest";
import { clip, errorText, formatCalls, HEALTH_MEANING, nodeLabel, serviceHref } from "./format";

/** Tests of the service map's display helpers. */

describe("service map format", () => {
  it("shortens call counts", () => {
    expect(formatCalls(0)).toBe("0");
    expect(formatCalls(950)).toBe("950");
    expect(formatCalls(12_345)).toBe("12.3k");
    expect(formatCalls(4_500_000)).toBe("4.5M");
    expect(formatCalls(Number.NaN)).toBe("–");
  });

  it("names a node with its health, p95 and errors, saying unknown for missing numbers", () => {
    expect(nodeLabel("order-service", "healthy", { rate: 10, errorRatio: 0.001, p95: 0.12 })).toBe("order-service: healthy, p95 120 ms, errors 0.1%");
    expect(nodeLabel("user-service", "unknown", { rate: null, errorRatio: null, p95: null })).toBe("user-service: unknown, p95 unknown, errors unknown");
  });

  it("says no requests rather than an error ratio without traffic", () => {
    expect(errorText({ rate: 0, errorRatio: null, p95: null })).toBe("no requests");
  });

  it("links to the service's dashboard over the same range", () => {
    expect(serviceHref("order service/1", "6h")).toBe("/services/order%20service%2F1?range=6h");
  });

  it("explains the levels from the default targets", () => {
    expect(HEALTH_MEANING.healthy).toBe("errors ≤ 0.8% and p95 ≤ 400 ms");
    expect(HEALTH_MEANING.breaching).toBe("errors > 1% or p95 > 500 ms");
  });

  it("clips long names", () => {
    expect(clip("inventory-service", 40)).toBe("inventory-service");
    expect(clip("abcdefghij", 5)).toBe("abcd…");
  });
});
