import { CLS_BUCKETS, INP_BUCKETS, LCP_BUCKETS, type PageSpec, type VitalShape } from "./catalog";
import { histogramHandle, observe, type HistogramHandle } from "./histogram";
import type { SeriesGetter } from "./model";
import { normalCdf } from "./stats";

/**
 * Real User Monitoring as an OpenTelemetry pipeline exports it: the browser's
 * `@opentelemetry/instrumentation-web-vitals` emits one `browser.web_vital` event
 * per page load and vital, the Collector's `signaltometrics` connector aggregates
 * them into one explicit-bucket histogram per vital with the page's route as the
 * `page` attribute, and the Prometheus exporter names them the OTel way (dots to
 * underscores, unit `s` → `_seconds`, unit `1` → no suffix). The backend the page
 * mostly calls is the `service` label. Pure: a function of the page and of its
 * backend's latency factor.
 */

export type Vital = "lcp" | "inp" | "cls";
export const VITALS: Vital[] = ["lcp", "inp", "cls"];

export const VITAL_METRIC: Record<Vital, string> = {
  lcp: "browser_web_vital_lcp_seconds",
  inp: "browser_web_vital_inp_seconds",
  cls: "browser_web_vital_cls",
};

export const VITAL_BUCKETS: Record<Vital, number[]> = { lcp: LCP_BUCKETS, inp: INP_BUCKETS, cls: CLS_BUCKETS };

export const RUM_FAMILIES = [
  { name: VITAL_METRIC.lcp, type: "histogram" as const, help: "Largest Contentful Paint of page loads (browser.web_vital events, name LCP).", unit: "seconds" },
  { name: VITAL_METRIC.inp, type: "histogram" as const, help: "Interaction to Next Paint of page loads with an interaction (browser.web_vital events, name INP).", unit: "seconds" },
  { name: VITAL_METRIC.cls, type: "histogram" as const, help: "Cumulative Layout Shift of page loads (browser.web_vital events, name CLS)." },
];

/** A vital's distribution: a share of exact zeros, the rest lognormal. */
export interface VitalDistribution {
  zero: number;
  median: number;
  sigma: number;
}

export function vitalDistribution(shape: VitalShape, requestFactor: number): VitalDistribution {
  return { zero: shape.zero ?? 0, median: shape.base + shape.api * requestFactor, sigma: shape.sigma };
}

/** The three distributions of a page when its backend's latency is `requestFactor` × normal. */
export function pageVitals(page: PageSpec, requestFactor: number): Record<Vital, VitalDistribution> {
  return {
    lcp: vitalDistribution(page.lcp, requestFactor),
    inp: vitalDistribution(page.inp, requestFactor),
    cls: vitalDistribution(page.cls, requestFactor),
  };
}

export function vitalCdf(d: VitalDistribution, x: number): number {
  if (x < 0) return 0;
  if (x === 0) return d.zero;
  return d.zero + (1 - d.zero) * normalCdf((Math.log(x) - Math.log(d.median)) / d.sigma);
}

export function vitalMean(d: VitalDistribution): number {
  return (1 - d.zero) * d.median * Math.exp((d.sigma * d.sigma) / 2);
}

/**
 * The q-quantile of a weighted mixture of distributions (one per time step), by
 * bisection of the mixed CDF: what the histograms of that stretch of time hold.
 */
export function mixtureQuantile(parts: { d: VitalDistribution; weight: number }[], q: number): number {
  const total = parts.reduce((a, p) => a + p.weight, 0);
  const cdf = (x: number) => parts.reduce((a, p) => a + p.weight * vitalCdf(p.d, x), 0) / total;
  if (cdf(0) >= q) return 0;
  let lo = 0;
  let hi = Math.max(...parts.map((p) => p.d.median)) * 2;
  while (cdf(hi) < q) hi *= 2;
  for (let i = 0; i < 100 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function vitalQuantile(d: VitalDistribution, q: number): number {
  return mixtureQuantile([{ d, weight: 1 }], q);
}

/** Records the pages' web vitals into their histograms (one handle per page and vital, made once). */
export class RumRecorder {
  private readonly handles = new Map<PageSpec, Record<Vital, HistogramHandle>>();
  constructor(private readonly get: SeriesGetter) {}

  /** `views` page loads of `page` during a step in which its backend's latency factor was `requestFactor`. */
  record(page: PageSpec, requestFactor: number, views: number): void {
    let h = this.handles.get(page);
    if (!h) {
      const labels: [string, string][] = [["service", page.service], ["page", page.page]];
      const make = (v: Vital) => histogramHandle(this.get, page.service, VITAL_METRIC[v], labels, VITAL_BUCKETS[v]);
      h = { lcp: make("lcp"), inp: make("inp"), cls: make("cls") };
      this.handles.set(page, h);
    }
    const d = pageVitals(page, requestFactor);
    for (const v of VITALS) {
      const dist = d[v];
      observe(h[v], v === "inp" ? views * page.interactive : views, (x) => vitalCdf(dist, x), vitalMean(dist));
    }
  }
}
