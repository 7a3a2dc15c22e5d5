import type { BackendConfig } from "@/lib/config";
import { UpstreamError } from "@/lib/upstream/errors";
import { parseJson, requestRaw } from "@/lib/upstream/http";
import type { ApiResponse, Labels } from "./types";

/**
 * The rule side of the Prometheus API: loaded rule groups (`/api/v1/rules`, paged
 * with group_limit/group_next_token where the server supports it), active alerts,
 * runtime info (did the last reload succeed) and the lifecycle reload.
 * Durations in this API are float seconds, not the strings of rule files.
 */

export interface ApiAlert {
  labels: Labels;
  annotations: Labels;
  state: "pending" | "firing" | "inactive";
  activeAt?: string;
  keepFiringSince?: string;
  value: string;
}

interface ApiRuleBase {
  name: string;
  query: string;
  labels?: Labels;
  health: "ok" | "err" | "unknown";
  lastError?: string;
  evaluationTime?: number;
  lastEvaluation?: string;
}
export interface ApiAlertingRule extends ApiRuleBase {
  type: "alerting";
  duration: number;
  keepFiringFor?: number;
  annotations?: Labels;
  alerts?: ApiAlert[];
  state: "pending" | "firing" | "inactive";
}
export interface ApiRecordingRule extends ApiRuleBase {
  type: "recording";
}
export type ApiRule = ApiAlertingRule | ApiRecordingRule;

export interface ApiRuleGroup {
  name: string;
  file: string;
  interval: number;
  limit?: number;
  evaluationTime?: number;
  lastEvaluation?: string;
  rules: ApiRule[];
}

export interface RulesFilter {
  type?: "alert" | "record";
  ruleName?: string[];
  ruleGroup?: string[];
  file?: string[];
  excludeAlerts?: boolean;
}

async function getData<T>(cfg: BackendConfig, path: string, endpoint: string, query: Record<string, string | string[] | undefined>, signal?: AbortSignal) {
  const res = await requestRaw(cfg, path, { endpoint, query, signal });
  const body = parseJson(cfg, res, endpoint) as ApiResponse<T>;
  if (body.status === "success") return body.data;
  throw new UpstreamError(cfg.name, res.status === 400 ? "rejected" : "http", `${cfg.name}: ${body.errorType}: ${body.error}`, res.status);
}

/** One page of loaded rule groups. `groupNextToken` is absent on the last page and on servers without paging. */
export async function ruleGroupsPage(
  cfg: BackendConfig,
  filter: RulesFilter & { groupLimit?: number; groupNextToken?: string },
  signal?: AbortSignal,
): Promise<{ groups: ApiRuleGroup[]; groupNextToken?: string }> {
  const data = await getData<{ groups: ApiRuleGroup[]; groupNextToken?: string }>(
    cfg,
    "/api/v1/rules",
    "rules",
    {
      type: filter.type,
      "rule_name[]": filter.ruleName,
      "rule_group[]": filter.ruleGroup,
      "file[]": filter.file,
      exclude_alerts: filter.excludeAlerts ? "true" : undefined,
      group_limit: filter.groupLimit ? String(filter.groupLimit) : undefined,
      group_next_token: filter.groupNextToken,
    },
    signal,
  );
  return { groups: data.groups ?? [], groupNextToken: data.groupNextToken || undefined };
}

/** Every loaded group matching the filter, following the paging tokens (at most `maxPages`). */
export async function allRuleGroups(cfg: BackendConfig, filter: RulesFilter = {}, signal?: AbortSignal, maxPages = 200): Promise<ApiRuleGroup[]> {
  const groups: ApiRuleGroup[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = await ruleGroupsPage(cfg, { ...filter, groupLimit: 100, groupNextToken: token }, signal);
    groups.push(...res.groups);
    token = res.groupNextToken;
    if (!token) return groups;
  }
  throw new UpstreamError(cfg.name, "bad_response", `${cfg.name} kept returning rule pages after ${maxPages} pages`);
}

export interface RuntimeInfo {
  reloadConfigSuccess: boolean;
  lastConfigTime: string;
  storageRetention?: string;
}

export function runtimeInfo(cfg: BackendConfig, signal?: AbortSignal): Promise<RuntimeInfo> {
  return getData<RuntimeInfo>(cfg, "/api/v1/status/runtimeinfo", "runtimeinfo", {}, signal);
}

export async function activeAlerts(cfg: BackendConfig, signal?: AbortSignal): Promise<ApiAlert[]> {
  const data = await getData<{ alerts: ApiAlert[] }>(cfg, "/api/v1/alerts", "alerts", {}, signal);
  return data.alerts ?? [];
}

/**
 * `POST /-/reload` (needs --web.enable-lifecycle). Prometheus answers 200 with an
 * empty body, or 500 with a generic "failed to reload config" text whose real cause is
 * only in its log; 403 when the lifecycle API is off.
 */
export async function reload(cfg: BackendConfig, signal?: AbortSignal): Promise<void> {
  const res = await requestRaw(cfg, "/-/reload", { method: "POST", endpoint: "reload", signal });
  if (res.status === 200) return;
  const text = res.text.trim().slice(0, 500);
  if (res.status === 403) {
    throw new UpstreamError(cfg.name, "rejected", `${cfg.name} refused the reload (HTTP 403): start it with --web.enable-lifecycle. ${text}`, 403);
  }
  throw new UpstreamError(cfg.name, "rejected", `${cfg.name} rejected the reload (HTTP ${res.status}): ${text}`, res.status);
}
