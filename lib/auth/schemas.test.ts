import { describe, expect, it } from "vitest";
import { createUserSchema, passwordSchema } from "./schemas";

describe("passwordSchema", () => {
  it("refuses a password bcrypt would silently cut at 72 bytes, counting bytes not characters", () => {
    expect(passwordSchema.safeParse("a".repeat(72)).success).toBe(true);
    const long = passwordSchema.safeParse("a".repeat(73));
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.message).toMatch(/^expected at most 72 bytes/);
    // 25 × "é" is 25 characters but 50 bytes; 37 of them are 74 bytes
    expect(passwordSchema.safeParse("é".repeat(25)).success).toBe(true);
    expect(passwordSchema.safeParse("é".repeat(37)).success).toBe(false);
  });

  it("says where the problem is when a user is created", () => {
    const r = createUserSchema.safeParse({ email: "a@example.com", name: "A", password: "x".repeat(80), role: "VIEWER" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["password"]);
  });
});
