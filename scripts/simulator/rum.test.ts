import { describe, expect, it } from "vitest";
import { rateVital } from "@/lib/dashboard/web-vitals";
import { PAGES, SERVICES } from "./catalog";
import { serviceConditions, Simulation, type Series } from "./model";
import { mixtureQuantile, pageVitals, vitalCdf, vitalQuantile, VITAL_BUCKETS, VITAL_METRIC, type Vital } from "./rum";

const T0 = Date.UTC(2026, 10, 24, 0, 0, 0) / 1000; // a Tuesday
const PEAK = T0 + 14 * 3600;

const label = (s: Series, k: string) => s.labels.find(([n]) => n === k)?.[1];

/** Prometheus's histogram_quantile over a page's buckets: linear inside the bucket holding the rank. */
function bucketQuantile(sim: Simulation, vital: Vital, page: string, q: number, before?: Map<Series, number>): number {
  const buckets = sim.series
    .filter((s) => s.name === `${VITAL_METRIC[vital]}_bucket` && label(s, "page") === page)
    .map((s) => ({ le: label(s, "le") === "+Inf" ? Infinity : Number(label(s, "le")), n: Math.floor(s.value) - Math.floor(before?.get(s) ?? 0) }))
    .sort((a, b) => a.le - b.le);
  const rank = q * buckets[buckets.length - 1]!.n;
  let lower = 0;
  let below = 0;
  for (const b of buckets) {
    if (b.n >= rank) return b.le === Infinity ? lower : lower + ((b.le - lower) * (rank - below)) / (b.n - below);
    lower = b.le;
    below = b.n;
  }
  return NaN;
}

/** The page's p75 in the model at its service's conditions at `t` (no incidents). */
function modelP75(page: (typeof PAGES)[number], vital: Vital, t: number) {
  const index = SERVICES.findIndex((s) => s.name === page.service);
  const c = serviceConditions(SERVICES[index]!, index, t, []);
  return vitalQuantile(pageVitals(page, c.requestFactor)[vital], 0.75);
}

describe("web vitals distributions", () => {
  it("inverts its CDF, zeros included (CLS)", () => {
    const d = { zero: 0.4, median: 0.05, sigma: 0.9 };
    for (const q of [0.5, 0.75, 0.95]) expect(vitalCdf(d, vitalQuantile(d, q))).toBeCloseTo(q, 6);
    expect(vitalQuantile(d, 0.3)).toBe(0); // 40 % of page loads shift nothing
    expect(vitalQuantile({ zero: 0, median: 2, sigma: 0.5 }, 0.5)).toBeCloseTo(2, 6);
    const mixed = mixtureQuantile([{ d: { zero: 0, median: 1, sigma: 0.5 }, weight: 1 }, { d: { zero: 0, median: 1, sigma: 0.5 }, weight: 3 }], 0.75);
    expect(mixed).toBeCloseTo(vitalQuantile({ zero: 0, median: 1, sigma: 0.5 }, 0.75), 6);
  });

  it("puts the pages' p75 in realistic ranges at the daily peak, one page's LCP needing improvement", () => {
    const lcp = PAGES.map((p) => modelP75(p, "lcp", PEAK));
    for (const v of lcp) {
      expect(v).toBeGreaterThanOrEqual(1.8);
      expect(v).toBeLessThanOrEqual(3);
    }
    expect(lcp.filter((v) => rateVital("lcp", v) === "needs-improvement")).toHaveLength(1);
    expect(rateVital("lcp", modelP75(PAGES.find((p) => p.page === "/products/{id}")!, "lcp", PEAK))).toBe("needs-improvement");
    for (const p of PAGES) {
      const inp = modelP75(p, "inp", PEAK);
      const cls = modelP75(p, "cls", PEAK);
      expect(inp, p.page).toBeGreaterThanOrEqual(0.12);
      expect(inp, p.page).toBeLessThanOrEqual(0.25);
      expect(cls, p.page).toBeGreaterThanOrEqual(0.02);
      expect(cls, p.page).toBeLessThanOrEqual(0.15);
    }
  });

  it("fills the histograms so that their p75 is the model's, within the bucket", () => {
    const sim = new Simulation(PEAK - 300);
    sim.advanceTo(PEAK, 60);
    for (const page of PAGES) {
      for (const vital of ["lcp", "inp", "cls"] as Vital[]) {
        const expected = modelP75(page, vital, PEAK - 30);
        const got = bucketQuantile(sim, vital, page.page, 0.75);
        const bounds = [0, ...VITAL_BUCKETS[vital]];
        const i = bounds.findIndex((b) => b >= expected);
        expect(got, `${page.page} ${vital}`).toBeGreaterThanOrEqual(bounds[i - 1]!);
        expect(got, `${page.page} ${vital}`).toBeLessThanOrEqual(bounds[i]!);
      }
    }
  });

  it("worsens LCP and INP of the backend's page during a latency incident, and only there", () => {
    const incident = { id: "x", service: "order-service", kind: "latency" as const, start: PEAK, end: PEAK + 900, magnitude: 5 };
    const quiet = new Simulation(PEAK);
    const slow = new Simulation(PEAK, [incident]);
    quiet.advanceTo(PEAK + 600, 5);
    slow.advanceTo(PEAK + 600, 5);
    const lcpQuiet = bucketQuantile(quiet, "lcp", "/orders", 0.75);
    const lcpSlow = bucketQuantile(slow, "lcp", "/orders", 0.75);
    expect(rateVital("lcp", lcpQuiet)).toBe("good");
    expect(lcpSlow).toBeGreaterThan(lcpQuiet + 1);
    expect(rateVital("lcp", lcpSlow)).not.toBe("good");
    expect(bucketQuantile(slow, "inp", "/orders", 0.75)).toBeGreaterThan(bucketQuantile(quiet, "inp", "/orders", 0.75) * 1.2);
    expect(bucketQuantile(slow, "lcp", "/cart", 0.75)).toBeCloseTo(bucketQuantile(quiet, "lcp", "/cart", 0.75), 6);
  });

  it("labels every page with the service whose API it calls, and counts INP only for page loads with an interaction", () => {
    const sim = new Simulation(PEAK);
    sim.advanceTo(PEAK + 120, 60);
    for (const page of PAGES) {
      const counts = sim.series.filter((s) => s.name.endsWith("_count") && s.name.startsWith("browser_web_vital") && label(s, "page") === page.page);
      expect(counts).toHaveLength(3);
      for (const s of counts) {
        expect(s.target).toBe(page.service);
        expect(label(s, "service")).toBe(page.service);
      }
      const lcp = counts.find((s) => s.name === "browser_web_vital_lcp_seconds_count")!.value;
      const inp = counts.find((s) => s.name === "browser_web_vital_inp_seconds_count")!.value;
      expect(inp / lcp).toBeCloseTo(page.interactive, 6);
    }
  });
});
