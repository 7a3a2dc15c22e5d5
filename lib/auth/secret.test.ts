import { describe, expect, it } from "vitest";
import { sameSecret } from "./secret";

describe("sameSecret", () => {
  it("accepts only the exact secret", () => {
    expect(sameSecret("Bearer tok-123", "Bearer tok-123")).toBe(true);
    for (const bad of ["Bearer tok-12", "Bearer tok-1234", "bearer tok-123", "", "Bearer tok-124"]) expect(sameSecret(bad, "Bearer tok-123")).toBe(false);
  });
});
