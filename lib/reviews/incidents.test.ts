import { describe, expect, it } from "vitest";
import type { RangeSeries } from "@/lib/prometheus/types";
import { alertEpisodes, summarizeIncidents } from "./incidents";
import { alertSamplesQuery } from "./queries";

const labels = { __name__: "ALERTS", alertname: "HighErrorRate", service: "order-service", severity: "critical" };
/** samples every `step` s from a to b inclusive */
const samples = (a: number, b: number, step = 15): [number, string][] => {
  const out: [number, string][] = [];
  for (let t = a; t <= b; t += step) out.push([t, "1"]);
  return out;
};

describe("incidents from ALERTS samples (hand-computed)", () => {
  const period = { start: 0, end: 100_000 };

  it("one episode: pending then firing; duration and time to recover", () => {
    const series: RangeSeries[] = [
      { metric: { ...labels, alertstate: "pending" }, values: samples(1000, 1045) },
      { metric: { ...labels, alertstate: "firing" }, values: samples(1060, 2560) },
    ];
    const [i, ...rest] = alertEpisodes(series, period);
    expect(rest).toEqual([]);
    // fired at 1060, last seen 2560, resolved one interval (15 s) later
    expect(i).toMatchObject({ alertname: "HighErrorRate", service: "order-service", severity: "critical", start: 1060, end: 2575, detectedAt: 1000, firingSeconds: 1515, recoverSeconds: 1575, open: false });
  });

  it("a gap longer than two intervals splits episodes; a short one does not", () => {
    const values = [...samples(0 + 1000, 1300), ...samples(1330, 1600), ...samples(5000, 5300)];
    const eps = alertEpisodes([{ metric: { ...labels, alertstate: "firing" }, values }], period);
    expect(eps.map((e) => [e.start, e.end])).toEqual([[1000, 1615], [5000, 5315]]);
    const s = summarizeIncidents(eps);
    expect(s).toEqual({ count: 2, firingSeconds: 615 + 315, mttrSeconds: (615 + 315) / 2, longestSeconds: 615 });
  });

  it("an alert still firing at the period's end is open and ends there; one firing at its start is marked", () => {
    const eps = alertEpisodes([{ metric: { ...labels, alertstate: "firing" }, values: [...samples(15, 300), ...samples(99_700, 100_000)] }], period);
    expect(eps[0]).toMatchObject({ start: 15, openAtStart: true, open: false });
    expect(eps[1]).toMatchObject({ start: 99_700, end: 100_000, open: true });
    // neither counts towards the time to recover: one began before the period, the other has not ended
    expect(summarizeIncidents(eps).mttrSeconds).toBeNull();
  });

  it("learns the interval from the samples (60 s backfill vs 15 s live)", () => {
    const eps = alertEpisodes([{ metric: { ...labels, alertstate: "firing" }, values: samples(6000, 7200, 60) }], period);
    expect(eps[0]).toMatchObject({ start: 6000, end: 7260 });
  });

  it("reads the alerts' raw samples with the dashboard's own selector", () => {
    expect(alertSamplesQuery("order-service", 7 * 86400)).toBe('ALERTS{service="order-service",alertstate=~"pending|firing"}[1w]');
    expect(alertSamplesQuery(undefined, 86400)).toBe('ALERTS{alertstate=~"pending|firing"}[1d]');
    expect(alertSamplesQuery('a"b', 3600)).toBe('ALERTS{service="a\\"b",alertstate=~"pending|firing"}[1h]');
  });
});
