import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BackendConfig } from "@/lib/config";
import { UpstreamError } from "@/lib/upstream/errors";
import { startRulerStandIn, type RulerStandIn } from "@/test/standins/ruler-api-standin";
import {
  deleteGroup,
  deleteNamespace,
  getGroup,
  isRulerNotFound,
  listRules,
  RulerError,
  rulerPath,
  setGroup,
  type RulerConfig,
  type RulerFlavor,
} from "./client";

/**
 * Contract tests of the ruler client against a STAND-IN of the Cortex/Mimir ruler config
 * API (test/standins/ruler-api-standin.ts), which reproduces the upstream wire format:
 * status codes, content types, text vs JSON error bodies, error texts.
 */

/** The product's reference group, as one group document (the body of a POST). */
const PERFORMANCE_RULES = `name: performance.rules
rules:
  - alert: HighResponseTime
    expr: histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5
    for: 2m
    labels:
      severity: warning
    annotations:
      summary: "High response time on {{ $labels.service }}"
  - alert: HighErrorRate
    expr: |
      sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))
        / sum by (service) (rate(http_requests_total[5m])) > 0.01
    for: 1m
    labels:
      severity: critical
  - alert: DatabaseSlowQueries
    expr: histogram_quantile(0.95, sum by (le, service) (rate(database_query_duration_seconds_bucket[5m]))) > 0.1
    for: 5m
    labels:
      severity: warning
`;

const group = (name: string, rules = "  - record: job:up:sum\n    expr: sum by (job) (up)\n") => `name: ${name}\nrules:\n${rules}`;

async function failureOf(p: Promise<unknown>): Promise<RulerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RulerError);
  expect(err).toBeInstanceOf(UpstreamError);
  return err as RulerError;
}

const PATHS: Record<RulerFlavor, string> = { mimir: "/prometheus/config/v1/rules", cortex: "/api/v1/rules" };
const VALIDATION_PREFIX: Record<RulerFlavor, string> = { mimir: "invalid rules configuration", cortex: "invalid rules config" };

for (const flavor of ["mimir", "cortex"] as const) {
  describe(`ruler client against the ${flavor} stand-in`, () => {
    let standIn: RulerStandIn;
    beforeAll(async () => {
      standIn = await startRulerStandIn({ flavor, maxRulesPerGroup: 5 });
    });
    afterAll(() => standIn.stop());
    beforeEach(() => {
      standIn.state.clear();
      standIn.requests.length = 0;
    });

    const cfg = (over: Partial<BackendConfig> = {}): RulerConfig => ({
      flavor,
      backend: { name: "ruler", url: standIn.url, tenant: "team-a", timeoutMs: 2000, ...over },
    });

    it("stores a group (POST application/yaml → 202) and reads it back", async () => {
      await setGroup(cfg(), "perf", PERFORMANCE_RULES);
      expect(standIn.requests[0]).toMatchObject({
        method: "POST",
        path: `${PATHS[flavor]}/perf`,
        contentType: "application/yaml",
        tenant: "team-a",
        body: PERFORMANCE_RULES,
      });
      const g = await getGroup(cfg(), "perf", "performance.rules");
      expect(standIn.requests[1]).toMatchObject({ method: "GET", path: `${PATHS[flavor]}/perf/performance.rules`, tenant: "team-a" });
      expect(g.name).toBe("performance.rules");
      expect(g.rules.map((r) => [r.alert, r.for, r.labels?.severity])).toEqual([
        ["HighResponseTime", "2m", "warning"],
        ["HighErrorRate", "1m", "critical"],
        ["DatabaseSlowQueries", "5m", "warning"],
      ]);
      expect(g.rules[0]?.annotations).toEqual({ summary: "High response time on {{ $labels.service }}" });
      expect(g.rules[1]?.expr).toBe(
        'sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))\n  / sum by (service) (rate(http_requests_total[5m])) > 0.01\n',
      );
    });

    it("returns what the server stored, not what was sent (durations normalised, unknown keys dropped)", async () => {
      // upstream decodes with plain yaml.Unmarshal: a misspelt key is silently ignored
      await setGroup(cfg(), "perf", group("g", "  - alert: A\n    expr: up == 0\n    for: 120s\n    annotation:\n      summary: typo\n"));
      const g = await getGroup(cfg(), "perf", "g");
      expect(g.rules).toEqual([{ alert: "A", expr: "up == 0", for: "2m" }]);
    });

    it("lists all namespaces, one namespace, and an empty ruler as {}", async () => {
      expect(await listRules(cfg())).toEqual({});
      expect(standIn.requests[0]).toMatchObject({ method: "GET", path: PATHS[flavor] });
      await setGroup(cfg(), "b-ns", group("two"));
      await setGroup(cfg(), "b-ns", group("one"));
      await setGroup(cfg(), "a-ns", group("three"));
      const all = await listRules(cfg());
      expect(Object.keys(all)).toEqual(["a-ns", "b-ns"]);
      expect(all["b-ns"]?.map((g) => g.name)).toEqual(["one", "two"]);
      expect(all["a-ns"]?.[0]?.rules).toEqual([{ record: "job:up:sum", expr: "sum by (job) (up)" }]);
      const one = await listRules(cfg(), "a-ns");
      expect(Object.keys(one)).toEqual(["a-ns"]);
      expect(await listRules(cfg(), "missing")).toEqual({});
    });

    it("keeps tenants apart: the tenant header selects the rule set", async () => {
      await setGroup(cfg(), "ns", group("g"));
      expect(await listRules(cfg({ tenant: "team-b" }))).toEqual({});
      expect(standIn.requests.map((r) => r.tenant)).toEqual(["team-a", "team-b"]);
      expect([...standIn.state.keys()]).toEqual(["team-a"]);
    });

    it("replaces a group with the same name", async () => {
      await setGroup(cfg(), "ns", group("g"));
      await setGroup(cfg(), "ns", group("g", "  - record: job:up:max\n    expr: max by (job) (up)\n"));
      expect((await getGroup(cfg(), "ns", "g")).rules[0]?.record).toBe("job:up:max");
      expect(standIn.state.get("team-a")?.get("ns")?.size).toBe(1);
    });

    it("deletes a group and a namespace (DELETE → 202), then reports each as not found", async () => {
      await setGroup(cfg(), "ns", group("g1"));
      await setGroup(cfg(), "ns", group("g2"));
      await deleteGroup(cfg(), "ns", "g1");
      expect(standIn.requests.at(-1)).toMatchObject({ method: "DELETE", path: `${PATHS[flavor]}/ns/g1` });

      const gone = await failureOf(getGroup(cfg(), "ns", "g1"));
      expect(gone).toMatchObject({ failure: "group_not_found", status: 404, kind: "http", serverMessage: "group does not exist" });
      expect(isRulerNotFound(gone)).toBe(true);
      expect((await failureOf(deleteGroup(cfg(), "ns", "g1"))).failure).toBe("group_not_found");

      await deleteNamespace(cfg(), "ns");
      expect(standIn.requests.at(-1)).toMatchObject({ method: "DELETE", path: `${PATHS[flavor]}/ns` });
      expect(await listRules(cfg())).toEqual({});
      const nsGone = await failureOf(deleteNamespace(cfg(), "ns"));
      expect(nsGone).toMatchObject({ failure: "namespace_not_found", status: 404, serverMessage: "group namespace does not exist" });
      expect(isRulerNotFound(nsGone)).toBe(true);
    });

    it("surfaces a validation failure verbatim (400 text/plain)", async () => {
      const bad = group("g", "  - alert: A\n    record: a:b\n    expr: up\n  - record: x\n    expr: up\n    for: 5m\n");
      const err = await failureOf(setGroup(cfg(), "ns", bad));
      expect(err).toMatchObject({ kind: "rejected", status: 400, failure: "invalid_group", backend: "ruler" });
      // two problems, joined with ", " like upstream
      expect(err.serverMessage).toBe(
        `group "g", rule 1: only one of 'record' and 'alert' must be set, group "g", rule 2: invalid field 'for' in recording rule`,
      );
      expect(err.message).toBe(`ruler (${flavor}) rejected the rule group: ${err.serverMessage}`);
      expect(standIn.state.size).toBe(0);
    });

    it("surfaces upstream's own group-level messages", async () => {
      const noName = await failureOf(setGroup(cfg(), "ns", "rules:\n  - record: a\n    expr: up\n"));
      expect(noName.serverMessage).toBe(`${VALIDATION_PREFIX[flavor]}: rule group name must not be empty`);
      const noRules = await failureOf(setGroup(cfg(), "ns", "name: empty\nrules: []\n"));
      expect(noRules.serverMessage).toBe(`${VALIDATION_PREFIX[flavor]}: rule group 'empty' has no rules`);
    });

    it("reports a body that is not a rule group (400 `unable to decoded rule group` [sic])", async () => {
      for (const body of ["name: g\nrules: not-a-list\n", "name: g\nrules:\n  - alert: A\n    expr: up\n    for: 5 minutes\n", "- just\n- a list\n"]) {
        const err = await failureOf(setGroup(cfg(), "ns", body));
        expect(err).toMatchObject({ status: 400, failure: "invalid_group", serverMessage: "unable to decoded rule group" });
        expect(err.message).toBe(`ruler (${flavor}) could not decode the body as one YAML rule group: unable to decoded rule group`);
      }
    });

    it("refuses a whole rule file locally, before any request", async () => {
      const err = await failureOf(setGroup(cfg(), "ns", `groups:\n  - ${group("g").replace(/\n(?=.)/g, "\n    ")}`));
      expect(err).toMatchObject({ kind: "rejected", failure: "invalid_group", status: undefined });
      expect(err.message).toContain("one rule group per request");
      expect(standIn.requests).toHaveLength(0);
    });

    it("reports the per-tenant limit", async () => {
      const rules = Array.from({ length: 6 }, (_, i) => `  - record: r${i}\n    expr: up\n`).join("");
      const err = await failureOf(setGroup(cfg(), "ns", group("big", rules)));
      expect(err).toMatchObject({
        failure: "limit_exceeded",
        status: 400,
        serverMessage: "per-user rules per rule group limit (limit: 5 actual: 6) exceeded",
      });
    });

    it("says clearly when no tenant was sent (400 JSON `no org id`)", async () => {
      const err = await failureOf(listRules(cfg({ tenant: undefined })));
      expect(standIn.requests[0]?.tenant).toBeUndefined();
      expect(err).toMatchObject({ failure: "tenant_missing", status: 400, serverMessage: "no org id" });
      expect(err.message).toBe(`ruler (${flavor}) needs a tenant: set the tenant (X-Scope-OrgID) for this backend: no org id`);
    });

    it("distinguishes a wrong URL or flavor (router 404) from a missing group", async () => {
      const other: RulerFlavor = flavor === "mimir" ? "cortex" : "mimir";
      const err = await failureOf(getGroup({ ...cfg(), flavor: other }, "ns", "g"));
      expect(err).toMatchObject({ failure: "route_not_found", status: 404, serverMessage: "404 page not found" });
      expect(err.message).toContain("check the URL and flavor");
      expect(isRulerNotFound(err)).toBe(false);
    });

    it("escapes namespace and group names as path segments", async () => {
      const ns = "team a/prod?x=1#frag%";
      const name = "cpu/p95 ratio";
      await setGroup(cfg(), ns, group(JSON.stringify(name)));
      expect(standIn.requests[0]?.path).toBe(`${PATHS[flavor]}/team%20a%2Fprod%3Fx%3D1%23frag%25`);
      expect([...(standIn.state.get("team-a")?.keys() ?? [])]).toEqual([ns]);
      expect((await getGroup(cfg(), ns, name)).name).toBe(name);
      expect(standIn.requests[1]?.path).toBe(`${PATHS[flavor]}/team%20a%2Fprod%3Fx%3D1%23frag%25/cpu%2Fp95%20ratio`);
      expect(Object.keys(await listRules(cfg(), ns))).toEqual([ns]);
      await deleteGroup(cfg(), ns, name);
      expect(standIn.state.get("team-a")?.has(ns)).toBe(false);
    });

    it("passes the server's message through from JSON and from text error bodies", async () => {
      standIn.failNext(500, JSON.stringify({ status: "error", errorType: "server_error", error: "unable to list rule groups: bucket unavailable" }), "application/json");
      const json = await failureOf(listRules(cfg()));
      expect(json).toMatchObject({ kind: "http", status: 500, failure: "other", serverMessage: "unable to list rule groups: bucket unavailable" });
      expect(json.message).toBe(`ruler (${flavor}): the rule list failed with HTTP 500: unable to list rule groups: bucket unavailable`);

      standIn.failNext(500, "rpc error: code = Unavailable desc = connection refused\n");
      const text = await failureOf(setGroup(cfg(), "ns", group("g")));
      expect(text).toMatchObject({ status: 500, serverMessage: "rpc error: code = Unavailable desc = connection refused" });

      standIn.failNext(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html");
      expect((await failureOf(getGroup(cfg(), "ns", "g"))).serverMessage).toBe("502 Bad Gateway");
    });

    it("accepts a 202 without a body and rejects a 2xx whose JSON says error", async () => {
      standIn.failNext(202, "", "application/json");
      await expect(deleteNamespace(cfg(), "ns")).resolves.toBeUndefined();
      standIn.failNext(202, JSON.stringify({ status: "error", error: "odd" }), "application/json");
      expect(await failureOf(deleteNamespace(cfg(), "ns"))).toMatchObject({ kind: "bad_response", serverMessage: "odd" });
    });

    it("rejects YAML from a GET that is not what the API documents", async () => {
      standIn.failNext(200, "just a string\n", "application/yaml");
      expect((await failureOf(listRules(cfg()))).kind).toBe("bad_response");
      standIn.failNext(200, "rules: []\n", "application/yaml");
      expect((await failureOf(getGroup(cfg(), "ns", "g"))).message).toContain("has no name");
    });
  });
}

describe("ruler client: tenant check in dskit's auth middleware", () => {
  let standIn: RulerStandIn;
  beforeAll(async () => {
    standIn = await startRulerStandIn({ flavor: "cortex", tenantCheck: "auth-middleware" });
  });
  afterAll(() => standIn.stop());

  it("reports the 401 text/plain `no org id` as a missing tenant too", async () => {
    const err = await failureOf(listRules({ flavor: "cortex", backend: { name: "ruler", url: standIn.url, timeoutMs: 2000 } }));
    expect(err).toMatchObject({ failure: "tenant_missing", status: 401, kind: "http", serverMessage: "no org id" });
  });

  it("points at a proxy when the tenant is configured but does not arrive", async () => {
    standIn.failNext(401, "no org id\n");
    const err = await failureOf(listRules({ flavor: "cortex", backend: { name: "ruler", url: standIn.url, tenant: "t", timeoutMs: 2000 } }));
    expect(err.message).toContain("a proxy in between may drop it");
  });
});

describe("ruler client: single-tenant servers", () => {
  it("works without a tenant when the server does not require one (tenant `anonymous` on Mimir)", async () => {
    const standIn = await startRulerStandIn({ flavor: "mimir", requireTenant: false });
    try {
      const cfg: RulerConfig = { flavor: "mimir", backend: { name: "ruler", url: standIn.url, timeoutMs: 2000 } };
      await setGroup(cfg, "ns", group("g"));
      expect([...standIn.state.keys()]).toEqual(["anonymous"]);
      expect(Object.keys(await listRules(cfg))).toEqual(["ns"]);
    } finally {
      await standIn.stop();
    }
  });
});

describe("rulerPath", () => {
  it("follows the documented URL convention per flavor", () => {
    expect(rulerPath("mimir")).toBe("/config/v1/rules");
    expect(rulerPath("cortex", "ns", "g")).toBe("/api/v1/rules/ns/g");
    expect(rulerPath("mimir", "performance.rules")).toBe("/config/v1/rules/performance.rules");
  });

  it("refuses names a URL path cannot carry", () => {
    expect(() => rulerPath("mimir", "")).toThrow("must not be empty");
    expect(() => rulerPath("mimir", "ns", "..")).toThrow('group name of ".." cannot be addressed');
  });

  it("reports an unreachable ruler with its address", async () => {
    const standIn = await startRulerStandIn({ flavor: "cortex" });
    const url = standIn.url;
    await standIn.stop();
    const err = await failureOf(listRules({ flavor: "cortex", backend: { name: "ruler", url, tenant: "t", timeoutMs: 2000 } }));
    expect(err.kind).toBe("unreachable");
    expect(err.message).toBe(`ruler (cortex) at ${url} is unreachable (ECONNREFUSED)`);
  });
});
