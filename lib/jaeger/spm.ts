import type { BackendConfig } from "@/lib/config";
import { UpstreamError } from "@/lib/upstream/errors";
import { parseJson, requestRaw } from "@/lib/upstream/http";

/**
 * Jaeger's service performance monitoring (SPM) metrics, `GET /api/metrics/{latencies,
 * calls,errors}`: request rate, error rate and latency quantiles per service (and per
 * operation) that Jaeger derives from spans through a metrics backend. Jaeger without
 * one answers 501 ("trace metrics are currently disabled"): that is `undefined` here,
 * not an error — the console then takes these numbers from Prometheus. The answer is
 * a bare protobuf-JSON MetricFamily (no envelope); errors use the v1 envelope.
 * Times in ms; `service` repeated for several services (not comma-joined).
 */

export type SpmKind = "latencies" | "calls" | "errors";

export interface SpmQuery {
  services: string[];
  endMs: number;
  lookbackMs: number;
  stepMs?: number;
  ratePerMs?: number;
  /** required for latencies, in (0, 1] */
  quantile?: number;
  groupByOperation?: boolean;
  spanKinds?: ("unspecified" | "internal" | "server" | "client" | "producer" | "consumer")[];
}

export interface SpmSeries {
  /** service_name, and operation when grouped by operation */
  labels: Record<string, string>;
  /** [unix ms, value]; null where Jaeger wrote "NaN" */
  points: [number, number | null][];
}

export interface SpmMetrics {
  name: string;
  help: string;
  series: SpmSeries[];
}

interface MetricFamily {
  name?: string;
  help?: string;
  metrics?: { labels?: { name: string; value: string }[]; metricPoints?: { gaugeValue?: { doubleValue?: number | string }; timestamp?: string }[] }[];
}

export async function spmMetrics(cfg: BackendConfig, kind: SpmKind, q: SpmQuery, signal?: AbortSignal): Promise<SpmMetrics | undefined> {
  if (q.services.length === 0) throw new UpstreamError(cfg.name, "rejected", "SPM metrics: name at least one service");
  if (kind === "latencies" && !(q.quantile !== undefined && q.quantile > 0 && q.quantile <= 1)) {
    throw new UpstreamError(cfg.name, "rejected", "SPM latencies: a quantile in (0, 1] is required");
  }
  const res = await requestRaw(cfg, `/api/metrics/${kind}`, {
    endpoint: `metrics_${kind}`,
    signal,
    query: {
      service: q.services,
      endTs: String(Math.trunc(q.endMs)),
      lookback: String(Math.trunc(q.lookbackMs)),
      step: q.stepMs === undefined ? undefined : String(Math.trunc(q.stepMs)),
      ratePer: q.ratePerMs === undefined ? undefined : String(Math.trunc(q.ratePerMs)),
      quantile: q.quantile === undefined ? undefined : String(q.quantile),
      groupByOperation: q.groupByOperation ? "true" : undefined,
      spanKind: q.spanKinds,
    },
  });
  if (res.status === 501) return undefined;
  if (res.status < 200 || res.status >= 300) {
    let said = res.text.slice(0, 200).trim();
    try {
      const body = JSON.parse(res.text) as { errors?: { msg: string }[] };
      if (Array.isArray(body.errors) && body.errors.length) said = body.errors.map((e) => e.msg).join("; ");
    } catch {
      // not Jaeger's envelope: the text as it came
    }
    throw new UpstreamError(cfg.name, res.status === 400 ? "rejected" : "http", `${cfg.name} answered the ${kind} metrics with HTTP ${res.status}: ${said}`, res.status);
  }
  const family = parseJson(cfg, res, `the ${kind} metrics`) as MetricFamily;
  if (typeof family !== "object" || family === null || !Array.isArray(family.metrics ?? [])) {
    throw new UpstreamError(cfg.name, "bad_response", `${cfg.name} answered the ${kind} metrics without a MetricFamily`);
  }
  return {
    name: family.name ?? "",
    help: family.help ?? "",
    series: (family.metrics ?? []).map((m) => ({
      labels: Object.fromEntries((m.labels ?? []).map((l) => [l.name, l.value])),
      points: (m.metricPoints ?? []).map((p) => {
        const v = Number(p.gaugeValue?.doubleValue);
        return [Date.parse(p.timestamp ?? ""), Number.isFinite(v) ? v : null] as [number, number | null];
      }),
    })),
  };
}
