import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTraceFile } from "./file";

const fixture = (f: string) => readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/jaeger", f), "utf8");

describe("a trace opened from a file", () => {
  it("reads OTLP-JSON and Jaeger's api_v3 answer alike", () => {
    const otlp = parseTraceFile(fixture("v1-internal-http/transform-request.otlp2jaeger-in.json"), "a.json");
    const v3 = parseTraceFile(fixture("api-v3/snapshot.GetTrace.json"), "b.json");
    expect(otlp.ok && otlp.trace.spans.length).toBeGreaterThan(0);
    expect(v3.ok && v3.trace.spans.length).toBeGreaterThan(0);
  });

  it("opens the largest trace of a file holding several, and says how many others", () => {
    const a = JSON.parse(fixture("v1-internal-http/transform-request.multi.otlp2jaeger-multi-in-combined.json")) as { resourceSpans: unknown[] };
    const b = JSON.parse(fixture("v1-internal-http/transform-request.otlp2jaeger-in.json")) as { resourceSpans: unknown[] };
    const res = parseTraceFile(JSON.stringify({ resourceSpans: [...b.resourceSpans, ...a.resourceSpans] }), "two.json");
    const alone = parseTraceFile(JSON.stringify(a), "a.json");
    expect(res.ok && alone.ok).toBe(true);
    if (res.ok && alone.ok) {
      expect(res.others).toBe(1);
      expect(res.trace.spans.length).toBeGreaterThanOrEqual(alone.trace.spans.length);
    }
  });

  it("says precisely what is wrong with a file that is not a trace", () => {
    expect(parseTraceFile("{not json", "x.json")).toMatchObject({ ok: false, error: expect.stringMatching(/^x\.json: not JSON \(/) });
    expect(parseTraceFile('{"data": []}', "v1.json")).toEqual({ ok: false, error: 'v1.json: not an OTLP trace: expected "resourceSpans" (or Jaeger\'s "result.resourceSpans") at the top level' });
    expect(parseTraceFile('{"resourceSpans": []}', "empty.json")).toEqual({ ok: false, error: "empty.json: the file holds no spans" });
    expect(parseTraceFile("null", "null.json")).toMatchObject({ ok: false });
  });
});
