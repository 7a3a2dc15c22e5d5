import { describe, expect, it } from "vitest";
import { burn, duration, pct } from "./format";

describe("SLO figures as shown", () => {
  it("percentages, burn rates and times to exhaustion", () => {
    expect(pct(0.999171)).toBe("99.917%");
    expect(pct(-1.004, 1)).toBe("-100.4%");
    expect(pct(null)).toBe("—");
    expect(burn(0.8321)).toBe("0.83×");
    expect(burn(14.44)).toBe("14.4×");
    expect(duration(null)).toBe("not burning");
    expect(duration(0)).toBe("exhausted");
    expect(duration(5400)).toBe("1.5 h");
    expect(duration(6.3 * 86_400)).toBe("6.3 d");
    expect(duration(17_146 * 86_400)).toBe("over a year");
  });
});
