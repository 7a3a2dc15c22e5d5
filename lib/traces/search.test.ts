import { describe, expect, it } from "vitest";
import { fromOtlp } from "./model";
import { searchSpans } from "./search";
import { otlp } from "./testing";

/** Finding spans in a trace by text, attribute and share of the trace's duration. */

const rs = otlp([
  { id: "r", service: "frontend", op: "GET /checkout", start: 0, dur: 1000, attrs: { "http.route": "/checkout" } },
  { id: "c", parent: "r", service: "cart", op: "GetCart", start: 10, dur: 600, attrs: { "rpc.system": "grpc", "cart.size": 3 } },
  { id: "d", parent: "c", service: "db", op: "SELECT", start: 20, dur: 100, attrs: { "db.statement": "SELECT * FROM Orders" } },
  { id: "e", parent: "r", service: "db", op: "INSERT", start: 700, dur: 50, error: true },
]);
rs.find((r) => r.resource?.attributes?.[0]?.value?.stringValue === "db")!.resource!.attributes!.push({ key: "host.name", value: { stringValue: "db-7" } });
const e = rs.flatMap((r) => r.scopeSpans![0]!.spans!).find((s) => s.spanId === "e")!;
e.events = [{ name: "Deadlock detected" }];
e.status = { code: 2, message: "constraint violated" };
const trace = fromOtlp(rs)[0]!;

describe("searchSpans", () => {
  it("matches text case-insensitively in names, attribute keys and values, resource attributes, events and status", () => {
    expect(searchSpans(trace, { text: "checkout" })).toEqual(["r"]);
    expect(searchSpans(trace, { text: "orders" })).toEqual(["d"]);
    expect(searchSpans(trace, { text: "RPC.SYS" })).toEqual(["c"]);
    expect(searchSpans(trace, { text: "db-7" })).toEqual(["d", "e"]);
    expect(searchSpans(trace, { text: "deadlock" })).toEqual(["e"]);
    expect(searchSpans(trace, { text: "violated" })).toEqual(["e"]);
    expect(searchSpans(trace, { text: "nothing like it" })).toEqual([]);
  });

  it("matches an attribute by key, or by key and exact display value", () => {
    expect(searchSpans(trace, { attribute: { key: "cart.size" } })).toEqual(["c"]);
    expect(searchSpans(trace, { attribute: { key: "cart.size", value: "3" } })).toEqual(["c"]);
    expect(searchSpans(trace, { attribute: { key: "cart.size", value: "4" } })).toEqual([]);
    expect(searchSpans(trace, { attribute: { key: "service.name", value: "db" } })).toEqual(["d", "e"]);
  });

  it("keeps spans taking at least a share of the trace, and ANDs the criteria", () => {
    expect(searchSpans(trace, { minShare: 0.5 })).toEqual(["r", "c"]);
    expect(searchSpans(trace, { minShare: 0.1 })).toEqual(["r", "c", "d"]);
    expect(searchSpans(trace, { text: "db", minShare: 0.1 })).toEqual(["d"]);
    expect(searchSpans(trace, {})).toEqual(["r", "c", "d", "e"]);
  });
});
