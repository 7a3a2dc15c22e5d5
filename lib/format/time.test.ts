import { describe, expect, it } from "vitest";
import { formatTick, formatTimestamp } from "./time";

describe("time formatting", () => {
  const t = Date.UTC(2026, 10, 27, 14, 5, 9) / 1000;
  it("shows UTC when asked", () => {
    expect(formatTick(t, 3600, "utc")).toBe("14:05");
    expect(formatTick(t, 7 * 86400, "utc")).toBe("27 Nov");
    expect(formatTimestamp(t, "utc")).toBe("2026-11-27 14:05:09 UTC");
  });
});
