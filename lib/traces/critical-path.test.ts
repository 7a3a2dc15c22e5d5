import { describe, expect, it } from "vitest";
import { criticalPath, criticalPathSections } from "./critical-path";
import { fromOtlp, type Trace } from "./model";
import { chain, otlp, type SpanSpec } from "./testing";

/**
 * Critical path on small hand-drawn traces (times in µs; each picture is to scale
 * enough to read which child finished last and what overlaps).
 */

const build = (specs: SpanSpec[]): Trace => fromOtlp(otlp(specs))[0]!;
const sections = (t: Trace) => criticalPathSections(t).map((s) => `${s.spanId} ${s.startUs}-${s.endUs}`);
const sorted = (s: Set<string>) => [...s].sort();

describe("criticalPath", () => {
  it("walks back from the last-finishing child to the one that finished before it started", () => {
    // A |0------------------------------100|
    // B    |10----40|   C |50-----80|
    const t = build([
      { id: "a", start: 0, dur: 100 },
      { id: "b", parent: "a", start: 10, dur: 30 },
      { id: "c", parent: "a", start: 50, dur: 30 },
    ]);
    expect(sections(t)).toEqual(["a 80-100", "c 50-80", "a 40-50", "b 10-40", "a 0-10"]);
    expect(sorted(criticalPath(t))).toEqual(["a", "b", "c"]);
  });

  it("leaves out a child the last-finishing one overlaps (the parent was not waiting for it)", () => {
    // A |0-------------------100|
    // B   |10-------------90|
    // C      |20---60|
    const t = build([
      { id: "a", start: 0, dur: 100 },
      { id: "b", parent: "a", start: 10, dur: 80 },
      { id: "c", parent: "a", start: 20, dur: 40 },
    ]);
    expect(sections(t)).toEqual(["a 90-100", "b 10-90", "a 0-10"]);
    expect(criticalPath(t).has("c")).toBe(false);
  });

  it("descends into grandchildren and returns level by level", () => {
    // A |0--------------------------100|
    // B   |10--------------------90|
    // D      |20---------------85|
    // C             |50--60|            (child of A, hidden behind B)
    const t = build([
      { id: "a", start: 0, dur: 100 },
      { id: "b", parent: "a", start: 10, dur: 80 },
      { id: "d", parent: "b", start: 20, dur: 65 },
      { id: "c", parent: "a", start: 50, dur: 10 },
    ]);
    expect(sections(t)).toEqual(["a 90-100", "b 85-90", "d 20-85", "b 10-20", "a 0-10"]);
    expect(sorted(criticalPath(t))).toEqual(["a", "b", "d"]);
  });

  it("clips a child that outlives its parent and drops a child that starts after it ended", () => {
    // A |0-------------100|
    // C  |10--30|     B |50=========150|   (clipped to 100)
    // X                         |120--200|  (after A ended: dropped, with its child Y)
    const t = build([
      { id: "a", start: 0, dur: 100 },
      { id: "b", parent: "a", start: 50, dur: 100 },
      { id: "c", parent: "a", start: 10, dur: 20 },
      { id: "x", parent: "a", start: 120, dur: 80 },
      { id: "y", parent: "x", start: 130, dur: 10 },
    ]);
    // A's own section after B is empty (B ends with A once clipped) and is left out
    expect(sections(t)).toEqual(["b 50-100", "a 30-50", "c 10-30", "a 0-10"]);
    expect(sorted(criticalPath(t))).toEqual(["a", "b", "c"]);
  });

  it("treats a bound of 0 as a bound (the trace starts at 0 here, unlike Jaeger UI's absolute times)", () => {
    // A |0------------100|
    // B |0--40|  C |50--80|
    const t = build([
      { id: "a", start: 0, dur: 100 },
      { id: "b", parent: "a", start: 0, dur: 40 },
      { id: "c", parent: "a", start: 50, dur: 30 },
    ]);
    // returning from B (start 0) leaves nothing of A before it: no "a 0-100" section
    expect(sections(t)).toEqual(["a 80-100", "c 50-80", "a 40-50", "b 0-40"]);
  });

  it("walks each root, orphans included", () => {
    const t = build([
      { id: "r1", start: 0, dur: 10 },
      { id: "r2", parent: "gone", start: 20, dur: 10 },
      { id: "k", parent: "r2", start: 22, dur: 3 },
    ]);
    expect(sections(t)).toEqual(["r1 0-10", "r2 25-30", "k 22-25", "r2 20-22"]);
  });

  it("takes every one of 2,000 sequential children, scanning each parent's children once", () => {
    const specs: SpanSpec[] = [{ id: "a", start: 0, dur: 20_010 }];
    for (let i = 0; i < 2000; i++) specs.push({ id: `c${i}`, parent: "a", start: 5 + 10 * i, dur: 10 });
    const t = build(specs);
    const path = criticalPath(t);
    expect(path.size).toBe(2001);
    // the gaps of A are the 5 µs before the first child and the 5 µs after the last
    const ofA = criticalPathSections(t).filter((s) => s.spanId === "a");
    expect(ofA.map((s) => s.endUs - s.startUs)).toEqual([5, 5]);
  });

  it("follows a 10,000-deep chain without recursion", () => {
    const t = build(chain(10_000));
    expect(criticalPath(t).size).toBe(10_000);
    // each span waits 1 µs for the end of its child, then its child runs; the leaf runs whole
    const secs = criticalPathSections(t);
    expect(secs[0]).toEqual({ spanId: t.spans[0]!.id, startUs: 19_999, endUs: 20_000 });
    expect(secs.at(-1)!.spanId).toBe(t.spans[0]!.id);
  });
});
