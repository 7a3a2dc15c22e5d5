import { describe, expect, it } from "vitest";
import { hasRole } from "./roles";

describe("hasRole", () => {
  it("orders viewer < editor < admin", () => {
    expect(hasRole("ADMIN", "EDITOR")).toBe(true);
    expect(hasRole("EDITOR", "EDITOR")).toBe(true);
    expect(hasRole("VIEWER", "EDITOR")).toBe(false);
    expect(hasRole("EDITOR", "ADMIN")).toBe(false);
  });
});
