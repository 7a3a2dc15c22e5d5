import { beforeAll, describe, expect, it } from "vitest";
import { resetConfigCache } from "@/lib/config";
import { loadDashboard } from "@/lib/dashboard/load";
import type { PanelResult } from "@/lib/dashboard/types";
import { rateVital } from "@/lib/dashboard/web-vitals";
import { DATA_RESOLUTION, rateWindowSeconds } from "@/lib/promql/time-range";
import { LCP_BUCKETS, PAGES, SERVICES } from "@/scripts/simulator/catalog";
import { pastIncidents } from "@/scripts/simulator/history";
import { serviceConditions } from "@/scripts/simulator/model";
import { mixtureQuantile, pageVitals } from "@/scripts/simulator/rum";
import { env } from "./env";

/**
 * Real users and the data layer on the real stack: the web-vitals, CDN and
 * replication panels of the service dashboards, read through the console's loader
 * from the simulator's 48 h of history in Prometheus, and checked against the
 * simulator's model itself (its distributions' quantiles), not against PromQL.
 */

const HISTORY = 48 * 3600;

beforeAll(() => {
  process.env.PROMETHEUS_URL = env.prometheusUrl;
  resetConfigCache();
});

async function panel(service: string, id: string, from: number, to: number): Promise<{ data: PanelResult; step: number }> {
  const d = await loadDashboard({ service, range: { kind: "absolute", from, to }, widthPx: 600, compare: false, only: [id] });
  const p = d.panels[0];
  if (!p?.ok) throw new Error(`${id} of ${service} failed: ${JSON.stringify(p)}`);
  return { data: p.data, step: d.range.step };
}

const values = (data: PanelResult, name: string) =>
  (data.series.find((s) => s.name === name)?.points ?? []).filter((p): p is [number, number] => p[1] !== null);

/**
 * The model's p75 LCP of a page at `t` for a rate window `w`: the backfill holds one
 * sample a minute, each minute's page loads drawn from the model's distribution at its
 * middle; rate() over (t − w, t] sees the minutes after its first sample, each
 * weighted by its page loads.
 */
function modelP75(pagePath: string, t: number, w: number): number {
  const page = PAGES.find((p) => p.page === pagePath)!;
  const index = SERVICES.findIndex((s) => s.name === page.service);
  const incidents = pastIncidents(env.historyEnd, HISTORY);
  const samples: number[] = [];
  for (let e = Math.ceil((t - w + 1) / 60) * 60; e <= t; e += 60) samples.push(e);
  const parts = samples.slice(1).map((e) => {
    const c = serviceConditions(SERVICES[index]!, index, e - 30, incidents);
    return { d: pageVitals(page, c.requestFactor).lcp, weight: page.peakViews * c.load * 60 };
  });
  return mixtureQuantile(parts, 0.75);
}

/** The histogram bucket [lower, upper] holding `v`. */
function bucketOf(v: number, bounds: number[]): [number, number] {
  const upper = bounds.findIndex((b) => b >= v);
  return upper < 0 ? [bounds[bounds.length - 1]!, Infinity] : [bounds[upper - 1] ?? 0, bounds[upper]!];
}

describe("web vitals, CDN and replicas against the real Prometheus", () => {
  it("shows a page's p75 LCP as the simulator's model has it, within bucket resolution", async () => {
    const from = env.historyEnd - 4 * 3600;
    const to = env.historyEnd - 3600;
    const { data, step } = await panel("catalog-service", "web-vitals-lcp", from, to);
    expect(new Set(data.series.map((s) => s.name))).toEqual(new Set(["/", "/products/{id}"]));
    expect(data.thresholds?.map((t) => t.value)).toEqual([2.5, 4]);
    const w = rateWindowSeconds(step, DATA_RESOLUTION.scrapeSeconds);
    for (const page of ["/", "/products/{id}"]) {
      const points = values(data, page);
      expect(points.length, page).toBeGreaterThan(100);
      for (const [t, v] of points) {
        const expected = modelP75(page, t, w);
        const [lower, upper] = bucketOf(expected, LCP_BUCKETS);
        // histogram_quantile interpolates inside the bucket that holds the rank
        expect(v, `${page} at ${t}: model ${expected.toFixed(3)} in (${lower}, ${upper}]`).toBeGreaterThanOrEqual(lower - 0.01);
        expect(v, `${page} at ${t}: model ${expected.toFixed(3)} in (${lower}, ${upper}]`).toBeLessThanOrEqual(upper + 0.01);
      }
    }
    // the product page needs improvement, the home page is good (at the latest point)
    expect(rateVital("lcp", values(data, "/products/{id}").at(-1)![1])).toBe("needs-improvement");
    expect(rateVital("lcp", values(data, "/").at(-1)![1])).toBe("good");
  });

  it("shows no data, without failing, where a service has no pages or no CDN", async () => {
    const from = env.historyEnd - 3 * 3600;
    const to = env.historyEnd;
    for (const id of ["web-vitals-lcp", "web-vitals-inp", "web-vitals-cls"]) {
      const { data } = await panel("user-service", id, from, to);
      expect(data.series, id).toEqual([]);
    }
    expect((await panel("order-service", "cdn-hit-ratio", from, to)).data.series).toEqual([]);
  });

  it("serves catalog-service's assets from the CDN at 90–95 %, reads from the replica, with tens of milliseconds of lag", async () => {
    const from = env.historyEnd - 6 * 3600;
    const to = env.historyEnd;
    const cdn = values((await panel("catalog-service", "cdn-hit-ratio", from, to)).data, "all POPs");
    expect(cdn.length).toBeGreaterThan(100);
    const mean = cdn.reduce((a, [, v]) => a + v, 0) / cdn.length;
    expect(mean).toBeGreaterThan(0.9);
    expect(mean).toBeLessThan(0.95);

    const db = (await panel("order-service", "db-replica-latency", from, to)).data;
    expect(new Set(db.series.map((s) => s.name))).toEqual(new Set(["primary", "replica"]));
    // order-service's reads (select, median 4 ms) are faster than its writes (insert, 8 ms)
    const p95 = (role: string) => values(db, role).reduce((a, [, v]) => a + v, 0) / values(db, role).length;
    expect(p95("replica")).toBeLessThan(p95("primary"));

    const lag = (await panel("order-service", "replication-lag", from, to)).data;
    const lags = lag.series.flatMap((s) => s.points.map(([, v]) => v)).filter((v): v is number => v !== null).sort((a, b) => a - b);
    expect(lags.length).toBeGreaterThan(100);
    const median = lags[Math.floor(lags.length / 2)]!;
    expect(median).toBeGreaterThan(0.005);
    expect(median).toBeLessThan(0.1);
  });
});
