import type { Unit } from "@/lib/format/units";
import { labelMatcher } from "@/lib/promql/escape";
import { formatDuration } from "@/lib/promql/time-range";
import { vitalThresholdLines, WEB_VITAL_PERCENTILE, WEB_VITAL_THRESHOLDS, type Threshold, type WebVital } from "./web-vitals";

/**
 * The panels of a service dashboard, as PromQL. Pure: a function of the service and
 * the rate window. The service name is escaped (labelMatcher), so a crafted name
 * cannot change a query. The first four panels are those of the reference Grafana
 * dashboard, with the same meaning, scoped to one service.
 */

export interface PanelQuery {
  expr: string;
  /** label whose value names each series; or a fixed name for a single series */
  legend: { label: string } | { name: string };
}

export interface PanelSpec {
  id: string;
  title: string;
  description: string;
  unit: Unit;
  kind: "line" | "heatmap";
  queries: PanelQuery[];
  /** latency panels carry exemplars from this selector */
  exemplars?: string;
  /** horizontal reference lines (the web-vitals panels: end of "good", start of "poor") */
  thresholds?: Threshold[];
  /** the web vital a panel shows at p75, for rating its latest values */
  vital?: WebVital;
}

/**
 * The real-user histograms (OpenTelemetry web-vitals events aggregated by the
 * Collector, see scripts/simulator/rum.ts), one per vital, labelled by `page`.
 */
export const WEB_VITAL_METRICS: Readonly<Record<WebVital, string>> = {
  lcp: "browser_web_vital_lcp_seconds",
  inp: "browser_web_vital_inp_seconds",
  cls: "browser_web_vital_cls",
};

/** p75 per page of one vital, for a service's pages (those whose API it serves). */
function webVitalPanel(vital: WebVital, svc: string, w: string): PanelSpec {
  const t = WEB_VITAL_THRESHOLDS[vital];
  const lines = vitalThresholdLines(vital);
  const name = vital.toUpperCase();
  return {
    id: `web-vitals-${vital}`,
    title: `${name} p75 by page`,
    description: `${t.label} at the 75th percentile of page loads, per page (histogram_quantile(${WEB_VITAL_PERCENTILE}) of ${WEB_VITAL_METRICS[vital]}), against the web.dev thresholds (${lines.map((l) => l.label).join(", ")}).`,
    unit: t.unit,
    kind: "line",
    queries: [
      {
        expr: `histogram_quantile(${WEB_VITAL_PERCENTILE}, sum by (page, le) (rate(${WEB_VITAL_METRICS[vital]}_bucket{${svc}}[${w}])))`,
        legend: { label: "page" },
      },
    ],
    thresholds: lines,
    vital,
  };
}

export const NAMESPACE_LABEL = { namespace: "shop" } as const;

export function servicePanels(service: string, rateWindowSeconds: number, stepSeconds: number): PanelSpec[] {
  const w = formatDuration(rateWindowSeconds);
  const svc = labelMatcher("service", service);
  const container = labelMatcher("container", service);
  const http = `http_requests_total{${svc}}`;
  const bucket = `http_request_duration_seconds_bucket{${svc}}`;
  const quantile = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(${bucket}[${w}])))`;
  return [
    {
      id: "request-rate",
      title: "Request Rate",
      description: "Requests per second by endpoint and status (rate of http_requests_total).",
      unit: "reqps",
      kind: "line",
      queries: [
        {
          expr: `sum by (endpoint, status) (rate(${http}[${w}]))`,
          legend: { label: "endpoint,status" },
        },
      ],
    },
    {
      id: "response-time-p95",
      title: "Response Time P95",
      description: "Latency percentiles from the http_request_duration_seconds histogram, with exemplars linking to traces.",
      unit: "seconds",
      kind: "line",
      queries: [
        { expr: quantile(0.5), legend: { name: "p50" } },
        { expr: quantile(0.95), legend: { name: "p95" } },
        { expr: quantile(0.99), legend: { name: "p99" } },
      ],
      exemplars: bucket,
    },
    {
      id: "error-rate",
      title: "Error Rate",
      description: "Share of requests answered with a 5xx status.",
      unit: "ratio",
      kind: "line",
      queries: [
        {
          expr: `(sum(rate(http_requests_total{${svc},status=~"5.."}[${w}])) or sum(rate(${http}[${w}])) * 0) / sum(rate(${http}[${w}]))`,
          legend: { name: "5xx ratio" },
        },
      ],
    },
    {
      id: "database-performance",
      title: "Database Performance",
      description: "p95 of database_query_duration_seconds by operation and table.",
      unit: "seconds",
      kind: "line",
      queries: [
        {
          expr: `histogram_quantile(0.95, sum by (operation, table, le) (rate(database_query_duration_seconds_bucket{${svc}}[${w}])))`,
          legend: { label: "operation,table" },
        },
      ],
    },
    {
      id: "latency-heatmap",
      title: "Latency distribution",
      description: "Requests per latency bucket and time step (heatmap of http_request_duration_seconds).",
      unit: "seconds",
      kind: "heatmap",
      // requests per step from the rate over the panel's window: no empty columns when
      // the step is shorter than the data's resolution
      queries: [{ expr: `sum by (le) (rate(${bucket}[${w}])) * ${stepSeconds}`, legend: { label: "le" } }],
    },
    {
      id: "endpoint-p95",
      title: "P95 by endpoint",
      description: "Which endpoint is slow: p95 latency per endpoint.",
      unit: "seconds",
      kind: "line",
      queries: [
        {
          expr: `histogram_quantile(0.95, sum by (endpoint, le) (rate(${bucket}[${w}])))`,
          legend: { label: "endpoint" },
        },
      ],
    },
    {
      id: "cache-hit-rate",
      title: "Cache hit rate",
      description: "cache_hit_rate by cache type.",
      unit: "ratio",
      kind: "line",
      queries: [{ expr: `avg by (cache_type) (cache_hit_rate{${svc}})`, legend: { label: "cache_type" } }],
    },
    {
      id: "active-connections",
      title: "Active connections",
      description: "Open client connections (active_connections).",
      unit: "number",
      kind: "line",
      queries: [{ expr: `sum(active_connections{${svc}})`, legend: { name: "connections" } }],
    },
    {
      id: "cpu",
      title: "CPU vs requests",
      description: "CPU used by the service's containers against the CPU they request.",
      unit: "number",
      kind: "line",
      queries: [
        { expr: `sum(rate(container_cpu_usage_seconds_total{${container}}[${w}]))`, legend: { name: "used (cores)" } },
        { expr: `sum(kube_pod_container_resource_requests{${container},resource="cpu"})`, legend: { name: "requested (cores)" } },
      ],
    },
    {
      id: "memory",
      title: "Memory vs requests",
      description: "Working set of the service's containers against the memory they request.",
      unit: "bytes",
      kind: "line",
      queries: [
        { expr: `sum(container_memory_working_set_bytes{${container}})`, legend: { name: "working set" } },
        { expr: `sum(kube_pod_container_resource_requests{${container},resource="memory"})`, legend: { name: "requested" } },
      ],
    },
    {
      id: "replicas",
      title: "Replicas",
      description: "Deployment replicas, and the HPA's current and desired replicas where an HPA exists.",
      unit: "number",
      kind: "line",
      queries: [
        { expr: `sum(kube_deployment_status_replicas{${labelMatcher("deployment", service)}})`, legend: { name: "deployment" } },
        {
          expr: `sum(kube_horizontalpodautoscaler_status_desired_replicas{${labelMatcher("horizontalpodautoscaler", service)}})`,
          legend: { name: "HPA desired" },
        },
      ],
    },
    webVitalPanel("lcp", svc, w),
    webVitalPanel("inp", svc, w),
    webVitalPanel("cls", svc, w),
    {
      id: "cdn-hit-ratio",
      title: "CDN hit ratio",
      description: "Share of the CDN's requests for the service's assets answered from the edge cache: rate(fastly_rt_hits_total) / rate(fastly_rt_requests_total), over all POPs and per POP (datacenter).",
      unit: "ratio",
      kind: "line",
      queries: [
        { expr: `sum(rate(fastly_rt_hits_total{${svc}}[${w}])) / sum(rate(fastly_rt_requests_total{${svc}}[${w}]))`, legend: { name: "all POPs" } },
        {
          expr: `sum by (datacenter) (rate(fastly_rt_hits_total{${svc}}[${w}])) / sum by (datacenter) (rate(fastly_rt_requests_total{${svc}}[${w}]))`,
          legend: { label: "datacenter" },
        },
      ],
    },
    {
      id: "db-replica-latency",
      title: "Database p95: primary vs replica",
      description: "p95 of database_query_duration_seconds by role: writes go to the primary, reads to the replica.",
      unit: "seconds",
      kind: "line",
      queries: [
        {
          expr: `histogram_quantile(0.95, sum by (role, le) (rate(database_query_duration_seconds_bucket{${svc}}[${w}])))`,
          legend: { label: "role" },
        },
      ],
    },
    {
      id: "replication-lag",
      title: "Replication lag",
      description: "How far the read replica is behind the primary (pg_replication_lag_seconds of postgres_exporter: now() − the last replayed transaction's time).",
      unit: "seconds",
      kind: "line",
      queries: [{ expr: `max by (server) (pg_replication_lag_seconds{${svc}})`, legend: { label: "server" } }],
    },
  ];
}

/** Alerts that fired for the service, for chart annotations. */
export function alertsQuery(service: string): string {
  return `max by (alertname, alertstate) (ALERTS{${labelMatcher("service", service)},alertstate="firing"})`;
}

/** The name of a series from its labels and the query's legend. */
export function seriesName(legend: PanelQuery["legend"], metric: Record<string, string>): string {
  if ("name" in legend) return legend.name;
  return legend.label
    .split(",")
    .map((l) => metric[l] ?? "")
    .join(" ");
}
