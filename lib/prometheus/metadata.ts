import type { BackendConfig } from "@/lib/config";
import { UpstreamError } from "@/lib/upstream/errors";
import { parseJson, requestRaw, type RawResponse } from "@/lib/upstream/http";
import type { ApiResponse } from "./types";

/** Metric metadata and the loaded configuration, from the Prometheus HTTP API. */

export interface MetricMetadata {
  /** counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown */
  type: string;
  help: string;
  unit: string;
}

function data<T>(cfg: BackendConfig, res: RawResponse, endpoint: string): T {
  const body = parseJson(cfg, res, endpoint) as ApiResponse<T> | null;
  if (body && typeof body === "object" && body.status === "success") return body.data;
  if (body && typeof body === "object" && body.status === "error") {
    throw new UpstreamError(cfg.name, res.status === 400 || res.status === 422 ? "rejected" : "http", `${cfg.name}: ${body.errorType}: ${body.error}`, res.status);
  }
  throw new UpstreamError(cfg.name, "bad_response", `${cfg.name} answered ${endpoint} with HTTP ${res.status} and no "status" field`, res.status);
}

/** `/api/v1/metadata?metric=…`: what the scraped targets say about a metric (one entry per distinct type/help/unit). */
export async function metricMetadata(cfg: BackendConfig, metric: string, signal?: AbortSignal): Promise<MetricMetadata[]> {
  const res = await requestRaw(cfg, "/api/v1/metadata", { endpoint: "metadata", query: { metric }, signal });
  return data<Record<string, MetricMetadata[]> | null>(cfg, res, "metadata")?.[metric] ?? [];
}

/** `/api/v1/status/config`: the loaded configuration as YAML (Prometheus only; Mimir and Thanos do not serve it). */
export async function loadedConfig(cfg: BackendConfig, signal?: AbortSignal): Promise<string> {
  const res = await requestRaw(cfg, "/api/v1/status/config", { endpoint: "status_config", signal });
  const yaml = data<{ yaml?: unknown }>(cfg, res, "status_config")?.yaml;
  if (typeof yaml !== "string") throw new UpstreamError(cfg.name, "bad_response", `${cfg.name} answered status/config without a "yaml" field`, res.status);
  return yaml;
}
