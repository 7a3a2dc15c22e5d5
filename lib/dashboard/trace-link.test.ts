import { describe, expect, it } from "vitest";
import { consoleTraceLink, traceLink, tracesHref, typicalP95 } from "./trace-link";

describe("traceLink", () => {
  it("links a hex trace id under the UI's /trace/", () => {
    expect(traceLink("https://jaeger.example.com/", "4BF92F3577B34DA6A3CE929D0E0E4736")).toBe("https://jaeger.example.com/trace/4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("gives no link for anything that is not a trace id, or without a UI address", () => {
    for (const bad of ["../../admin", "abc?x=1", "javascript:alert(1)", "a".repeat(33), "", "12 34"]) expect(traceLink("https://jaeger.example.com", bad)).toBeUndefined();
    expect(traceLink(undefined, "abc")).toBeUndefined();
  });
});

describe("consoleTraceLink", () => {
  it("links a hex trace id to the console's trace page, lower-cased", () => {
    expect(consoleTraceLink("4BF92F3577B34DA6A3CE929D0E0E4736")).toBe("/traces/4bf92f3577b34da6a3ce929d0e0e4736");
  });
  it("gives no link for anything that is not a trace id", () => {
    for (const bad of ["../../admin", "abc?x=1", "a".repeat(33), ""]) expect(consoleTraceLink(bad)).toBeUndefined();
  });
});

describe("traces from a dashboard", () => {
  it("takes the slowest series at each time, then the median over time", () => {
    const series = [
      { name: "GET /a", points: [[1, 0.1], [2, 0.3], [3, null], [4, 0.2]] as [number, number | null][] },
      { name: "GET /b", points: [[1, 0.2], [2, 0.1], [3, 0.5], [4, 0.1]] as [number, number | null][] },
    ];
    // per time: 0.2, 0.3, 0.5, 0.2 → sorted 0.2 0.2 0.3 0.5 → median (index 2) 0.3
    expect(typicalP95(series)).toBe(0.3);
    expect(typicalP95([])).toBeUndefined();
  });
  it("links the search for the service over the dashboard's window, slower than the given latency", () => {
    expect(tracesHref("order-service", { kind: "absolute", from: 1_800_000_000, to: 1_800_000_600 }, 0.2374)).toBe(
      "/traces?from=2027-01-15T08%3A00%3A00Z&to=2027-01-15T08%3A10%3A00Z&service=order-service&minDuration=237ms",
    );
    expect(tracesHref("order-service", { kind: "relative", preset: "6h" })).toBe("/traces?range=6h&service=order-service");
  });
});
