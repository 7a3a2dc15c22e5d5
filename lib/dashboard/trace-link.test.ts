import { describe, expect, it } from "vitest";
import { consoleTraceLink, traceLink } from "./trace-link";

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
