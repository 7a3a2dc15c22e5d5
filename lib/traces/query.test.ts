import { describe, expect, it } from "vitest";
import { parseGoDuration, parseSearchState, parseTags, serializeSearchState, toTraceQuery, type TraceSearchState } from "./query";

const params = (q: string) => new URLSearchParams(q);
const base: TraceSearchState = { service: "order-service", operation: "", tags: "", minDuration: "", maxDuration: "", limit: 100, range: { kind: "relative", preset: "1h" } };

describe("trace search state", () => {
  it("round-trips through the URL, leaving defaults out", () => {
    const s: TraceSearchState = { ...base, operation: "POST /api/orders", tags: 'http.status_code=500 user.id="u 1"', minDuration: "250ms", limit: 1500, range: { kind: "relative", preset: "6h" } };
    const q = serializeSearchState(s);
    expect(parseSearchState(params(q))).toEqual(s);
    expect(serializeSearchState(base)).toBe("service=order-service");
  });

  it("falls back to the default limit for a limit out of range", () => {
    expect(parseSearchState(params("limit=5000")).limit).toBe(100);
    expect(parseSearchState(params("limit=abc")).limit).toBe(100);
  });

  it("parses Go durations into µs", () => {
    expect(parseGoDuration("250ms")).toBe(250_000);
    expect(parseGoDuration("1.5s")).toBe(1_500_000);
    expect(parseGoDuration("1m30s")).toBe(90_000_000);
    expect(parseGoDuration("800us")).toBe(800);
    expect(parseGoDuration("800µs")).toBe(800);
    for (const bad of ["", "250", "ms", "1.5 s", "1x", "s1"]) expect(parseGoDuration(bad), bad).toBeUndefined();
  });

  it("parses tags, quoted values included, and says where one is wrong", () => {
    expect(parseTags('http.status_code=500  user.id="u \\"1\\""\nerror=true')).toEqual({ ok: true, tags: { "http.status_code": "500", "user.id": 'u "1"', error: "true" } });
    expect(parseTags("")).toEqual({ ok: true, tags: {} });
    expect(parseTags("a=1 b")).toEqual({ ok: false, error: 'expected key=value at character 5 ("b")' });
    expect(parseTags("a=")).toEqual({ ok: false, error: 'a: expected a value after "="' });
    expect(parseTags("a=1 a=2")).toEqual({ ok: false, error: "a: given twice" });
  });

  it("builds the Jaeger query from the console's range", () => {
    const now = Date.UTC(2026, 11, 6, 12, 0, 0);
    const r = toTraceQuery({ ...base, tags: "http.status_code=500", minDuration: "100ms", maxDuration: "2s" }, now);
    expect(r).toEqual({
      ok: true,
      query: { service: "order-service", operation: undefined, startMs: now - 3_600_000, endMs: now, minDurationUs: 100_000, maxDurationUs: 2_000_000, limit: 100, attributes: { "http.status_code": "500" } },
    });
    const abs = toTraceQuery({ ...base, range: { kind: "absolute", from: 1_800_000_000, to: 1_800_000_600 } }, now);
    expect(abs.ok && [abs.query.startMs, abs.query.endMs]).toEqual([1_800_000_000_000, 1_800_000_600_000]);
  });

  it("reports every bad field at once", () => {
    const r = toTraceQuery({ ...base, service: "", tags: "x", minDuration: "2s", maxDuration: "1s", limit: 0 }, 0);
    expect(r.ok ? [] : r.issues.map((i) => i.field)).toEqual(["service", "tags", "maxDuration", "limit"]);
    const d = toTraceQuery({ ...base, minDuration: "fast" }, 0);
    expect(d.ok ? "" : d.issues[0]!.message).toBe('"fast" is not a duration such as 250ms, 1.5s or 2m');
  });
});
