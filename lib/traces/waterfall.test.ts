import { describe, expect, it } from "vitest";
import { fromOtlp, type Trace } from "./model";
import { chain, otlp } from "./testing";
import { collapsedFromDepth, flatten } from "./waterfall";

/** Waterfall rows: tree order, collapsed subtrees hidden, deep traces without recursion. */

// r ─┬─ a ─┬─ a1
//    │     └─ a2 ── a2x
//    └─ b
const t: Trace = fromOtlp(
  otlp([
    { id: "r", start: 0, dur: 100 },
    { id: "b", parent: "r", start: 50, dur: 10 },
    { id: "a", parent: "r", start: 10, dur: 30 },
    { id: "a2", parent: "a", start: 20, dur: 10 },
    { id: "a1", parent: "a", start: 11, dur: 5 },
    { id: "a2x", parent: "a2", start: 21, dur: 1 },
  ]),
)[0]!;
const view = (rows: ReturnType<typeof flatten>) => rows.map((r) => `${"  ".repeat(r.depth)}${r.span.id}${r.collapsed ? ` (+${r.hiddenCount})` : ""}`);

describe("flatten", () => {
  it("lists every span in tree order with its depth when nothing is collapsed", () => {
    expect(view(flatten(t, new Set()))).toEqual(["r", "  a", "    a1", "    a2", "      a2x", "  b"]);
    expect(flatten(t, new Set()).map((r) => r.hasChildren)).toEqual([true, true, false, true, false, false]);
  });

  it("hides a collapsed span's subtree and counts what it hides", () => {
    expect(view(flatten(t, new Set(["a"])))).toEqual(["r", "  a (+3)", "  b"]);
    expect(view(flatten(t, new Set(["a2"])))).toEqual(["r", "  a", "    a1", "    a2 (+1)", "  b"]);
    expect(view(flatten(t, new Set(["r", "a"])))).toEqual(["r (+5)"]);
  });

  it("ignores collapsing a leaf or an unknown id", () => {
    expect(view(flatten(t, new Set(["b", "nope"])))).toEqual(view(flatten(t, new Set())));
    expect(flatten(t, new Set(["b"]))[5]!.collapsed).toBe(false);
  });

  it("collapses below a level", () => {
    expect([...collapsedFromDepth(t, 1)].sort()).toEqual(["a", "a2"]);
    expect(view(flatten(t, collapsedFromDepth(t, 1)))).toEqual(["r", "  a (+3)", "  b"]);
  });

  it("handles a 10,000-deep chain", () => {
    const deep = fromOtlp(otlp(chain(10_000)))[0]!;
    expect(flatten(deep, new Set())).toHaveLength(10_000);
    const rows = flatten(deep, new Set([deep.spans[5_000]!.id]));
    expect(rows).toHaveLength(5_001);
    expect(rows.at(-1)).toMatchObject({ depth: 5_000, collapsed: true, hiddenCount: 4_999 });
  });
});
