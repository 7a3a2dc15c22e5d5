import { alertsQuery, servicePanels, type PanelSpec } from "@/lib/dashboard/panels";
import { formatDuration } from "@/lib/promql/time-range";

/**
 * The report's PromQL, taken from the dashboards' own panel builders (servicePanels):
 * no metric or label name is spelled here, so mapping the reference conventions to
 * others stays one module's job. Pure.
 *
 * A panel's query over a period is read in one of two ways, told apart by building
 * the panels twice with different rate windows:
 * - "window": the query depends on its rate window (rates, ratios and quantiles of
 *   counters and histograms). With the window set to the whole period and evaluated
 *   at the period's end it is the figure over the period: `rate(x[7d])` is the mean
 *   rate of the week, `histogram_quantile(0.95, sum by (le) (rate(b[7d])))` the p95 of
 *   every request of the week.
 * - "average": it does not (gauges: replicas, requests of CPU and memory, cache hit
 *   rates). It is averaged over the period with a subquery,
 *   `avg_over_time((q)[7d:20m])`.
 */

export interface PeriodQuery {
  panel: string;
  /** the legend of the panel's query: a fixed name, or the label(s) naming each series */
  legend: PanelSpec["queries"][number]["legend"];
  expr: string;
  method: "window" | "average";
  /** how the figure is computed, for the report's reader */
  how: string;
  unit: PanelSpec["unit"];
  title: string;
  /** a web-vitals panel's vital, for rating its values */
  vital?: PanelSpec["vital"];
}

/** Subquery resolution of an averaged gauge: about 500 points per period, at least a minute. */
export function averageStep(periodSeconds: number): number {
  return Math.max(60, Math.round(periodSeconds / 500 / 60) * 60);
}

const PROBE_A = 300;
const PROBE_B = 3600;

/** The queries of the given panels of a service's dashboard, over a period ending at the query's time. */
export function periodQueries(service: string, periodSeconds: number, panelIds: readonly string[]): PeriodQuery[] {
  if (!(periodSeconds >= 60)) throw new RangeError(`a report period is at least a minute, got ${periodSeconds}s`);
  const window = formatDuration(periodSeconds);
  const a = servicePanels(service, PROBE_A, 60);
  const b = servicePanels(service, PROBE_B, 60);
  const whole = servicePanels(service, periodSeconds, 60);
  const out: PeriodQuery[] = [];
  for (const id of panelIds) {
    const i = whole.findIndex((p) => p.id === id);
    const panel = whole[i];
    if (!panel || panel.kind !== "line") continue;
    panel.queries.forEach((q, j) => {
      const windowed = a[i]?.queries[j]?.expr !== b[i]?.queries[j]?.expr;
      const step = averageStep(periodSeconds);
      const expr = windowed ? q.expr : `avg_over_time((${q.expr})[${window}:${formatDuration(step)}])`;
      const how = windowed
        ? `${panel.description} Over the whole period: the dashboard's query with its rate window set to ${window}, at the period's end.`
        : `${panel.description} Averaged over the period: avg_over_time of the dashboard's query, every ${formatDuration(step)}.`;
      out.push({ panel: id, legend: q.legend, expr, method: windowed ? "window" : "average", how, unit: panel.unit, title: panel.title, ...(panel.vital ? { vital: panel.vital } : {}) });
    });
  }
  return out;
}

/** The query of one panel over a shorter window, for the report's charts (e.g. hourly p95 across the week). */
export function chartQuery(service: string, panelId: string, legendName: string | undefined, windowSeconds: number): { expr: string; unit: PanelSpec["unit"] } | undefined {
  const panel = servicePanels(service, windowSeconds, windowSeconds).find((p) => p.id === panelId);
  const q = panel?.queries.find((x) => legendName === undefined || ("name" in x.legend && x.legend.name === legendName));
  return panel && q ? { expr: q.expr, unit: panel.unit } : undefined;
}

/**
 * Share of a period with data (0–1): the 5-minute steps in which the service's request
 * rate (the dashboard's request-rate query) had a value. A period the data does not
 * cover (history starts inside it) is not comparable with one it does.
 */
export function coverageQuery(service: string, periodSeconds: number): string | undefined {
  const q = chartQuery(service, "request-rate", undefined, 300);
  return q && `count_over_time((sum(${q.expr}))[${formatDuration(periodSeconds)}:5m]) * 300 / ${periodSeconds}`;
}

/**
 * The raw samples of the service's alerts over a period: the selector inside the
 * dashboard's alert annotations query, with pending as well as firing, as a range
 * selector (raw samples, so episode ends are exact even without staleness markers).
 */
export function alertSamplesQuery(service: string | undefined, periodSeconds: number): string {
  const annotations = alertsQuery(service ?? "");
  const selector = /([A-Za-z_:][A-Za-z0-9_:]*)\{([^}]*)\}/.exec(annotations);
  if (!selector) throw new Error(`cannot find the alerts selector in ${annotations}`);
  const [, metric, matchers] = selector;
  const kept = (matchers ?? "")
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .filter((m) => !/^alertstate=/.test(m.trim()) && (service !== undefined || !/^service=/.test(m.trim())));
  return `${metric}{${[...kept, `alertstate=~"pending|firing"`].join(",")}}[${formatDuration(periodSeconds)}]`;
}
