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

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
  status: { state: "active" | "pending" | "expired" };
}

export interface AlertGroup {
  labels: Record<string, string>;
  receiver: { name: string };
  alerts: AlertmanagerAlert[];
}

export function alertGroups(cfg: BackendConfig, signal?: AbortSignal): Promise<AlertGroup[]> {
  return getJson(cfg, "/api/v2/alerts/groups", "alert_groups", signal);
}

export function silences(cfg: BackendConfig, signal?: AbortSignal): Promise<Silence[]> {
  return getJson(cfg, "/api/v2/silences", "silences", signal);
}

/** Alertmanager's error bodies are a JSON string, a JSON object or plain text depending on the route. */
function errorText(text: string): string {
  const t = text.trim();
  try {
    const v = JSON.parse(t) as unknown;
    if (typeof v === "string") return v;
    if (v && typeof v === "object" && "message" in v) return String((v as { message: unknown }).message);
  } catch {
    // plain text
  }
  return t.slice(0, 300);
}

/** POST /api/v2/silences → the new silence's id. 400 for a bad time range, 422 without matchers. */
export async function createSilence(
  cfg: BackendConfig,
  s: { matchers: Matcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string },
  signal?: AbortSignal,
): Promise<string> {
  const res = await requestRaw(cfg, "/api/v2/silences", { method: "POST", json: s, endpoint: "create_silence", signal });
  if (res.status === 200) return (parseJson(cfg, res, "create_silence") as { silenceID: string }).silenceID;
  throw new UpstreamError(cfg.name, "rejected", `${cfg.name} refused the silence (HTTP ${res.status}): ${errorText(res.text)}`, res.status);
}

/** DELETE /api/v2/silence/{id} expires the silence. */
export async function expireSilence(cfg: BackendConfig, id: string, signal?: AbortSignal): Promise<void> {
  const res = await requestRaw(cfg, `/api/v2/silence/${encodeURIComponent(id)}`, { method: "DELETE", endpoint: "expire_silence", signal });
  if (res.status === 200) return;
  throw new UpstreamError(cfg.name, res.status === 404 ? "rejected" : "http", `${cfg.name} could not expire silence ${id} (HTTP ${res.status}): ${errorText(res.text)}`, res.status);
}
