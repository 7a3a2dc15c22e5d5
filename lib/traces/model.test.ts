import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fromOtlp, primaryRoot, spanIndex, subtreeSizes, type Trace } from "./model";
import type { OtlpKeyValue, OtlpResourceSpans, OtlpSpan } from "./otlp";
import { BASE_NS, chain, hexId, otlp, TRACE_ID, type SpanSpec } from "./testing";

/** fromOtlp against Jaeger's own OTLP-JSON fixtures and hand-made edge cases. */

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/jaeger");
const fixture = <T>(file: string): T => JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as T;
const allSpans = (rs: OtlpResourceSpans[]): OtlpSpan[] => rs.flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? []));
const only = (traces: Trace[]): Trace => {
  expect(traces).toHaveLength(1);
  return traces[0]!;
};

describe("fromOtlp on Jaeger's fixtures", () => {
  it("builds the tree of a 4-span trace with nanosecond-exact times", () => {
    const input = fixture<{ resourceSpans: OtlpResourceSpans[] }>("v1-internal-http/transform-request.multi.otlp2jaeger-multi-in-combined.json");
    const trace = only(fromOtlp(input.resourceSpans));
    const raw = allSpans(input.resourceSpans);
    const base = raw.map((s) => BigInt(s.startTimeUnixNano!)).reduce((a, b) => (a < b ? a : b));
    expect(trace.traceId).toBe(raw[0]!.traceId);
    expect(trace.startNs).toBe(base.toString());
    // every span's times, recomputed here with BigInt from the wire strings
    for (const s of raw) {
      const span = spanIndex(trace).get(s.spanId!)!;
      expect(span.startUs).toBe(Number(BigInt(s.startTimeUnixNano!) - base) / 1000);
      expect(span.durationUs).toBe(Number(BigInt(s.endTimeUnixNano!) - BigInt(s.startTimeUnixNano!)) / 1000);
    }
    // the sub-µs part survives (a Number of the absolute ns would have lost it)
    expect(spanIndex(trace).get("eff3153be6b1fb93")!.durationUs).toBe(176321.958);
    // tree: main → info → two ohboy.do, by start; tree order in trace.spans
    expect(trace.roots).toEqual(["eff3153be6b1fb93"]);
    expect(trace.spans.map((s) => [s.operation, s.depth])).toEqual([["main", 0], ["info", 1], ["ohboy.do", 2], ["ohboy.do", 2]]);
    expect(spanIndex(trace).get("49b8e9efa1e8a3b1")!.children).toEqual(["26f5ef9dbb885479", "e76628f4e6dde174"]);
    const root = primaryRoot(trace)!;
    const rootScope = input.resourceSpans.flatMap((r) => r.scopeSpans ?? []).find((ss) => ss.spans?.some((s) => s.spanId === root.id))?.scope?.name;
    expect([root.service, root.kind, root.scope, root.orphan]).toEqual(["example-trace", "internal", rootScope, false]);
    expect(root.resource.find((a) => a.key === "telemetry.sdk.version")?.value).toBe("1.22.0");
    expect(trace.durationUs).toBe(root.durationUs);
    expect(trace.warnings).toEqual([]);
  });

  it("reads the api_v3 GetTrace snapshot: no times, no resource, status ERROR", () => {
    const body = fixture<{ result: { resourceSpans: OtlpResourceSpans[] } }>("api-v3/snapshot.GetTrace.json");
    const trace = only(fromOtlp(body.result.resourceSpans));
    expect(trace).toMatchObject({ traceId: "00000000000000000000000000000001", startNs: "0", durationUs: 0, roots: ["0000000000000002"] });
    expect(trace.spans[0]).toMatchObject({ operation: "foobar", kind: "server", service: "unknown_service", error: true, status: "error", orphan: false });
  });

  it("keeps spans that repeat an id apart and makes a span whose parent is missing an orphan root", () => {
    const input = fixture<{ resourceSpans: OtlpResourceSpans[] }>("v1-internal-http/transform-request.otlp2jaeger-in.json");
    const trace = only(fromOtlp(input.resourceSpans));
    expect(trace.spans.map((s) => s.id)).toEqual(["e127af99e3b3e074", "e127af99e3b3e074#2"]);
    expect(trace.spans.every((s) => s.orphan && s.parentId === "909541b92cf05311" && s.spanId === "e127af99e3b3e074")).toBe(true);
    expect(trace.roots).toHaveLength(2);
    expect(trace.warnings).toEqual(["1 span(s) repeat the id of another span of this trace; they are shown as <id>#2, #3, …"]);
    expect(trace.spans[0]!.attributes).toEqual([
      { key: "net.peer.ip", value: "1.2.3.4", type: "string" },
      { key: "peer.service", value: "telemetrygen-client", type: "string" },
    ]);
    expect(trace.spans[0]!.durationUs).toBe(123);
    expect(primaryRoot(trace)!.id).toBe("e127af99e3b3e074");
  });
});

describe("fromOtlp details", () => {
  it("groups spans by trace id across resources, in order of first appearance", () => {
    const other = "1".repeat(32);
    const rs = otlp([
      { id: hexId(1), service: "a", start: 0, dur: 10, traceId: other },
      { id: hexId(2), service: "b", start: 5, dur: 10 },
      { id: hexId(3), parent: hexId(1), service: "b", start: 1, dur: 2, traceId: other },
      { id: hexId(4), parent: hexId(2), service: "a", start: 6, dur: 2 },
    ]);
    const traces = fromOtlp(rs);
    expect(traces.map((t) => t.traceId)).toEqual([other, TRACE_ID]);
    expect(traces.map((t) => t.spans.map((s) => s.id))).toEqual([[hexId(1), hexId(3)], [hexId(2), hexId(4)]]);
    expect(traces.map((t) => t.spans.map((s) => s.service))).toEqual([["a", "b"], ["b", "a"]]);
  });

  it("pads 16-digit trace ids to 32 and lower-cases ids", () => {
    const t = only(fromOtlp([{ scopeSpans: [{ spans: [{ traceId: "00000000000000FF", spanId: "AB", name: "x" }] }] }]));
    expect(t.traceId).toBe(`${"0".repeat(30)}ff`);
    expect(t.spans[0]!.id).toBe("ab");
  });

  it("flattens every attribute type to display strings", () => {
    const attributes: OtlpKeyValue[] = [
      { key: "big", value: { intValue: "9223372036854775222" } },
      { key: "ratio", value: { doubleValue: 0.25 } },
      { key: "nan", value: { doubleValue: "NaN" } },
      { key: "ok", value: { boolValue: false } },
      { key: "blob", value: { bytesValue: "AAAwOQ==" } },
      { key: "list", value: { arrayValue: { values: [{ stringValue: "x" }, { intValue: "2" }, { arrayValue: {} }] } } },
      { key: "db", value: { kvlistValue: { values: [{ key: "name", value: { stringValue: "orders" } }, { key: "pool", value: { kvlistValue: { values: [{ key: "size", value: { intValue: 8 } }] } } }] } } },
      { key: "none" },
    ];
    const t = only(fromOtlp([{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: "a", attributes }] }] }]));
    expect(t.spans[0]!.attributes.map((a) => `${a.key}=${a.value}:${a.type}`)).toEqual([
      "big=9223372036854775222:int",
      "ratio=0.25:double",
      "nan=NaN:double",
      "ok=false:bool",
      "blob=AAAwOQ==:bytes",
      'list=["x", 2, []]:array',
      "db.name=orders:string",
      "db.pool.size=8:int",
      "none=:empty",
    ]);
  });

  it("flags errors by status ERROR or an HTTP status of 500 and more", () => {
    const t = only(fromOtlp(otlp([
      { id: "a", start: 0, dur: 10, error: true },
      { id: "b", parent: "a", start: 1, dur: 1, attrs: { "http.status_code": 503 } },
      { id: "c", parent: "a", start: 2, dur: 1, attrs: { "http.response.status_code": "500" } },
      { id: "d", parent: "a", start: 3, dur: 1, attrs: { "http.status_code": 404 } },
      { id: "e", parent: "a", start: 4, dur: 1 },
    ])));
    expect(t.spans.map((s) => `${s.id}:${s.error}`)).toEqual(["a:true", "b:true", "c:true", "d:false", "e:false"]);
    expect(t.spans.map((s) => s.status)).toEqual(["error", "unset", "unset", "unset", "unset"]);
  });

  it("keeps events relative to the trace start, and marks links to spans of the same trace", () => {
    const rs = otlp([{ id: "a", start: 0, dur: 100 }, { id: "b", parent: "a", start: 10, dur: 20 }]);
    const b = rs[0]!.scopeSpans![0]!.spans![1]!;
    b.events = [{ name: "retry", timeUnixNano: (BASE_NS + 15_500n).toString(), attributes: [{ key: "attempt", value: { intValue: "2" } }] }, { name: "no time" }];
    b.links = [{ traceId: TRACE_ID, spanId: "a" }, { traceId: "f".repeat(32), spanId: "a" }, { traceId: TRACE_ID, spanId: "zz" }];
    b.status = { code: 2, message: "deadline exceeded" };
    const span = spanIndex(only(fromOtlp(rs))).get("b")!;
    expect(span.events).toEqual([
      { name: "retry", timeUs: 15.5, attributes: [{ key: "attempt", value: "2", type: "int" }] },
      { name: "no time", timeUs: 10, attributes: [] },
    ]);
    expect(span.links.map((l) => l.inTrace)).toEqual([true, false, false]);
    expect(span.statusMessage).toBe("deadline exceeded");
  });

  it("orders children and roots by start time whatever the input order", () => {
    const t = only(fromOtlp(otlp([
      { id: "c2", parent: "r", start: 30, dur: 5 },
      { id: "c1", parent: "r", start: 10, dur: 5 },
      { id: "orphan", parent: "gone", start: 5, dur: 1 },
      { id: "r", start: 0, dur: 50 },
      { id: "c3", parent: "r", start: 20, dur: 5 },
    ])));
    expect(t.roots).toEqual(["r", "orphan"]);
    expect(spanIndex(t).get("r")!.children).toEqual(["c1", "c3", "c2"]);
    expect(t.spans.map((s) => s.id)).toEqual(["r", "c1", "c3", "c2", "orphan"]);
    expect(primaryRoot(t)!.id).toBe("r");
  });

  it("breaks parent cycles and self-parents instead of losing the spans", () => {
    const t = only(fromOtlp(otlp([
      { id: "root", start: 0, dur: 100 },
      { id: "x", parent: "y", start: 10, dur: 5 },
      { id: "y", parent: "x", start: 20, dur: 5 },
      { id: "z", parent: "y", start: 21, dur: 1 },
      { id: "self", parent: "self", start: 30, dur: 1 },
    ])));
    expect(t.spans).toHaveLength(5);
    expect(t.roots).toEqual(["root", "x", "self"]);
    expect(t.spans.map((s) => `${s.id}@${s.depth}${s.orphan ? "!" : ""}`)).toEqual(["root@0", "x@0!", "y@1", "z@2", "self@0!"]);
    expect(t.warnings.some((w) => w.includes("cycle"))).toBe(true);
  });

  it("treats a span ending before its start as instant and says so", () => {
    const rs = otlp([{ id: "a", start: 0, dur: 10 }]);
    rs[0]!.scopeSpans![0]!.spans![0]!.endTimeUnixNano = "5";
    const t = only(fromOtlp(rs));
    expect(t.spans[0]!.durationUs).toBe(0);
    expect(t.warnings).toEqual(["1 span(s) end before they start; shown with a duration of 0"]);
  });
});

describe("size", () => {
  it("converts a 20,000-span trace (wide and deep) without quadratic work", () => {
    // 20,000 spans: a root with 100 chains of 199 spans and 99 leaves after them.
    // Takes ~100 ms here (2 cores, while CI runs); an O(n²) child lookup would take seconds.
    const specs: SpanSpec[] = [{ id: "root", start: 0, dur: 1e9 }];
    for (let b = 0; b < 100; b++) {
      for (let d = 0; d < 199; d++) specs.push({ id: `b${b}d${d}`, parent: d === 0 ? "root" : `b${b}d${d - 1}`, start: b * 1000 + d, dur: 500 - d });
    }
    for (let l = 0; l < 99; l++) specs.push({ id: `leaf${l}`, parent: "root", start: 200_000 + l, dur: 1 });
    const t = only(fromOtlp(otlp(specs.reverse())));
    expect(t.spans).toHaveLength(20_000);
    expect(t.roots).toEqual(["root"]);
    expect(spanIndex(t).get("root")!.children).toHaveLength(199);
    expect(spanIndex(t).get("root")!.children.slice(98, 101)).toEqual(["b98d0", "b99d0", "leaf0"]);
    expect(spanIndex(t).get("b42d198")!.depth).toBe(199);
    expect(subtreeSizes(t)[0]).toBe(20_000);
    // tree order: each chain follows its head
    expect(t.spans.slice(1, 4).map((s) => s.id)).toEqual(["b0d0", "b0d1", "b0d2"]);
  });

  it("handles a 10,000-deep chain without recursion", () => {
    const t = only(fromOtlp(otlp(chain(10_000))));
    expect(t.spans.at(-1)!.depth).toBe(9_999);
    expect(subtreeSizes(t).slice(0, 2)).toEqual([10_000, 9_999]);
  });
});

describe("fromOtlp without details (search summaries)", () => {
  it("gives the same summaries as the full model, without attributes, events or links", async () => {
    const { summarize } = await import("./summary");
    const file = (f: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/jaeger", f), "utf8")) as { resourceSpans?: OtlpResourceSpans[]; result?: { resourceSpans: OtlpResourceSpans[] } };
    for (const f of ["v1-internal-http/transform-request.otlp2jaeger-in.json", "v1-internal-http/transform-request.multi.otlp2jaeger-multi-in-combined.json", "api-v3/snapshot.GetTrace.json"]) {
      const body = file(f);
      const rs = body.resourceSpans ?? body.result!.resourceSpans;
      const full = fromOtlp(rs);
      const lean = fromOtlp(rs, { details: false });
      expect(lean.map(summarize), f).toEqual(full.map(summarize));
      for (const s of lean.flatMap((t) => t.spans)) {
        expect(s.events).toEqual([]);
        expect(s.links).toEqual([]);
        expect(s.attributes.every((a) => a.key === "http.status_code" || a.key === "http.response.status_code")).toBe(true);
      }
    }
  });
});
