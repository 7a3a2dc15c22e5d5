import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { env } from "./env";
import * as session from "./support/session";
import { data } from "./support/session";

/**
 * Every permission, proven: each export of app/actions/* and each route handler under
 * app/api/ is called as anonymous, viewer, editor and admin, with the outcome its
 * table below documents. A refused call gets a *valid* input (so a missing check
 * would do real work) and must change nothing: database rows, users, the rules
 * directory and Alertmanager's silences are compared before and after. An allowed
 * call gets `null`, which no schema accepts: "invalid" proves the role check let it
 * through without running it. An export or route missing from the tables fails.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `perm${Date.now().toString(36)}`;
const REFERENCE = readFileSync(path.resolve("scripts/stack/performance.rules.yml"), "utf8");
let db: typeof import("@/lib/db/client");
let ids: Record<Role, string>;
let ruleFileId = "";
let sloId = "";
let slo: unknown;

/** a profile no test pushes: a refused import must leave it unkept */
const PROFILE = { namespace: "shop", kind: "VerticalPodAutoscaler", name: "catalog-service" };

type Caller = Role | null;
const CALLERS: Caller[] = [null, "VIEWER", "EDITOR", "ADMIN"];
const RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3 };
const allowed = (caller: Caller, need: Role) => caller !== null && RANK[caller] >= RANK[need];
const name = (c: Caller) => (c ?? "anonymous").toLowerCase();

/** The role each server action needs, and a valid input for it. Add a line for a new action. */
const ACTIONS: Record<string, { role: Role; input: () => unknown }> = {
  "audit.listAuditAction": { role: "EDITOR", input: () => ({}) },
  "reviews.getReportAction": { role: "VIEWER", input: () => ({ period: { last: "week" }, services: ["order-service"] }) },
  "reviews.listReviewsAction": { role: "VIEWER", input: () => ({}) },
  "reviews.getReviewAction": { role: "VIEWER", input: () => ({ id: "no-such-review" }) },
  "reviews.createReviewAction": { role: "EDITOR", input: () => ({ kind: "weekly", period: "2026-W01", services: ["order-service"] }) },
  "reviews.saveReviewNotesAction": { role: "EDITOR", input: () => ({ id: "no-such-review", revision: 0, notes: "perm" }) },
  "reviews.addDecisionAction": { role: "EDITOR", input: () => ({ reviewId: "no-such-review", text: "perm" }) },
  "reviews.addActionItemAction": { role: "EDITOR", input: () => ({ reviewId: "no-such-review", title: "perm", owner: "perm" }) },
  "reviews.updateActionItemAction": { role: "EDITOR", input: () => ({ id: "no-such-item", status: "done" }) },
  "alerts.getAlertsAction": { role: "VIEWER", input: () => ({}) },
  "alerts.createSilenceAction": { role: "EDITOR", input: () => ({ matchers: `alertname="Perm${suffix}"`, minutes: 5, comment: "permission test" }) },
  "alerts.expireSilenceAction": { role: "EDITOR", input: () => ({ id: "00000000-0000-4000-8000-000000000000" }) },
  "dashboard.getDashboard": { role: "VIEWER", input: () => ({ service: "order-service", range: { kind: "relative", preset: "1h" }, widthPx: 600, viewId: "v" }) },
  "explore.runExploreQuery": { role: "VIEWER", input: () => ({ query: "up", mode: "instant", range: { kind: "relative", preset: "1h" }, widthPx: 600 }) },
  "loadtests.listLoadTestsAction": { role: "VIEWER", input: () => ({ service: "order-service" }) },
  "loadtests.getLoadTestAction": { role: "VIEWER", input: () => ({ id: "no-such-run" }) },
  "loadtests.importLoadTestAction": { role: "EDITOR", input: () => ({ service: "order-service", name: `perm-${suffix}`, runAt: "2026-01-05T10:00:00Z", fileName: "summary.json", content: readFileSync(path.resolve("test/fixtures/k6/summary-export-prefapp-analyzer.json"), "utf8") }) },
  "loadtests.deleteLoadTestAction": { role: "EDITOR", input: () => ({ id: "no-such-run" }) },
  "overview.getOverview": { role: "VIEWER", input: () => ({ range: "1h" }) },
  "profiles.listProfilesAction": { role: "VIEWER", input: () => ({}) },
  "profiles.getProfileAction": { role: "VIEWER", input: () => ({ id: PROFILE }) },
  "profiles.importProfileAction": { role: "EDITOR", input: () => ({ id: PROFILE }) },
  "profiles.checkProfileAction": { role: "VIEWER", input: () => ({ content: "kind: HorizontalPodAutoscaler\n" }) },
  "profiles.saveProfileAction": { role: "EDITOR", input: () => ({ documentId: "no-such-document", base: 1, content: "kind: x\n", message: "perm" }) },
  "profiles.profileVersionAction": { role: "VIEWER", input: () => ({ documentId: "no-such-document", version: 1 }) },
  "profiles.profileDiffAction": { role: "VIEWER", input: () => ({ documentId: "no-such-document", from: 1, to: 1 }) },
  "profiles.replayProfileAction": { role: "VIEWER", input: () => ({ id: PROFILE, content: "spec: {maxReplicas: 3}\n", window: "1d" }) },
  "profiles.previewPushAction": { role: "EDITOR", input: () => ({ documentId: "no-such-document", version: 1 }) },
  "profiles.pushProfileAction": { role: "EDITOR", input: () => ({ documentId: "no-such-document", version: 1, target: "kubernetes", force: true }) },
  "roadmap.roadmapAction": { role: "VIEWER", input: () => ({}) },
  "roadmap.createRoadmapItemAction": { role: "EDITOR", input: () => ({ item: { title: `perm ${suffix}`, quarter: "2026-Q3", status: "planned", owner: "", services: ["order-service"], description: "", target: null } }) },
  "roadmap.updateRoadmapItemAction": { role: "EDITOR", input: () => ({ id: "no-such-item", base: "2026-01-01T00:00:00.000Z", item: { title: `perm ${suffix}`, quarter: "2026-Q3", status: "planned", owner: "", services: ["order-service"], description: "", target: null } }) },
  "roadmap.deleteRoadmapItemAction": { role: "EDITOR", input: () => ({ id: "no-such-item", base: "2026-01-01T00:00:00.000Z" }) },
  "rules.browseLoadedRules": { role: "VIEWER", input: () => ({}) },
  "rules.listRuleFilesAction": { role: "VIEWER", input: () => ({}) },
  "rules.getRuleFileAction": { role: "VIEWER", input: () => ({ id: ruleFileId }) },
  "rules.driftAction": { role: "VIEWER", input: () => ({ id: ruleFileId }) },
  "rules.getVersionAction": { role: "VIEWER", input: () => ({ id: ruleFileId, version: 1 }) },
  "rules.diffVersionsAction": { role: "VIEWER", input: () => ({ id: ruleFileId, from: 1, to: 1 }) },
  "rules.checkDraftAction": { role: "VIEWER", input: () => ({ content: REFERENCE }) },
  "rules.saveVersionAction": { role: "EDITOR", input: () => ({ id: ruleFileId, base: 1, content: REFERENCE.replace("> 0.01", "> 0.02"), message: "perm" }) },
  "rules.createRuleFileAction": { role: "EDITOR", input: () => ({ name: `perm-${suffix}.yml`, content: REFERENCE }) },
  "rules.importRulesAction": { role: "EDITOR", input: () => ({ from: "upload", name: `perm-up-${suffix}.yml`, content: REFERENCE }) },
  "rules.pushVersionAction": { role: "EDITOR", input: () => ({ id: ruleFileId, version: 1 }) },
  "rules.backtestAction": { role: "VIEWER", input: () => ({ kind: "alert", expr: "up == 0", window: "1d" }) },
  "rules.previewTemplatesAction": { role: "EDITOR", input: () => ({ expr: "up", labels: {}, annotations: { summary: "{{ $labels.job }}" } }) },
  "rules.exportRuleFileAction": { role: "VIEWER", input: () => ({ id: ruleFileId, version: 1, format: "file" }) },
  "service-map.serviceMapAction": { role: "VIEWER", input: () => ({ range: "1h" }) },
  "slo.sloBoardAction": { role: "VIEWER", input: () => ({}) },
  "slo.sloDetailAction": { role: "VIEWER", input: () => ({ id: sloId }) },
  "slo.sloPreviewAction": { role: "VIEWER", input: () => ({ spec: slo }) },
  "slo.sloVersionAction": { role: "VIEWER", input: () => ({ id: sloId, version: 1 }) },
  "slo.saveSloAction": { role: "EDITOR", input: () => ({ spec: slo, base: 1, message: "perm" }) },
  "slo.importSloAction": { role: "EDITOR", input: () => ({ text: "apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata: {name: x}\nspec: {service: x, slos: []}\n" }) },
  "slo.exportSloAction": { role: "VIEWER", input: () => ({ id: sloId, format: "sloth" }) },
  "slo.pushSloRulesAction": { role: "EDITOR", input: () => ({ id: sloId }) },
  "slo.histogramBoundsAction": { role: "VIEWER", input: () => ({ metric: "http_request_duration_seconds" }) },
  "traces.traceServicesAction": { role: "VIEWER", input: () => ({}) },
  "traces.traceOperationsAction": { role: "VIEWER", input: () => ({ service: "order-service" }) },
  "traces.searchTracesAction": {
    role: "VIEWER",
    input: () => ({ service: "order-service", operation: "", tags: "", minDuration: "", maxDuration: "", limit: 5, range: { kind: "relative", preset: "15m" } }),
  },
  "traces.getTraceAction": { role: "VIEWER", input: () => ({ id: "0af7651916cd43dd8448eb211c80319c" }) },
  "users.listUsersAction": { role: "ADMIN", input: () => ({}) },
  "users.createUserAction": { role: "ADMIN", input: () => ({ email: `new-${suffix}@example.com`, name: "New", password: "long enough password", role: "ADMIN" }) },
  "users.setRoleAction": { role: "ADMIN", input: () => ({ userId: ids.VIEWER, role: "ADMIN" }) },
  "users.setDisabledAction": { role: "ADMIN", input: () => ({ userId: ids.ADMIN, disabled: true }) },
  "users.resetPasswordAction": { role: "ADMIN", input: () => ({ userId: ids.ADMIN, password: "another long password" }) },
};

/** Exports that are not role-checked actions, and why: each has its own test below. */
const PUBLIC_ACTIONS = {
  "auth.signIn": "anyone may try to sign in (throttled: sign-in.test.ts)",
  "auth.signOut": "ends the caller's own session, if any",
};

/** Every route handler: who may call it. */
const ROUTES: Record<string, "public" | "public, details for users" | "token when METRICS_TOKEN is set" | Role> = {
  "GET /api/health": "public, details for users",
  "GET /api/metrics": "token when METRICS_TOKEN is set",
  "GET /api/prometheus/api/v1/[...path]": "VIEWER",
  "POST /api/prometheus/api/v1/[...path]": "VIEWER",
  "GET /api/traces/[id]/otlp": "VIEWER",
  "GET /api/pdf": "VIEWER",
};

function actionFiles(): string[] {
  return readdirSync(path.resolve("app/actions")).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, ""));
}

function routeFiles(dir = path.resolve("app/api")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

/** Everything a refused call must leave as it was. */
async function fingerprint(): Promise<string> {
  const p = db.prisma();
  const tables = await p.$queryRaw<{ t: string }[]>`SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`;
  const counts: Record<string, number> = {};
  for (const { t } of tables) {
    if (t === "Session") continue; // signing the test's callers in writes sessions
    const [row] = await p.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${t}"`);
    counts[t] = row!.n;
  }
  const users = await p.user.findMany({ select: { id: true, role: true, disabled: true, passwordHash: true }, orderBy: { id: "asc" } });
  const files = await p.document.findMany({ where: { kind: "rules" }, select: { id: true, head: true }, orderBy: { id: "asc" } });
  const slos = await p.document.findMany({ where: { kind: "slo" }, select: { id: true, head: true }, orderBy: { id: "asc" } });
  const dir = readdirSync(env.rulesDir)
    .sort()
    .map((f) => `${f}:${createHash("sha256").update(readFileSync(path.join(env.rulesDir, f))).digest("hex")}`);
  const silences = ((await (await fetch(`${env.alertmanagerUrl}/api/v2/silences`)).json()) as { id: string; status: { state: string } }[])
    .map((s) => `${s.id}:${s.status.state}`)
    .sort();
  return JSON.stringify({ counts, users, files, slos, dir, silences });
}

async function callAs(caller: Caller) {
  await session.signInAs(db, caller ? ids[caller] : null);
}

beforeAll(async () => {
  ({ db, ids } = await session.setUpActions(suffix));
  const { demoSlos } = await import("@/lib/slo/demo");
  const rules = await import("@/app/actions/rules");
  const slos = await import("@/app/actions/slo");
  await session.signInAs(db, ids.ADMIN);
  ruleFileId = data(await rules.createRuleFileAction({ name: `perm-base-${suffix}.yml`, content: REFERENCE })).id;
  slo = { ...demoSlos(["order-service"])[0]!, name: `perm-${suffix}` };
  data(await slos.saveSloAction({ spec: slo, base: 0, message: "permission test" }));
  sloId = (await db.prisma().document.findFirstOrThrow({ where: { kind: "slo",  name: { contains: suffix } } })).id;
});

afterAll(async () => {
  const p = db.prisma();
  await p.document.deleteMany({ where: { kind: "rules",  name: { contains: suffix } } });
  await p.document.deleteMany({ where: { kind: "slo",  name: { contains: suffix } } });
  await p.user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await p.$disconnect();
});

describe("the permission tables cover everything", () => {
  it("every export of app/actions/* has an entry, and every entry an export", async () => {
    const found: string[] = [];
    for (const file of actionFiles()) {
      const mod = (await import(`@/app/actions/${file}`)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(mod)) if (typeof value === "function") found.push(`${file}.${key}`);
    }
    expect(found.sort()).toEqual([...Object.keys(ACTIONS), ...Object.keys(PUBLIC_ACTIONS)].sort());
  });

  it("every route handler under app/api has an entry, and every entry a handler", async () => {
    const found: string[] = [];
    for (const file of routeFiles()) {
      const mod = (await import(file)) as Record<string, unknown>;
      const route = `/${path.relative(path.resolve("app"), path.dirname(file))}`;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (typeof mod[method] === "function") found.push(`${method} ${route}`);
    }
    expect(found.sort()).toEqual(Object.keys(ROUTES).sort());
  });
});

describe("server actions", () => {
  for (const [key, { role }] of Object.entries(ACTIONS)) {
    it(`${key} needs ${role.toLowerCase()}: refused below, with nothing changed; let through at or above`, async () => {
      const [file, exported] = key.split(".") as [string, string];
      const action = ((await import(`@/app/actions/${file}`)) as Record<string, (input: unknown) => Promise<{ ok: boolean; error?: { code: string } }>>)[exported]!;
      for (const caller of CALLERS) {
        await callAs(caller);
        if (allowed(caller, role)) {
          const res = await action(null);
          expect(res.ok ? "ran" : res.error?.code, `${key} as ${name(caller)}`).toBe("invalid");
          continue;
        }
        const before = await fingerprint();
        const res = await action(ACTIONS[key]!.input());
        expect(res.ok ? "ran" : res.error?.code, `${key} as ${name(caller)}`).toBe(caller === null ? "unauthenticated" : "forbidden");
        expect(await fingerprint(), `${key} as ${name(caller)} changed something`).toBe(before);
      }
    });
  }

  it("signIn and signOut are public: a wrong password signs nobody in, signing out without a session changes nothing", async () => {
    const auth = await import("@/app/actions/auth");
    await callAs(null);
    const form = new FormData();
    form.set("email", `admin-${suffix}@example.com`);
    form.set("password", "wrong password entirely");
    expect(await auth.signIn({}, form)).toEqual({ error: "Wrong email or password, or the account is disabled.", email: `admin-${suffix}@example.com` });
    expect(session.jar.size).toBe(0);
    const digest = await auth.signOut().then(
      () => "",
      (e: { digest?: string }) => e.digest ?? "",
    );
    expect(digest).toMatch(/^NEXT_REDIRECT;.*;\/login;/);
  });
});

describe("route handlers", () => {
  const promRoute = () => import("@/app/api/prometheus/api/v1/[...path]/route");
  const ctx = (p: string[]) => ({ params: Promise.resolve({ path: p }) });

  it("/api/health: the status for anyone, the checks for signed-in users", async () => {
    const { GET } = await import("@/app/api/health/route");
    for (const caller of CALLERS) {
      await callAs(caller);
      const body = (await (await GET()).json()) as Record<string, unknown>;
      if (caller === null) expect(Object.keys(body)).toEqual(["status"]);
      else expect(Object.keys(body).sort()).toEqual(["checks", "status"]);
    }
  });

  it("/api/metrics: open without METRICS_TOKEN; with it, only the exact bearer token", async () => {
    const { GET } = await import("@/app/api/metrics/route");
    const { resetConfigCache } = await import("@/lib/config");
    await callAs(null);
    expect((await GET(new Request("http://console/api/metrics"))).status).toBe(200);
    process.env.METRICS_TOKEN = "perm-token-123";
    resetConfigCache();
    try {
      expect((await GET(new Request("http://console/api/metrics"))).status).toBe(401);
      expect((await GET(new Request("http://console/api/metrics", { headers: { authorization: "Bearer perm-token-12" } }))).status).toBe(401);
      // a signed-in admin's cookie is no substitute for the token
      await callAs("ADMIN");
      expect((await GET(new Request("http://console/api/metrics"))).status).toBe(401);
      expect((await GET(new Request("http://console/api/metrics", { headers: { authorization: "Bearer perm-token-123" } }))).status).toBe(200);
    } finally {
      delete process.env.METRICS_TOKEN;
      resetConfigCache();
    }
  });

  it("/api/health: a server without Chromium says that PDF export cannot work, and is not degraded by it", async () => {
    const { GET } = await import("@/app/api/health/route");
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    try {
      await callAs("VIEWER");
      const res = await GET();
      const body = (await res.json()) as { status: string; checks: { pdf: { ok: boolean; error?: string } } };
      expect(body.checks.pdf).toEqual({ ok: false, latencyMs: 0, error: "PDF export needs Chromium on the server: install Debian's chromium package or set CHROMIUM_PATH (not found: /nonexistent/chromium)" });
      expect([res.status, body.status]).toEqual([200, "ok"]);
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });

  it("/api/prometheus/api/v1/…: signed-in users only, completion endpoints only, for GET and POST", async () => {
    const { GET, POST } = await promRoute();
    for (const caller of CALLERS) {
      await callAs(caller);
      const get = await GET(new Request("http://console/api/prometheus/api/v1/labels"), ctx(["labels"]));
      const post = await POST(new Request("http://console/api/prometheus/api/v1/series", { method: "POST", body: "match[]=up" }), ctx(["series"]));
      expect([get.status, post.status], name(caller)).toEqual(caller === null ? [401, 401] : [200, 200]);
      // never a query, an admin endpoint or a write, whoever asks
      const query = await GET(new Request("http://console/api/prometheus/api/v1/query?query=up"), ctx(["query"]));
      const admin = await POST(new Request("http://console/api/prometheus/api/v1/admin/tsdb/delete_series", { method: "POST" }), ctx(["admin", "tsdb", "delete_series"]));
      expect([query.status, admin.status], name(caller)).toEqual(caller === null ? [401, 401] : [403, 403]);
    }
  });

  it("/api/prometheus/…: a lookup reaches Prometheus bounded in count and time, and a bad time is refused before it", async () => {
    const { GET } = await promRoute();
    const { buildInfo } = await import("@/lib/prometheus/client");
    const { parseConfig } = await import("@/lib/config");
    const version = (await buildInfo(parseConfig({ PROMETHEUS_URL: env.prometheusUrl }).prometheus)).version;
    await callAs("VIEWER");
    // every series of all time, three at most
    const all = encodeURIComponent('{__name__=~".+"}');
    const res = await GET(new Request(`http://console/api/prometheus/api/v1/series?match[]=${all}&start=0&limit=3`), ctx(["series"]));
    const body = (await res.json()) as { status: string; data: unknown[]; warnings?: string[] };
    expect(res.status).toBe(200);
    if (Number(version.split(".")[0]) >= 3) {
      expect(body.data).toHaveLength(3);
      expect(body.warnings?.join(" ")).toMatch(/truncated/);
    } else expect(body.data.length, `Prometheus ${version} knows no limit`).toBeGreaterThan(3);
    const bad = await GET(new Request("http://console/api/prometheus/api/v1/labels?start=yesterday"), ctx(["labels"]));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ status: "error", errorType: "bad_data", error: 'start: "yesterday" is not a unix time in seconds or an RFC 3339 date' });
  });

  it("/api/traces/[id]/otlp: signed-in users only; a bad id is refused before Jaeger is asked", async () => {
    const { GET } = await import("@/app/api/traces/[id]/otlp/route");
    const at = (id: string) => GET(new Request(`http://console/api/traces/${id}/otlp`), { params: Promise.resolve({ id }) });
    for (const caller of CALLERS) {
      await callAs(caller);
      const missing = await at("00000000000000000000000000c0ffee");
      const bad = await at("..%2F..%2Fadmin");
      expect([missing.status, bad.status], name(caller)).toEqual(caller === null ? [401, 401] : [404, 400]);
      if (caller !== null) expect(await missing.json()).toEqual({ error: "Trace 00000000000000000000000000c0ffee does not exist in Jaeger (it may have been evicted)" });
    }
  });

  it("/api/pdf: signed-in users only; only the console's own print pages, refused before Chromium starts", async () => {
    const { GET } = await import("@/app/api/pdf/route");
    const at = (path: string) => GET(new Request(`http://console/api/pdf?path=${encodeURIComponent(path)}`));
    for (const caller of CALLERS) {
      await callAs(caller);
      const outside = await at("http://169.254.169.254/latest/meta-data");
      const other = await at("/admin/users");
      expect([outside.status, other.status], name(caller)).toEqual(caller === null ? [401, 401] : [400, 400]);
      if (caller !== null) expect(((await other.json()) as { error: string }).error).toMatch(/^path: only a review's or a report's print page can be exported/);
    }
  });
});
