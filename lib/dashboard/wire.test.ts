import { describe, expect, it } from "vitest";
import type { DashboardData } from "./types";
import { dashboardFromWire, dashboardToWire } from "./wire";

describe("dashboard wire format", () => {
  it("round-trips every panel (series, previous period, failures) unchanged", () => {
    const d: DashboardData = {
      service: "order-service",
      range: { start: 1000, end: 1120, step: 60 },
      titles: [
        { id: "rate", title: "Request Rate" },
        { id: "cpu", title: "CPU" },
      ],
      panels: [
        {
          ok: true,
          warnings: ["a warning"],
          data: {
            id: "rate",
            title: "Request Rate",
            description: "d",
            unit: "reqps",
            kind: "line",
            queries: ["q"],
            series: [{ name: "200", points: [[1000, 1], [1060, null], [1120, 3]] }],
            previous: [{ name: "200", points: [[1000, 2], [1060, 2], [1120, 2]] }],
          },
        },
        { ok: false, error: { backend: "prometheus", kind: "timeout", message: "prometheus did not answer within 4s" } },
      ],
    };
    const wire = dashboardToWire(d);
    expect(wire.panels[0]).toMatchObject({ ok: true, data: { series: [{ start: 1000, step: 60, values: [1, null, 3] }] } });
    expect(dashboardFromWire(JSON.parse(JSON.stringify(wire)))).toEqual(d);
  });
});
