import { describe, expect, it } from "vitest";
import type { TraceSummary } from "@/lib/traces/summary";
import { formatTimestamp } from "@/lib/format/time";
import { durationAxis, formatDurationMs, formatDurationUs, formatStartMs, plural, traceHref } from "./format";
import { DEFAULT_SORT, nextSort, sortSummaries } from "./sort";

describe("trace durations as shown", () => {
  it("picks µs, ms, s, min with three significant digits", () => {
    expect(formatDurationUs(0)).toBe("0 µs");
    expect(formatDurationUs(7)).toBe("7 µs");
    expect(formatDurationUs(845)).toBe("845 µs");
    expect(formatDurationUs(1000)).toBe("1 ms");
    expect(formatDurationUs(12_345)).toBe("12.3 ms");
    expect(formatDurationUs(250_000)).toBe("250 ms");
    expect(formatDurationUs(1_237_000)).toBe("1.24 s");
    expect(formatDurationUs(42_000_000)).toBe("42 s");
    expect(formatDurationUs(150_000_000)).toBe("2.5 min");
    expect(formatDurationUs(2 * 3600e6)).toBe("2 h");
    expect(formatDurationMs(12.3)).toBe("12.3 ms");
  });

  it("rounds before choosing the unit", () => {
    expect(formatDurationUs(999.7)).toBe("1 ms");
    expect(formatDurationUs(999_700)).toBe("1 s");
    expect(formatDurationUs(0.4)).toBe("0.4 µs");
  });

  it("never prints NaN", () => {
    expect(formatDurationUs(Number.NaN)).toBe("—");
    expect(formatDurationUs(-1500)).toBe("-1.5 ms");
  });

  it("counts", () => {
    expect(plural(1, "trace")).toBe("1 trace");
    expect(plural(1500, "trace")).toBe("1,500 traces");
    expect(plural(0, "trace")).toBe("0 traces");
  });
});

describe("start times and links", () => {
  it("writes starts as formatTimestamp does, with one shared formatter", () => {
    for (const ms of [Date.UTC(2026, 5, 12, 7, 41, 10, 250), Date.UTC(2025, 0, 1, 13, 5, 9)]) expect(formatStartMs(ms)).toBe(formatTimestamp(ms / 1000, "local"));
    expect(formatStartMs(new Date(2026, 0, 2, 0, 5, 0).getTime())).toBe("02/01/2026, 00:05:00");
    expect(formatStartMs(Number.NaN)).toBe("—");
  });

  it("links a trace by its id", () => {
    expect(traceHref("4bf92f3577b34da6a3ce929d0e0e4736")).toBe("/traces/4bf92f3577b34da6a3ce929d0e0e4736");
  });
});

describe("the duration axis", () => {
  it("stays linear up to a 100× spread", () => {
    expect(durationAxis([]).scale).toBe("linear");
    expect(durationAxis([2, 150, 200]).scale).toBe("linear");
  });

  it("goes logarithmic beyond, with powers of ten around the data", () => {
    expect(durationAxis([0.8, 12, 2400])).toEqual({ scale: "log", domain: [0.1, 10_000], ticks: [0.1, 1, 10, 100, 1000, 10_000] });
    expect(durationAxis([0, 5]).scale).toBe("log");
  });
});

const row = (traceId: string, startMs: number, durationUs: number, extra: Partial<TraceSummary> = {}): TraceSummary => ({
  traceId,
  rootService: "shop",
  rootOperation: "GET /",
  startNs: String(startMs * 1e6),
  startMs,
  durationUs,
  spanCount: 1,
  errorCount: 0,
  orphanCount: 0,
  services: [{ name: "shop", spanCount: 1, errorCount: 0 }],
  ...extra,
});

describe("sorting the trace table", () => {
  const rows = [row("a", 1000, 50), row("b", 3000, 10, { errorCount: 2 }), row("c", 2000, 50, { rootOperation: "A /x" })];

  it("newest first by default, without touching the input", () => {
    expect(sortSummaries(rows, DEFAULT_SORT).map((r) => r.traceId)).toEqual(["b", "c", "a"]);
    expect(rows.map((r) => r.traceId)).toEqual(["a", "b", "c"]);
  });

  it("by any column, ties newest first", () => {
    expect(sortSummaries(rows, { key: "duration", dir: "desc" }).map((r) => r.traceId)).toEqual(["c", "a", "b"]);
    expect(sortSummaries(rows, { key: "duration", dir: "asc" }).map((r) => r.traceId)).toEqual(["b", "c", "a"]);
    expect(sortSummaries(rows, { key: "errors", dir: "desc" })[0]!.traceId).toBe("b");
    expect(sortSummaries(rows, { key: "root", dir: "asc" })[0]!.traceId).toBe("c");
  });

  it("a header click flips the column or starts a new one", () => {
    expect(nextSort(DEFAULT_SORT, "start")).toEqual({ key: "start", dir: "asc" });
    expect(nextSort(DEFAULT_SORT, "duration")).toEqual({ key: "duration", dir: "desc" });
    expect(nextSort(DEFAULT_SORT, "root")).toEqual({ key: "root", dir: "asc" });
  });
});
