import { describe, expect, it } from "vitest";
import { lastComplete } from "../../lib/reviews/period";
import { pastIncidents } from "./history";

describe("the past incidents of the demo's history", () => {
  it("put at least one order-service incident in last week's review, whatever the day and hour the demo starts", () => {
    const monday = Date.parse("2026-11-30T00:00:00Z") / 1000;
    for (let h = 0; h < 7 * 24; h++) {
      const end = monday + h * 3600 + 1234;
      const week = lastComplete("week", end);
      const inWeek = pastIncidents(end, 14 * 86400).filter((i) => i.service === "order-service" && i.start >= week.start && i.end <= week.end);
      expect(inWeek.length, `demo started ${new Date(end * 1000).toISOString()}`).toBeGreaterThan(0);
    }
  });
});
