/**
 * STAND-IN — NOT the real Cortex or Mimir ruler. A small node:http server that answers
 * the ruler configuration API the way the upstream code does, for contract tests of
 * lib/ruler/client.ts without running Cortex/Mimir.
 *
 * Reproduces (see /work/shared/fixtures/prometheus/README.md §3):
 * - cortexproject/cortex v1.21.1 `pkg/api/api.go` (routes: `/api/v1/rules[/{namespace}[/{groupName}]]`),
 *   `pkg/ruler/api.go` (ListRules, GetRuleGroup, CreateRuleGroup, DeleteRuleGroup,
 *   DeleteNamespace, parseRequest, respondAccepted), `pkg/ruler/manager.go`
 *   (ValidateRuleGroup), `pkg/ruler/ruler.go` (limit messages), `pkg/ruler/rulestore`
 *   (error texts), `pkg/util/api/response.go` (RespondError JSON);
 * - Mimir's documented paths (`<prometheus-http-prefix>/config/v1/rules…`, default prefix
 *   `/prometheus`), its "invalid rules configuration" wording, `source_tenants`, and the
 *   `anonymous` tenant when multi-tenancy is off (Cortex: `fake`);
 * - Go's `http.Error` (`text/plain; charset=utf-8`, `X-Content-Type-Options: nosniff`,
 *   message + "\n"), gorilla/mux 404 `404 page not found` / 405 with an empty body, and
 *   dskit's auth middleware (401 `no org id`) when `tenantCheck: "auth-middleware"`.
 *
 * Wire format: POST/DELETE success → 202 `application/json` `{"status":"success"}`;
 * GET → 200 `application/yaml`; YAML decode failure → 400 text `unable to decoded rule group`;
 * validation failures → 400 text, messages joined with ", "; limits → 400 text;
 * empty list → 404 text `no rule groups found`; unknown group → 404 `group does not exist`;
 * unknown namespace on DELETE → 404 `group namespace does not exist`; missing
 * X-Scope-OrgID → 400 JSON `{"status":"error","errorType":"bad_data","error":"no org id"}`.
 *
 * Known differences from upstream:
 * - Per-rule validation messages come from the console's own validator
 *   (lib/rules/validate.ts), e.g. `group "g", rule 1: only one of 'record' and 'alert'
 *   must be set`; upstream formats rulefmt.Error as `<line>:<col>: group "g", rule 0, "Name": …`.
 *   The group-level messages (empty name, no rules) are upstream's own.
 * - Like upstream (plain yaml.Unmarshal, not promtool's strict decoding), unknown keys are
 *   ignored and dropped; type errors (a bad duration, `rules` not a list) are decode failures.
 * - GET output: canonical key order and normalised durations as Go's marshaller writes
 *   them (`120s` → `2m`), 2-space indent; groups of a namespace sorted by name (upstream:
 *   object-store listing order).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { isMap, isScalar, isSeq, parseDocument, stringify, type Node, type Pair } from "yaml";
import { validateRuleFile } from "@/lib/rules/validate";

export type RulerStandInFlavor = "mimir" | "cortex";

export interface RulerStandInOptions {
  flavor: RulerStandInFlavor;
  /** Default true. When false, a request without X-Scope-OrgID uses the single-tenant id (`anonymous` / `fake`). */
  requireTenant?: boolean;
  /**
   * Where a missing tenant is caught: "handler" (default; parseRequest → 400 JSON bad_data,
   * as README §3 documents) or "auth-middleware" (dskit's AuthenticateUser in front of the
   * routes → 401 text/plain).
   */
  tenantCheck?: "handler" | "auth-middleware";
  /** -ruler.max-rules-per-rule-group; 0 or unset = no limit. */
  maxRulesPerGroup?: number;
  /** -ruler.max-rule-groups-per-tenant; 0 or unset = no limit. */
  maxRuleGroups?: number;
}

/** A stored group, already decoded: durations in milliseconds, unknown keys dropped. */
export interface StoredRule {
  record?: string;
  alert?: string;
  expr: string;
  forMs?: number;
  keepFiringForMs?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface StoredGroup {
  name: string;
  intervalMs?: number;
  queryOffsetMs?: number;
  limit?: number;
  labels?: Record<string, string>;
  sourceTenants?: string[];
  rules: StoredRule[];
}

export interface RecordedRequest {
  method: string;
  /** Raw request target as sent (still percent-encoded), including any query string. */
  path: string;
  contentType: string | undefined;
  tenant: string | undefined;
  body: string;
}

export interface RulerStandIn {
  /** Base URL following lib/ruler/client.ts's convention: `…/prometheus` for mimir, the root for cortex. */
  url: string;
  /** tenant → namespace → group name → group. Tests may read and seed it. */
  state: Map<string, Map<string, Map<string, StoredGroup>>>;
  requests: RecordedRequest[];
  /** The next request (whatever it is) gets this answer instead; calls queue up. */
  failNext(status: number, body: string, contentType?: string): void;
  stop(): Promise<void>;
}

const TEXT = "text/plain; charset=utf-8";

class DecodeError extends Error {}

// ---- Prometheus durations (common/model ParseDuration and Duration.String) -----------

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNITS: [string, number][] = [
  ["y", 365 * 24 * 3600 * 1000],
  ["w", 7 * 24 * 3600 * 1000],
  ["d", 24 * 3600 * 1000],
  ["h", 3600 * 1000],
  ["m", 60 * 1000],
  ["s", 1000],
  ["ms", 1],
];

export function parsePromDuration(s: string): number {
  if (s === "0") return 0;
  const m = s === "" ? null : DURATION_RE.exec(s);
  if (!m) throw new DecodeError(`not a valid duration string: "${s}"`);
  return UNITS.reduce((ms, [, mult], i) => ms + Number(m[i + 1] ?? 0) * mult, 0);
}

export function formatPromDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const [unit, mult] of UNITS) {
    // years and weeks only when exact ("90d", not "12w6d")
    if ((unit === "y" || unit === "w") && rest % mult !== 0) continue;
    const v = Math.floor(rest / mult);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * mult;
    }
  }
  return out;
}

// ---- decoding one group like yaml.Unmarshal into rulefmt.RuleGroup ---------------------

function scalarString(n: unknown, what: string): string {
  if (n === undefined || n === null) return "";
  if (!isScalar(n)) throw new DecodeError(`${what}: expected a scalar`);
  return n.value === null ? "" : String(n.value);
}

function durationMs(n: unknown, what: string): number | undefined {
  if (n === undefined || n === null || (isScalar(n) && n.value === null)) return undefined;
  return parsePromDuration(scalarString(n, what));
}

function stringMap(n: unknown, what: string): Record<string, string> | undefined {
  if (n === undefined || n === null || (isScalar(n) && n.value === null)) return undefined;
  if (!isMap(n)) throw new DecodeError(`${what}: expected a mapping`);
  const out: Record<string, string> = {};
  for (const pair of n.items as Pair<Node, Node>[]) out[scalarString(pair.key, what)] = scalarString(pair.value, what);
  return out;
}

function decodeGroup(body: string, flavor: RulerStandInFlavor): StoredGroup {
  const doc = parseDocument(body, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new DecodeError(doc.errors[0]!.message);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { name: "", rules: [] };
  if (!isMap(root)) throw new DecodeError("cannot unmarshal into rulefmt.RuleGroup");
  const get = (key: string) => root.get(key, true);
  const group: StoredGroup = { name: scalarString(get("name"), "name"), rules: [] };
  const interval = durationMs(get("interval"), "interval");
  if (interval) group.intervalMs = interval;
  const offset = durationMs(get("query_offset"), "query_offset");
  if (offset !== undefined) group.queryOffsetMs = offset;
  const limit = get("limit");
  if (limit !== undefined && limit !== null) {
    const v: unknown = isScalar(limit) ? limit.value : undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) throw new DecodeError("limit: expected an integer");
    if (v !== 0) group.limit = v;
  }
  const labels = stringMap(get("labels"), "labels");
  if (labels && Object.keys(labels).length) group.labels = labels;
  if (flavor === "mimir") {
    const st = get("source_tenants");
    if (st !== undefined && st !== null) {
      if (!isSeq(st)) throw new DecodeError("source_tenants: expected a list");
      group.sourceTenants = st.items.map((t) => scalarString(t, "source_tenants"));
    }
  }
  const rules = get("rules");
  if (rules !== undefined && rules !== null && !(isScalar(rules) && rules.value === null)) {
    if (!isSeq(rules)) throw new DecodeError("rules: expected a list");
    for (const r of rules.items) {
      if (!isMap(r)) throw new DecodeError("rule: expected a mapping");
      const rule: StoredRule = { expr: scalarString(r.get("expr", true), "expr") };
      const record = r.get("record", true);
      const alert = r.get("alert", true);
      if (record !== undefined && record !== null) rule.record = scalarString(record, "record");
      if (alert !== undefined && alert !== null) rule.alert = scalarString(alert, "alert");
      const forMs = durationMs(r.get("for", true), "for");
      if (forMs) rule.forMs = forMs;
      const kff = durationMs(r.get("keep_firing_for", true), "keep_firing_for");
      if (kff) rule.keepFiringForMs = kff;
      const rl = stringMap(r.get("labels", true), "labels");
      if (rl && Object.keys(rl).length) rule.labels = rl;
      const ann = stringMap(r.get("annotations", true), "annotations");
      if (ann && Object.keys(ann).length) rule.annotations = ann;
      group.rules.push(rule);
    }
  }
  return group;
}

// ---- encoding like yaml.Marshal of rulefmt.RuleGroup (field order, omitempty) ----------

function sortedMap(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
}

function encodeGroup(g: StoredGroup): Record<string, unknown> {
  const out: Record<string, unknown> = { name: g.name };
  if (g.intervalMs) out.interval = formatPromDuration(g.intervalMs);
  if (g.queryOffsetMs !== undefined) out.query_offset = formatPromDuration(g.queryOffsetMs);
  if (g.limit) out.limit = g.limit;
  out.rules = g.rules.map((r) => {
    const rule: Record<string, unknown> = {};
    if (r.record) rule.record = r.record;
    if (r.alert) rule.alert = r.alert;
    rule.expr = r.expr;
    if (r.forMs) rule.for = formatPromDuration(r.forMs);
    if (r.keepFiringForMs) rule.keep_firing_for = formatPromDuration(r.keepFiringForMs);
    if (r.labels) rule.labels = sortedMap(r.labels);
    if (r.annotations) rule.annotations = sortedMap(r.annotations);
    return rule;
  });
  if (g.labels) out.labels = sortedMap(g.labels);
  if (g.sourceTenants?.length) out.source_tenants = g.sourceTenants;
  return out;
}

// ---- validation (ValidateRuleGroup) -----------------------------------------------------

function validate(g: StoredGroup, flavor: RulerStandInFlavor): string[] {
  const prefix = flavor === "mimir" ? "invalid rules configuration" : "invalid rules config";
  if (g.name === "") return [`${prefix}: rule group name must not be empty`];
  if (g.rules.length === 0) return [`${prefix}: rule group '${g.name}' has no rules`];
  const file = stringify({ groups: [encodeGroup(g)] }, { lineWidth: 0 });
  return validateRuleFile(file)
    .filter((p) => p.severity === "error")
    .map((p) => p.message);
}

// ---- the server --------------------------------------------------------------------------

export async function startRulerStandIn(opts: RulerStandInOptions): Promise<RulerStandIn> {
  const { flavor } = opts;
  const requireTenant = opts.requireTenant ?? true;
  const tenantCheck = opts.tenantCheck ?? "handler";
  const base = flavor === "mimir" ? "/prometheus/config/v1/rules" : "/api/v1/rules";
  const state: RulerStandIn["state"] = new Map();
  const requests: RecordedRequest[] = [];
  const faults: { status: number; body: string; contentType: string }[] = [];

  const send = (res: http.ServerResponse, status: number, contentType: string, body: string) => {
    const headers: Record<string, string | number> = { "content-type": contentType, "content-length": Buffer.byteLength(body) };
    if (contentType === TEXT) headers["x-content-type-options"] = "nosniff";
    res.writeHead(status, headers);
    res.end(body);
  };
  const httpError = (res: http.ServerResponse, status: number, msg: string) => send(res, status, TEXT, `${msg}\n`);
  const respondError = (res: http.ServerResponse, status: number, errorType: string, msg: string) =>
    send(res, status, "application/json", JSON.stringify({ status: "error", errorType, error: msg }));
  const accepted = (res: http.ServerResponse) => send(res, 202, "application/json", JSON.stringify({ status: "success" }));
  const yamlOut = (res: http.ServerResponse, value: unknown) =>
    send(res, 200, "application/yaml", stringify(value, { lineWidth: 0 }));

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const rawTarget = req.url ?? "/";
    const tenantHeader = req.headers["x-scope-orgid"];
    const tenantValue = Array.isArray(tenantHeader) ? tenantHeader[0] : tenantHeader;
    requests.push({
      method: req.method ?? "",
      path: rawTarget,
      contentType: req.headers["content-type"],
      tenant: tenantValue,
      body,
    });
    const fault = faults.shift();
    if (fault) return send(res, fault.status, fault.contentType, fault.body);

    // Routing (gorilla/mux on the encoded path; each variable is PathUnescape'd by the handler).
    const rawPath = rawTarget.split("?")[0]!;
    if (rawPath !== base && !rawPath.startsWith(`${base}/`)) return httpError(res, 404, "404 page not found");
    const rest = rawPath.slice(base.length);
    const rawSegments = rest === "" ? [] : rest.slice(1).split("/");
    if (rawSegments.length > 2 || rawSegments.some((s) => s === "")) return httpError(res, 404, "404 page not found");
    const method = req.method ?? "GET";
    const allowed = rawSegments.length === 0 ? ["GET"] : rawSegments.length === 1 ? ["GET", "POST", "DELETE"] : ["GET", "DELETE"];
    if (!allowed.includes(method)) {
      res.writeHead(405);
      return res.end();
    }
    let segments: string[];
    try {
      segments = rawSegments.map((s) => decodeURIComponent(s));
    } catch {
      // Go's server refuses a request target that does not parse before any handler runs
      res.writeHead(400, { "content-type": TEXT, connection: "close" });
      return res.end("400 Bad Request");
    }

    let tenant = tenantValue === "" ? undefined : tenantValue;
    if (tenant === undefined) {
      if (requireTenant) {
        return tenantCheck === "auth-middleware"
          ? httpError(res, 401, "no org id")
          : respondError(res, 400, "bad_data", "no org id");
      }
      tenant = flavor === "mimir" ? "anonymous" : "fake";
    }
    const [namespace, groupName] = segments;
    const namespaces = state.get(tenant) ?? new Map<string, Map<string, StoredGroup>>();

    if (method === "GET" && groupName === undefined) {
      const out: Record<string, Record<string, unknown>[]> = {};
      for (const ns of [...namespaces.keys()].sort()) {
        if (namespace !== undefined && ns !== namespace) continue;
        const groups = [...namespaces.get(ns)!.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        if (groups.length) out[ns] = groups.map(encodeGroup);
      }
      if (Object.keys(out).length === 0) return httpError(res, 404, "no rule groups found");
      return yamlOut(res, out);
    }
    if (method === "GET") {
      const g = namespaces.get(namespace!)?.get(groupName!);
      if (!g) return httpError(res, 404, "group does not exist");
      return yamlOut(res, encodeGroup(g));
    }
    if (method === "POST") {
      let group: StoredGroup;
      try {
        group = decodeGroup(body, flavor);
      } catch (err) {
        if (err instanceof DecodeError) return httpError(res, 400, "unable to decoded rule group");
        throw err;
      }
      const errs = validate(group, flavor);
      if (errs.length) return httpError(res, 400, errs.join(", "));
      const maxRules = opts.maxRulesPerGroup ?? 0;
      if (maxRules > 0 && group.rules.length > maxRules) {
        return httpError(res, 400, `per-user rules per rule group limit (limit: ${maxRules} actual: ${group.rules.length}) exceeded`);
      }
      const maxGroups = opts.maxRuleGroups ?? 0;
      if (maxGroups > 0) {
        // upstream counts the tenant's existing groups + 1, even when the POST replaces one
        const existing = [...namespaces.values()].reduce((n, m) => n + m.size, 0);
        if (existing + 1 > maxGroups) {
          return httpError(res, 400, `per-user rule groups limit (limit: ${maxGroups} actual: ${existing + 1}) exceeded`);
        }
      }
      const groups = namespaces.get(namespace!) ?? new Map<string, StoredGroup>();
      groups.set(group.name, group);
      namespaces.set(namespace!, groups);
      state.set(tenant, namespaces);
      return accepted(res);
    }
    // DELETE
    if (groupName === undefined) {
      if (!namespaces.get(namespace!)?.size) return httpError(res, 404, "group namespace does not exist");
      namespaces.delete(namespace!);
      return accepted(res);
    }
    const groups = namespaces.get(namespace!);
    if (!groups?.delete(groupName)) return httpError(res, 404, "group does not exist");
    if (groups.size === 0) namespaces.delete(namespace!);
    return accepted(res);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString("utf8"));
      } catch (err) {
        httpError(res, 500, err instanceof Error ? err.message : String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: flavor === "mimir" ? `${root}/prometheus` : root,
    state,
    requests,
    failNext(status, body, contentType = TEXT) {
      faults.push({ status, body, contentType });
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
