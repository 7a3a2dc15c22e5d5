import type { Unit } from "@/lib/format/units";
import { labelMatcher } from "@/lib/promql/escape";
import { formatDuration } from "@/lib/promql/time-range";

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
