import { describe, expect, it } from "vitest";
import { itemInputSchema } from "@/lib/roadmap/item";
import { lastMetText, quarterLabel, sparkGeometry } from "./format";
import { draftFrom, emptyDraft, inputFrom, issuesByField } from "./form-model";

describe("the editor's draft", () => {
  it("sends a latency template's threshold in seconds, typed in ms", () => {
    const d = { ...emptyDraft(), title: "Sub-100", services: "order-service, catalog-service", targetMode: "template" as const, service: "order-service", threshold: "100" };
    const input = inputFrom(d);
    expect(input.services).toEqual(["order-service", "catalog-service"]);
    expect(input.target).toEqual({ mode: "template", kind: "latency-p95", service: "order-service", window: "7d", comparator: "<", threshold: 0.1 });
    expect(itemInputSchema.safeParse(input).success).toBe(true);
  });

  it("sends availability as a ratio, typed in %, and reads it back the same", () => {
    const d = { ...emptyDraft(), title: "x", targetMode: "template" as const, kind: "availability" as const, service: "order-service", comparator: ">=" as const, threshold: "99.9" };
    const input = inputFrom(d);
    expect(input.target).toMatchObject({ threshold: 0.999 });
    const back = draftFrom({ ...input, status: "planned", owner: "", description: "", services: [], targetInput: input.target as never });
    expect(back.threshold).toBe("99.9");
    expect(back.targetMode).toBe("template");
  });

  it("leaves a threshold that is not a number for the server to name", () => {
    const input = inputFrom({ ...emptyDraft(), title: "x", targetMode: "raw", expr: "up", threshold: "abc" });
    const r = itemInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(issuesByField(r.error!.issues.map((i) => ({ path: `item.${i.path.join(".")}`, message: i.message })))).toEqual({ threshold: ["expected a number"] });
  });

  it("sends no target when none is chosen", () => {
    expect(inputFrom({ ...emptyDraft(), expr: "garbage(", targetMode: "none" }).target).toBeNull();
  });

  it("files issues under their field", () => {
    expect(
      issuesByField([
        { path: "item.title", message: "enter a title" },
        { path: "item.services.1", message: "bad" },
        { path: "item.target.expr", message: "parse error" },
        { path: "item.target", message: "invalid input" },
      ]),
    ).toEqual({ title: ["enter a title"], services: ["services.1: bad"], expr: ["parse error"], target: ["invalid input"] });
  });
});

describe("roadmap formatting", () => {
  it("says when a target was last met", () => {
    expect(lastMetText(null, 100, 30 * 86400)).toBe("not in the last 30 days");
    expect(lastMetText(100, 100, 30 * 86400)).toBe("now");
    expect(lastMetText(1_767_225_600, 1_800_000_000, 30 * 86400)).toBe("2026-01-01 00:00 UTC");
    expect(quarterLabel("2026-Q3")).toBe("Q3 2026");
  });

  it("draws the threshold inside the sparkline even when every value is above it, and leaves gaps open", () => {
    const g = sparkGeometry(
      [
        [0, 0.2],
        [1, 0.25],
        [2, null],
        [3, 0.15],
      ],
      0.1,
      100,
      20,
      0,
    )!;
    expect(g.thresholdY).toBe(20);
    expect(g.paths).toEqual(["M0.0,6.7L33.3,0.0", "M100.0,13.3"]);
    expect(sparkGeometry([[0, null]], 0.1, 100, 20)).toBeNull();
  });
});
