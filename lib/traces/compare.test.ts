import { describe, expect, it } from "vitest";
import { compareTraces, PATH_SEPARATOR, spanPaths } from "./compare";
import { fromOtlp, type Trace } from "./model";
import { chain, otlp, type SpanSpec } from "./testing";

/** Span paths and trace comparison on two hand-made runs of one checkout request. */

const build = (specs: SpanSpec[]): Trace => fromOtlp(otlp(specs))[0]!;

// A: checkout calls cart, then the database twice
const a = build([
  { id: "a1", service: "frontend", op: "GET /checkout", start: 0, dur: 100 },
  { id: "a2", parent: "a1", service: "cart", op: "GetCart", start: 5, dur: 20 },
  { id: "a3", parent: "a1", service: "db", op: "SELECT", start: 30, dur: 30 },
  { id: "a4", parent: "a1", service: "db", op: "SELECT", start: 62, dur: 20 },
]);
// B: other ids, other input order, one more SELECT (a retry), slower second SELECT
const b = build([
  { id: "b4", parent: "b1", service: "db", op: "SELECT", start: 100, dur: 40 },
  { id: "b3", parent: "b1", service: "db", op: "SELECT", start: 60, dur: 25 },
  { id: "b5", parent: "b1", service: "db", op: "SELECT", start: 30, dur: 30 },
  { id: "b1", service: "frontend", op: "GET /checkout", start: 0, dur: 150 },
  { id: "b2", parent: "b1", service: "cart", op: "GetCart", start: 5, dur: 20 },
]);

describe("spanPaths", () => {
  it("names a span by the service, operation and position among same-named siblings of it and its ancestors", () => {
    const p = spanPaths(a);
    expect(p.get("a1")).toBe("frontend GET /checkout #1");
    expect(p.get("a2")).toBe(`frontend GET /checkout #1${PATH_SEPARATOR}cart GetCart #1`);
    expect(p.get("a3")).toBe(`frontend GET /checkout #1${PATH_SEPARATOR}db SELECT #1`);
    expect(p.get("a4")).toBe(`frontend GET /checkout #1${PATH_SEPARATOR}db SELECT #2`);
    // positions follow start time, not input order
    expect(spanPaths(b).get("b5")).toBe(p.get("a3"));
    expect(spanPaths(b).get("b4")).toBe(`frontend GET /checkout #1${PATH_SEPARATOR}db SELECT #3`);
  });
});

describe("compareTraces", () => {
  it("lines spans up by path and sorts by the size of the change", () => {
    const rows = compareTraces(a, b);
    const root = "frontend GET /checkout #1";
    expect(rows.map((r) => [r.path.replace(root + PATH_SEPARATOR, "… "), r.inA, r.inB, r.durationA, r.durationB, r.delta])).toEqual([
      [root, true, true, 100, 150, 50],
      ["… db SELECT #3", false, true, 0, 40, 40],
      ["… db SELECT #2", true, true, 20, 25, 5],
      ["… cart GetCart #1", true, true, 20, 20, 0],
      ["… db SELECT #1", true, true, 30, 30, 0],
    ]);
    // counts are the spans under each path
    expect(rows[0]).toMatchObject({ countA: 4, countB: 5 });
    expect(rows[1]).toMatchObject({ countA: 0, countB: 1 });
  });

  it("is antisymmetric: swapping the traces negates every delta", () => {
    const ab = new Map(compareTraces(a, b).map((r) => [r.path, r]));
    for (const r of compareTraces(b, a)) {
      expect(r.delta + ab.get(r.path)!.delta).toBe(0);
      expect([r.inA, r.inB]).toEqual([ab.get(r.path)!.inB, ab.get(r.path)!.inA]);
    }
  });

  it("compares two 10,000-deep chains without building quadratic keys", () => {
    const x = fromOtlp(otlp(chain(10_000)))[0]!;
    const rows = compareTraces(x, x);
    expect(rows).toHaveLength(10_000);
    expect(rows.every((r) => r.delta === 0 && r.inA && r.inB)).toBe(true);
    // ties keep tree order: the deepest span comes last, 10,000 components long
    expect(rows.at(-1)!.path.split(PATH_SEPARATOR)).toHaveLength(10_000);
  });
});
