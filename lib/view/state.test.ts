import { describe, expect, it } from "vitest";
import { decodeSegment, DEFAULT_VIEW, parseViewState, refreshIntervalMs, resolveRange, serializeViewState } from "./state";

const params = (q: string) => new URLSearchParams(q);

describe("view state in the URL", () => {
  it("round-trips every field", () => {
    const state = parseViewState(params("from=2026-11-20T10:00:00Z&to=2026-11-20T12:30:00Z&refresh=30s&compare=1&tz=utc"));
    expect(state).toEqual({
      range: { kind: "absolute", from: Date.UTC(2026, 10, 20, 10) / 1000, to: Date.UTC(2026, 10, 20, 12, 30) / 1000 },
      refresh: "30s",
      compare: true,
      tz: "utc",
    });
    expect(parseViewState(params(serializeViewState(state)))).toEqual(state);
  });

  it("keeps default links short", () => {
    expect(serializeViewState(DEFAULT_VIEW)).toBe("");
    expect(serializeViewState({ ...DEFAULT_VIEW, range: { kind: "relative", preset: "7d" } })).toBe("range=7d");
  });

  it("falls back to defaults on nonsense instead of failing", () => {
    expect(parseViewState(params("range=1y&refresh=1s&tz=mars&from=yesterday&to=today"))).toEqual(DEFAULT_VIEW);
    // an absolute range that ends before it starts is ignored
    expect(parseViewState(params("from=2026-11-20T12:00:00Z&to=2026-11-20T10:00:00Z")).range.kind).toBe("relative");
  });

  it("accepts unix seconds for from/to", () => {
    expect(parseViewState(params("from=1700000000&to=1700003600")).range).toEqual({ kind: "absolute", from: 1700000000, to: 1700003600 });
  });
});

describe("resolveRange and refresh", () => {
  it("resolves a preset against now", () => {
    expect(resolveRange({ kind: "relative", preset: "6h" }, 100_000)).toEqual({ from: 100_000 - 21600, to: 100_000 });
  });

  it("never refreshes faster than the step", () => {
    expect(refreshIntervalMs("10s", 60)).toBe(60_000);
    expect(refreshIntervalMs("1m", 15)).toBe(60_000);
    expect(refreshIntervalMs("off", 15)).toBe(false);
  });
});

describe("decodeSegment", () => {
  it("decodes, and refuses a malformed escape instead of throwing", () => {
    expect(decodeSegment("order%2Dservice")).toBe("order-service");
    expect(decodeSegment("%E0%A4%A")).toBeUndefined();
    expect(decodeSegment("%")).toBeUndefined();
  });
});
