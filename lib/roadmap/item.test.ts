import { describe, expect, it } from "vitest";
import { inputFromTarget, itemFromInput, itemInputSchema, readStoredTarget } from "./item";
import { referenceRoadmap, referenceRows } from "./reference";
import { validateTarget } from "./target";
import { targetFromTemplate } from "./templates";

const valid = {
  title: "Sub-100 ms P95 response times",
  quarter: "2026-Q3",
  status: "planned",
  owner: "Performance guild",
  services: ["order-service"],
  description: "",
  target: { mode: "template", kind: "latency-p95", service: "order-service", window: "7d", comparator: "<", threshold: 0.1 },
};

describe("item input", () => {
  it("builds the stored target from a template", () => {
    const item = itemFromInput(itemInputSchema.parse(valid));
    expect(item.target).toEqual(targetFromTemplate({ kind: "latency-p95", service: "order-service", window: "7d", comparator: "<", threshold: 0.1 }));
  });

  it("reports each bad field at its path, a PromQL error with its position", () => {
    const r = itemInputSchema.safeParse({
      ...valid,
      title: " ",
      quarter: "Q3 2026",
      status: "started",
      services: ["order-service", "order-service", "bad name"],
      target: { mode: "raw", expr: "sum(rate(x[5m])", comparator: "<", threshold: 1, window: "7d", unit: "number" },
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["title", "enter a title"],
        ["quarter", "expected a quarter such as 2026-Q3"],
        ["status", "expected planned, in progress, done or dropped"],
        ["services.2", expect.stringMatching(/^expected a service name/)],
        ["target.expr", "parse error at line 1, column 16: unexpected end of input"],
      ]),
    );
  });

  it("accepts no target, and a raw target as written", () => {
    expect(itemFromInput(itemInputSchema.parse({ ...valid, target: null })).target).toBeNull();
    const raw = { mode: "raw", expr: "avg(up)", comparator: ">=", threshold: 0.99, window: "1d", unit: "ratio" } as const;
    const item = itemFromInput(itemInputSchema.parse({ ...valid, target: raw }));
    expect(item.target).toEqual({ expr: "avg(up)", comparator: ">=", threshold: 0.99, window: "1d", unit: "ratio" });
    expect(inputFromTarget(item.target!)).toEqual(raw);
  });

  it("reopens a template target as its template", () => {
    const t = targetFromTemplate({ kind: "availability", service: "payment-service", window: "30d", comparator: ">=", threshold: 0.995 });
    expect(inputFromTarget(t)).toEqual({ mode: "template", kind: "availability", service: "payment-service", window: "30d", comparator: ">=", threshold: 0.995 });
  });

  it("reads a stored target back, or says why it cannot", () => {
    expect(readStoredTarget(null)).toEqual({ target: null });
    expect(readStoredTarget({ expr: "up", comparator: "<", threshold: 1, window: "1h" }).target?.unit).toBe("number");
    expect(readStoredTarget({ expr: "up", comparator: "~", threshold: 1, window: "1h" }).error).toMatch(/^the stored target is invalid: comparator: /);
  });
});

describe("the reference roadmap", () => {
  const items = referenceRoadmap();

  it("holds PRODUCT.md's items by quarter and status", () => {
    const by = (q: string) => items.filter((i) => i.quarter === q);
    expect(by("2026-Q1").map((i) => i.title)).toEqual(["Comprehensive caching strategy", "Database read replicas", "Critical API endpoints optimised", "Performance monitoring dashboards"]);
    expect(by("2026-Q2").map((i) => i.title)).toEqual(["Advanced load balancing", "CDN for static assets", "Database query and index optimisation", "Response compression"]);
    expect(by("2026-Q3").map((i) => i.title)).toEqual(["Sub-100 ms P95 response times", "Predictive scaling", "Edge computing", "Mobile performance"]);
    expect(new Set(by("2026-Q1").map((i) => i.status))).toEqual(new Set(["done"]));
    expect(new Set(by("2026-Q2").map((i) => i.status))).toEqual(new Set(["in_progress"]));
    expect(new Set(by("2026-Q3").map((i) => i.status))).toEqual(new Set(["planned"]));
    expect(items).toHaveLength(12);
  });

  it("gives sub-100 ms its target: order-service p95 < 100 ms over 7 days", () => {
    const sub100 = items.find((i) => i.title === "Sub-100 ms P95 response times")!;
    expect(sub100.target).toMatchObject({ comparator: "<", threshold: 0.1, window: "7d", unit: "seconds", template: { kind: "latency-p95", service: "order-service" } });
  });

  it("passes its own validation, every item and target", () => {
    for (const i of items) {
      const { target, ...rest } = i;
      expect(itemInputSchema.safeParse({ ...rest, target: target ? inputFromTarget(target) : null }).success, i.title).toBe(true);
      if (target) expect(validateTarget(target).ok, i.title).toBe(true);
      expect(i.services.length, i.title).toBeGreaterThan(0);
    }
  });

  it("numbers the rows within each quarter", () => {
    expect(referenceRows().map((r) => `${r.quarter}#${r.position}`).slice(0, 5)).toEqual(["2026-Q1#0", "2026-Q1#1", "2026-Q1#2", "2026-Q1#3", "2026-Q2#0"]);
  });
});
