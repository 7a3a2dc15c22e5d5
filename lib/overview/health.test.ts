import { describe, expect, it } from "vitest";
import { healthOf, rankByHealth } from "./health";

describe("health", () => {
  it("takes the worst signal against its target", () => {
    expect(healthOf(0.002, 0.45)).toEqual({ score: 0.9, level: "at risk" });
    expect(healthOf(0.05, 0.1).level).toBe("breaching");
    expect(healthOf(0.001, 0.1).level).toBe("healthy");
    expect(healthOf(null, null)).toEqual({ score: null, level: "unknown" });
  });

  it("ranks the least healthy service first", () => {
    const rows = [
      { name: "a", health: healthOf(0.001, 0.1) },
      { name: "b", health: healthOf(0.03, 0.1) },
      { name: "c", health: healthOf(null, null) },
      { name: "d", health: healthOf(0.001, 0.45) },
    ];
    expect(rankByHealth(rows).map((r) => r.name)).toEqual(["b", "d", "a", "c"]);
  });
});
