import { isMap, parseDocument } from "yaml";
import type { BackendConfig } from "@/lib/config";
import { UpstreamError, type UpstreamKind } from "@/lib/upstream/errors";
import { requestRaw } from "@/lib/upstream/http";

/**
 * Typed client of the Cortex / Mimir ruler configuration API (the API that stores rule
 * groups per tenant and namespace; the ruler evaluates them). Wire format: see
 * /work/shared/fixtures/prometheus/README.md §3 (Cortex v1.21.1 pkg/ruler/api.go,
 * pkg/api/api.go, pkg/util/api/response.go).
 *
 * URL convention — `backend.url` is the base the flavor's paths hang off:
 * - `mimir`: the Prometheus HTTP prefix of Mimir, i.e. the same value PROMETHEUS_URL has
 *   when it points at Mimir: `https://mimir.example/prometheus` → `…/prometheus/config/v1/rules`.
 *   A non-default `-http.prometheus-http-prefix` is simply part of the URL.
 * - `cortex`: the server root, `https://cortex.example` → `…/api/v1/rules`, because Cortex
 *   serves the config API without its Prometheus prefix (and `<prefix>/api/v1/rules` there
 *   is the read-only Prometheus-format JSON).
 * The tenant goes in `X-Scope-OrgID` (`backend.tenant`), with the backend's basic/bearer auth.
 *
 * Responses: 202 + `{"status":"success"}` for POST/DELETE; GET 200 `application/yaml`.
 * Errors come either as text/plain (`http.Error`, e.g. `unable to decoded rule group`,
 * `no rule groups found`) or as Prometheus-style JSON (`{"status":"error","errorType":…,
 * "error":…}`); both are surfaced verbatim in `RulerError.serverMessage`.
 */

export type RulerFlavor = "mimir" | "cortex";

export interface RulerConfig {
  backend: BackendConfig;
  flavor: RulerFlavor;
}

/** One rule as the ruler returns it (Prometheus rule-file schema; durations are strings). */
export interface RuleYaml {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** One rule group as the ruler returns it; Mimir may add `source_tenants` and other fields. */
export interface RuleGroupYaml {
  name: string;
  interval?: string;
  query_offset?: string;
  limit?: number;
  labels?: Record<string, string>;
  source_tenants?: string[];
  rules: RuleYaml[];
  [extra: string]: unknown;
}

export type RulerFailure =
  | "tenant_missing" // the server saw no X-Scope-OrgID ("no org id")
  | "group_not_found" // 404 "group does not exist"
  | "namespace_not_found" // 404 "group namespace does not exist"
  | "no_rule_groups" // 404 "no rule groups found"
  | "route_not_found" // 404 from the router: wrong URL/flavor, or the ruler API is disabled
  | "invalid_group" // 400 on POST: not a rule group, or rejected by validation
  | "limit_exceeded" // 400: per-tenant rules-per-group or groups limit
  | "other";

/** An UpstreamError from the ruler that also says which documented failure it was. */
export class RulerError extends UpstreamError {
  constructor(
    kind: UpstreamKind,
    message: string,
    status: number | undefined,
    readonly failure: RulerFailure,
    /** The server's own message, verbatim (JSON `error` field or the text body, trimmed). */
    readonly serverMessage: string,
  ) {
    super("ruler", kind, message, status);
    this.name = "RulerError";
  }
}

export function isRulerNotFound(err: unknown): err is RulerError {
  return err instanceof RulerError && (err.failure === "group_not_found" || err.failure === "namespace_not_found" || err.failure === "no_rule_groups");
}

/** The config-API path (relative to backend.url) of the flavor, with escaped namespace and group. */
export function rulerPath(flavor: RulerFlavor, namespace?: string, group?: string): string {
  let path = flavor === "mimir" ? "/config/v1/rules" : "/api/v1/rules";
  if (namespace !== undefined) path += `/${escapeSegment(namespace, "namespace")}`;
  if (group !== undefined) path += `/${escapeSegment(group, "group name")}`;
  return path;
}

/**
 * One path segment. encodeURIComponent escapes "/", "?", "#", "%" and spaces; the
 * server unescapes each segment (url.PathUnescape). "." and ".." alone would be
 * collapsed by URL normalisation (WHATWG URL here, path cleaning in Go routers and
 * proxies), so they are refused.
 */
function escapeSegment(value: string, what: string): string {
  if (value === "") throw new RulerError("rejected", `ruler: the ${what} must not be empty`, undefined, "other", "");
  if (value === "." || value === "..") {
    throw new RulerError("rejected", `ruler: a ${what} of "${value}" cannot be addressed in a URL path`, undefined, "other", "");
  }
  return encodeURIComponent(value);
}

interface RulerResponse {
  status: number;
  contentType: string;
  text: string;
}

interface CallOptions {
  method: "GET" | "POST" | "DELETE";
  path: string;
  endpoint: string;
  body?: string;
  signal?: AbortSignal;
}

function label(cfg: RulerConfig): string {
  return `ruler (${cfg.flavor})`;
}

/** One request through the shared HTTP layer (auth, tenant, timeout, cancellation, metrics), errors as RulerError. */
async function call(cfg: RulerConfig, opts: CallOptions): Promise<RulerResponse> {
  try {
    return await requestRaw(cfg.backend, opts.path, {
      method: opts.method,
      endpoint: opts.endpoint,
      signal: opts.signal,
      accept: "application/yaml, application/json;q=0.9, */*;q=0.1",
      text: opts.body === undefined ? undefined : { body: opts.body, contentType: "application/yaml" },
    });
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    throw new RulerError(err.kind, err.message.replace(/^ruler\b/, label(cfg)), err.status, "other", "");
  }
}

/** The server's own message from either error format. */
function serverMessageOf(res: RulerResponse): string {
  const text = res.text.trim();
  if (/^application\/json\b/i.test(res.contentType) || text.startsWith("{")) {
    try {
      const body = JSON.parse(text) as { status?: unknown; error?: unknown };
      if (body && typeof body === "object" && typeof body.error === "string") return body.error;
    } catch {
      // not JSON after all: fall through to the text
    }
  }
  if (/^text\/html\b/i.test(res.contentType)) return text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function classify(status: number, message: string, method: string): RulerFailure {
  if ((status === 400 || status === 401) && message === "no org id") return "tenant_missing";
  if (status === 404) {
    if (message === "group does not exist") return "group_not_found";
    if (message === "group namespace does not exist") return "namespace_not_found";
    if (message === "no rule groups found") return "no_rule_groups";
    return "route_not_found";
  }
  if (status === 400 && / limit \(limit: \d+ actual: \d+\) exceeded/.test(message)) return "limit_exceeded";
  if (status === 400 && method === "POST") return "invalid_group";
  return "other";
}

function failure(cfg: RulerConfig, res: RulerResponse, opts: CallOptions, what: string): RulerError {
  const serverMessage = serverMessageOf(res);
  const kind = classify(res.status, serverMessage, opts.method);
  const name = label(cfg);
  const said = serverMessage ? `: ${serverMessage}` : "";
  let message: string;
  switch (kind) {
    case "tenant_missing":
      message = cfg.backend.tenant
        ? `${name} did not receive the tenant header X-Scope-OrgID (a proxy in between may drop it)${said}`
        : `${name} needs a tenant: set the tenant (X-Scope-OrgID) for this backend${said}`;
      break;
    case "route_not_found":
      message = `${name} answered HTTP 404 for ${opts.method} ${opts.path}: check the URL and flavor (mimir: <url>/config/v1/rules with the /prometheus prefix in the URL; cortex: <server root>/api/v1/rules) and that the ruler API is enabled (-ruler.enable-api)${said}`;
      break;
    case "invalid_group":
      message =
        serverMessage === "unable to decoded rule group"
          ? `${name} could not decode the body as one YAML rule group${said}`
          : `${name} rejected the rule group${said}`;
      break;
    default:
      message = `${name}: ${what} failed with HTTP ${res.status}${said}`;
  }
  const upstreamKind: UpstreamKind = res.status === 400 || res.status === 422 ? "rejected" : "http";
  return new RulerError(upstreamKind, message, res.status, kind, serverMessage);
}

/** 202 is documented; other 2xx (some proxies, very old Cortex returned 202 without a body) are accepted too. */
function expectAccepted(cfg: RulerConfig, res: RulerResponse, opts: CallOptions, what: string): void {
  if (res.status < 200 || res.status >= 300) throw failure(cfg, res, opts, what);
  const text = res.text.trim();
  if (text === "") return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RulerError("bad_response", `${label(cfg)} answered ${what} with HTTP ${res.status} and a body that is not JSON: ${text.slice(0, 200)}`, res.status, "other", text);
  }
  const status = (body as { status?: unknown })?.status;
  if (status !== "success") {
    const msg = (body as { error?: unknown })?.error;
    throw new RulerError("bad_response", `${label(cfg)} answered ${what} with HTTP ${res.status} but status "${String(status)}"${typeof msg === "string" ? `: ${msg}` : ""}`, res.status, "other", typeof msg === "string" ? msg : text);
  }
}

function parseYaml(cfg: RulerConfig, res: RulerResponse, what: string): unknown {
  const doc = parseDocument(res.text);
  if (doc.errors.length > 0) {
    throw new RulerError("bad_response", `${label(cfg)} answered ${what} with YAML that does not parse: ${doc.errors[0]!.message.split("\n")[0]}`, res.status, "other", "");
  }
  return doc.toJS();
}

function toGroup(cfg: RulerConfig, value: unknown, what: string): RuleGroupYaml {
  const bad = (why: string) => new RulerError("bad_response", `${label(cfg)} answered ${what} with a rule group that ${why}`, 200, "other", "");
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw bad("is not a mapping");
  const g = value as Record<string, unknown>;
  if (typeof g.name !== "string") throw bad("has no name");
  const rules = g.rules ?? [];
  if (!Array.isArray(rules)) throw bad(`"${g.name}" has rules that are not a list`);
  return {
    ...g,
    name: g.name,
    rules: rules.map((r: unknown) => {
      if (r === null || typeof r !== "object" || Array.isArray(r)) throw bad(`"${g.name}" has a rule that is not a mapping`);
      const rule = r as Record<string, unknown>;
      // an expr like `1` comes back as a YAML number
      return { ...rule, expr: rule.expr === undefined || rule.expr === null ? "" : String(rule.expr) } as RuleYaml;
    }),
  };
}

export interface RulerCallOptions {
  signal?: AbortSignal;
}

/**
 * All rule groups of the tenant (or of one namespace), by namespace. An empty ruler
 * (404 `no rule groups found`) gives `{}`.
 */
export async function listRules(
  cfg: RulerConfig,
  namespace?: string,
  opts: RulerCallOptions = {},
): Promise<Record<string, RuleGroupYaml[]>> {
  const call_: CallOptions = { method: "GET", path: rulerPath(cfg.flavor, namespace), endpoint: "ruler_list", signal: opts.signal };
  const what = namespace === undefined ? "the rule list" : `the rule list of namespace "${namespace}"`;
  const res = await call(cfg, call_);
  if (res.status !== 200) {
    const err = failure(cfg, res, call_, what);
    if (err.failure === "no_rule_groups") return {};
    throw err;
  }
  const body = parseYaml(cfg, res, what);
  if (body === null || body === undefined) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new RulerError("bad_response", `${label(cfg)} answered ${what} with YAML that is not a map of namespaces`, res.status, "other", "");
  }
  const out: Record<string, RuleGroupYaml[]> = {};
  for (const [ns, groups] of Object.entries(body as Record<string, unknown>)) {
    if (!Array.isArray(groups)) {
      throw new RulerError("bad_response", `${label(cfg)} answered ${what} with namespace "${ns}" not holding a list of groups`, res.status, "other", "");
    }
    out[ns] = groups.map((g) => toGroup(cfg, g, what));
  }
  return out;
}

/** One rule group; throws RulerError with failure "group_not_found" when it does not exist. */
export async function getGroup(
  cfg: RulerConfig,
  namespace: string,
  group: string,
  opts: RulerCallOptions = {},
): Promise<RuleGroupYaml> {
  const call_: CallOptions = { method: "GET", path: rulerPath(cfg.flavor, namespace, group), endpoint: "ruler_get_group", signal: opts.signal };
  const what = `rule group "${group}" of namespace "${namespace}"`;
  const res = await call(cfg, call_);
  if (res.status !== 200) throw failure(cfg, res, call_, `reading ${what}`);
  return toGroup(cfg, parseYaml(cfg, res, what), what);
}

/**
 * Creates or replaces one rule group in a namespace. `groupYamlText` is ONE group (the
 * body of a `groups:` list item, `name:` at the top level), not a whole rule file. The
 * server stores it and answers 202: it is queued for the ruler, not yet evaluated.
 * The server decodes leniently (unknown keys are ignored, unlike promtool): validate the
 * text with lib/rules/validate first.
 */
export async function setGroup(cfg: RulerConfig, namespace: string, groupYamlText: string, opts: RulerCallOptions = {}): Promise<void> {
  const doc = parseDocument(groupYamlText);
  if (doc.errors.length === 0 && isMap(doc.contents) && doc.contents.has("groups") && !doc.contents.has("name")) {
    // The server would ignore the unknown key "groups" and answer "rule group name must not be empty".
    throw new RulerError(
      "rejected",
      `${label(cfg)} takes one rule group per request; this text is a rule file (a "groups:" list). Send each group separately.`,
      undefined,
      "invalid_group",
      "",
    );
  }
  const call_: CallOptions = { method: "POST", path: rulerPath(cfg.flavor, namespace), endpoint: "ruler_set_group", body: groupYamlText, signal: opts.signal };
  const res = await call(cfg, call_);
  expectAccepted(cfg, res, call_, `storing a rule group in namespace "${namespace}"`);
}

export async function deleteGroup(cfg: RulerConfig, namespace: string, group: string, opts: RulerCallOptions = {}): Promise<void> {
  const call_: CallOptions = { method: "DELETE", path: rulerPath(cfg.flavor, namespace, group), endpoint: "ruler_delete_group", signal: opts.signal };
  const res = await call(cfg, call_);
  expectAccepted(cfg, res, call_, `deleting rule group "${group}" of namespace "${namespace}"`);
}

export async function deleteNamespace(cfg: RulerConfig, namespace: string, opts: RulerCallOptions = {}): Promise<void> {
  const call_: CallOptions = { method: "DELETE", path: rulerPath(cfg.flavor, namespace), endpoint: "ruler_delete_namespace", signal: opts.signal };
  const res = await call(cfg, call_);
  expectAccepted(cfg, res, call_, `deleting namespace "${namespace}"`);
}
