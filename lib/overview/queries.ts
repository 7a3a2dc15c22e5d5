import { formatDuration } from "@/lib/promql/time-range";

/**
 * PromQL of the services overview. Pure: the queries are a function of the window,
 * so they can be tested and cached. The metric names are those of the reference
 * system (docs/ARCHITECTURE.md, "Signals").
 */

export const SERVICE_DISCOVERY_METRIC = "http_requests_total";

export interface OverviewQueries {
  /** per service, averaged over the whole selected range, evaluated at its end */
  summary: { rate: string; errorRatio: string; p95: string };
  /** per service, as series over the range */
  series: { rate: string; errorRatio: string; p95: string };
}

export function overviewQueries(rangeSeconds: number, rateWindowSeconds: number): OverviewQueries {
  const range = formatDuration(rangeSeconds);
  const win = formatDuration(rateWindowSeconds);
  const requests = (w: string, extra = "") => `sum by (service) (rate(http_requests_total${extra}[${w}]))`;
  // 0/0 (no traffic) is shown as "no requests", not as an error ratio: `or` keeps
  // services with traffic but no 5xx at 0 instead of dropping them.
  const errorRatio = (w: string) =>
    `(${requests(w, '{status=~"5.."}')} or ${requests(w)} * 0) / ${requests(w)}`;
  const p95 = (w: string) =>
    `histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket[${w}])))`;
  return {
    summary: { rate: requests(range), errorRatio: errorRatio(range), p95: p95(range) },
    series: { rate: requests(win), errorRatio: errorRatio(win), p95: p95(win) },
  };
}
