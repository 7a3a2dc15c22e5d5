import { describe, expect, it } from "vitest";
import { auditFilterSchema, auditHref, auditWhere } from "./query";

describe("audit filters", () => {
  it("builds a where clause from each filter", () => {
    const f = auditFilterSchema.parse({ actor: "a@x", targetType: "slo", action: "slo.", from: "2026-01-01T00:00:00Z", to: "2026-01-08T00:00:00Z" });
    expect(auditWhere(f)).toEqual({
      actorEmail: "a@x",
      targetType: "slo",
      action: { startsWith: "slo." },
      at: { gte: new Date("2026-01-01T00:00:00Z"), lte: new Date("2026-01-08T00:00:00Z") },
      NOT: { action: { startsWith: "session." } },
    });
    expect(auditWhere(auditFilterSchema.parse({ action: "rules.push", signIns: true }))).toEqual({ action: "rules.push" });
    expect(auditWhere(auditFilterSchema.parse({ signIns: true }))).toEqual({});
  });

  it("leaves sign-ins out unless asked for, or named", () => {
    expect(auditWhere(auditFilterSchema.parse({}))).toEqual({ NOT: { action: { startsWith: "session." } } });
    expect(auditWhere(auditFilterSchema.parse({ action: "session.sign_in" }))).toEqual({ action: "session.sign_in" });
    expect(auditWhere(auditFilterSchema.parse({ action: "session." }))).toEqual({ action: { startsWith: "session." } });
  });

  it("refuses a range that ends before it starts, and a bad time, saying where", () => {
    const r = auditFilterSchema.safeParse({ from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["from"]);
    expect(auditFilterSchema.safeParse({ from: "yesterday" }).error?.issues[0]?.path).toEqual(["from"]);
    expect(auditFilterSchema.safeParse({ limit: 1000 }).success).toBe(false);
  });

  it("links each target to where the console shows it", () => {
    expect(auditHref("rule_file", "r1", "performance.rules.yml")).toBe("/rules/r1");
    expect(auditHref("slo", "s 1", null)).toBe("/slos/s%201");
    expect(auditHref("scaling_profile", "d1", "shop/HorizontalPodAutoscaler/order-service")).toBe("/profiles/shop/HorizontalPodAutoscaler/order-service");
    expect(auditHref("scaling_profile", "d1", null)).toBeNull();
    expect(auditHref("silence", "abc", null)).toBe("/alerts");
    expect(auditHref("user", "u1", null)).toBeNull();
  });
});
