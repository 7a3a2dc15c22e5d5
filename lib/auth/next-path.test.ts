import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeNextPath("/?range=7d")).toBe("/?range=7d");
    expect(safeNextPath("/admin/users")).toBe("/admin/users");
  });

  it("refuses other origins and anything that is not a path", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, 42]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });
});
