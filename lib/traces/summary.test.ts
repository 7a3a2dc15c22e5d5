import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fromOtlp, spanIndex, type Trace } from "./model";
import type { OtlpResourceSpans } from "./otlp";
import { groupSpans, selfTimeUs, summarize } from "./summary";
import { BASE_NS, otlp, type SpanSpec } from "./testing";

/** Trace summaries and per-service / per-operation breakdowns with self time. */

const build = (specs: SpanSpec[]): Trace => fromOtlp(otlp(specs))[0]!;

describe("summarize", () => {
  it("summarizes Jaeger's 4-span fixture", () => {
    const file = path.resolve(import.meta.dirname, "../../test/fixtures/jaeger/v1-internal-http/transform-request.multi.otlp2jaeger-multi-in-combined.json");
    const input = JSON.parse(readFileSync(file, "utf8")) as { resourceSpans: OtlpResourceSpans[] };
    const trace = fromOtlp(input.resourceSpans)[0]!;
    const s = summarize(trace);
    expect(s).toMatchObject({ traceId: trace.traceId, rootService: "example-trace", rootOperation: "main", spanCount: 4, errorCount: 0, orphanCount: 0 });
    expect(s.services).toEqual([{ name: "example-trace", spanCount: 4, errorCount: 0 }]);
    expect(s.startNs).toBe(trace.startNs);
    expect(s.startMs).toBe(Number(BigInt(trace.startNs) / 1_000_000n));
  });

  it("counts spans and errors per service and names the trace after its true root", () => {
    const t = build([
      { id: "o", parent: "gone", service: "worker", op: "late", start: 0, dur: 5, error: true },
      { id: "r", service: "frontend", op: "GET /", start: 1, dur: 100 },
      { id: "c1", parent: "r", service: "api", op: "q", start: 2, dur: 10, error: true },
      { id: "c2", parent: "r", service: "api", op: "q", start: 20, dur: 10, attrs: { "http.status_code": 502 } },
    ]);
    const s = summarize(t);
    expect(s).toMatchObject({ rootService: "frontend", rootOperation: "GET /", spanCount: 4, errorCount: 3, orphanCount: 1, durationUs: 101 });
    expect(s.services).toEqual([
      { name: "api", spanCount: 2, errorCount: 2 },
      { name: "frontend", spanCount: 1, errorCount: 0 },
      { name: "worker", spanCount: 1, errorCount: 1 },
    ]);
    expect(s.startNs).toBe(BASE_NS.toString());
    expect(s.startMs).toBeCloseTo(Number(BASE_NS) / 1e6, 3);
  });
});

// a |0--------------------100|           front
// b    |10---40|                          front
// c          |30----60|                   back (overlaps b)
// d                            |90===150| back (outlives a: clipped to 100)
const t = build([
  { id: "a", service: "front", op: "GET", start: 0, dur: 100 },
  { id: "b", parent: "a", service: "front", op: "render", start: 10, dur: 30 },
  { id: "c", parent: "a", service: "back", op: "GET", start: 30, dur: 30, error: true },
  { id: "d", parent: "a", service: "back", op: "publish", start: 90, dur: 60 },
]);

describe("self time", () => {
  it("subtracts the union of the children, each clipped to the parent", () => {
    // covered: [10, 60] ∪ [90, 100] = 60 µs of a's 100
    expect(selfTimeUs(spanIndex(t).get("a")!, spanIndex(t))).toBe(40);
    expect(selfTimeUs(spanIndex(t).get("d")!, spanIndex(t))).toBe(60);
  });
});

describe("groupSpans", () => {
  it("by service: count, errors, total and self time, most self time first", () => {
    expect(groupSpans(t, "service")).toEqual([
      { service: "back", count: 2, errorCount: 1, totalUs: 90, selfUs: 90 },
      { service: "front", count: 2, errorCount: 0, totalUs: 130, selfUs: 70 },
    ]);
  });

  it("by operation, keeping same-named operations of different services apart", () => {
    expect(groupSpans(t, "operation").map((g) => `${g.service}/${g.operation} ${g.count} ${g.totalUs} ${g.selfUs}`)).toEqual([
      "back/publish 1 60 60",
      "front/GET 1 100 40",
      "back/GET 1 30 30",
      "front/render 1 30 30",
    ]);
  });
});
