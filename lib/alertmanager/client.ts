import type { BackendConfig } from "@/lib/config";
import { UpstreamError } from "@/lib/upstream/errors";
import { parseJson, requestRaw } from "@/lib/upstream/http";

/** Typed client of the Alertmanager v2 API. */

export interface AlertmanagerStatus {
  cluster: { status: string; peers?: unknown[] };
  versionInfo: { version: string; revision?: string };
  config: { original: string };
  uptime: string;
}

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  fingerprint: string;
  status: { state: "active" | "suppressed" | "unprocessed"; silencedBy: string[]; inhibitedBy: string[] };
  receivers: { name: string }[];
  generatorURL?: string;
}

async function getJson<T>(cfg: BackendConfig, path: string, endpoint: string, signal?: AbortSignal): Promise<T> {
  const res = await requestRaw(cfg, path, { endpoint, signal });
  if (res.status < 200 || res.status >= 300) {
    // Alertmanager error bodies are JSON strings or plain text depending on the route.
    throw new UpstreamError(
      cfg.name,
      "http",
      `${cfg.name} answered ${endpoint} with HTTP ${res.status}: ${res.text.slice(0, 200).trim()}`,
      res.status,
    );
  }
  return parseJson(cfg, res, endpoint) as T;
}

export function status(cfg: BackendConfig, signal?: AbortSignal): Promise<AlertmanagerStatus> {
  return getJson(cfg, "/api/v2/status", "status", signal);
}

export function alerts(cfg: BackendConfig, signal?: AbortSignal): Promise<AlertmanagerAlert[]> {
  return getJson(cfg, "/api/v2/alerts", "alerts", signal);
}
