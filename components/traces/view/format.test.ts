import { describe, expect, it } from "vitest";
import { barPlacement, dashboardHref, formatDeltaUs, formatUs, hashHue, rulerTicks, serviceColor, startMsOf } from "./format";

describe("formatUs", () => {
  it("picks µs, ms, s or min", () => {
    expect(formatUs(0)).toBe("0 µs");
    expect(formatUs(850)).toBe("850 µs");
    expect(formatUs(1.234)).toBe("1.23 µs");
    expect(formatUs(12_400)).toBe("12.4 ms");
    expect(formatUs(1_250_000)).toBe("1.25 s");
    expect(formatUs(150_000_000)).toBe("2.5 min");
  });

  it("signs differences", () => {
    expect(formatDeltaUs(1200)).toBe("+1.2 ms");
    expect(formatDeltaUs(-300)).toBe("−300 µs");
    expect(formatDeltaUs(0)).toBe("0 µs");
  });
});

describe("serviceColor", () => {
  it("is stable and spreads names", () => {
    expect(serviceColor("checkout")).toBe(serviceColor("checkout"));
    const hues = new Set(["frontend", "checkout", "payment", "inventory", "user", "catalog"].map(hashHue));
    expect(hues.size).toBeGreaterThan(4);
    for (const h of hues) expect(h).toBeGreaterThanOrEqual(0);
  });
});

describe("rulerTicks", () => {
  it("labels 0, 25 %, …, 100 % of the window relative to the trace start", () => {
    expect(rulerTicks(0, 4000).map((t) => t.label)).toEqual(["0 µs", "1 ms", "2 ms", "3 ms", "4 ms"]);
    expect(rulerTicks(1000, 2000)[2]).toEqual({ fraction: 0.5, label: "1.5 ms" });
  });
});

describe("startMsOf / dashboardHref", () => {
  it("keeps sub-ms precision of nanoseconds beyond 2^53", () => {
    expect(startMsOf("1711138246940000123")).toBeCloseTo(1711138246940.000123, 6);
    expect(startMsOf("x")).toBe(0);
  });

  it("opens the dashboard 5 minutes around the trace", () => {
    const href = dashboardHref("check out", Date.UTC(2024, 2, 22, 12, 0, 0), 2_000_000);
    expect(href).toBe("/services/check%20out?from=2024-03-22T11%3A55%3A00.000Z&to=2024-03-22T12%3A05%3A02.000Z");
  });
});

describe("barPlacement", () => {
  it("places a bar in % of the window and clips it", () => {
    expect(barPlacement(25, 50, 0, 100)).toEqual({ left: 25, width: 50 });
    expect(barPlacement(0, 100, 50, 100)).toEqual({ left: 0, width: 100 });
    expect(barPlacement(0, 10, 50, 100)).toBeUndefined();
    expect(barPlacement(100, 0, 0, 100)).toEqual({ left: 100, width: 0 });
  });
});
