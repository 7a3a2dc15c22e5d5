import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { startProcess, waitForHttp, type Proc } from "@/scripts/stack/procs";
import { ALERTMANAGER_CONFIG, alertmanagerArgs, prometheusArgs, prometheusConfig } from "@/scripts/stack/stack";
import { env } from "./env";
import * as session from "./support/session";
import { data, pushAnyway } from "./support/session";

/**
 * Prometheus, Alertmanager and PostgreSQL each really restarted (stopped, then started
 * again on the same port and data) in the middle of a signed-in session. The servers
 * here are this test's own — the same binaries as the harness's, so the shared stack
 * other tests use is never taken down. While a server is down the console says so
 * where it is needed and changes nothing; once it is back the same session works
 * without signing in again, and nothing saved before is lost.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `restart${Date.now().toString(36)}`;
const work = mkdtempSync(path.join(tmpdir(), "perfops-restarts-"));
const rulesDir = path.join(work, "prometheus", "rules");
let promPort: number, amPort: number;
let prom: Proc, am: Proc, pgServer: EmbeddedPostgres;
let db: typeof import("@/lib/db/client");
let ids: Record<Role, string>;

function startPrometheus(): Proc {
  return startProcess("prometheus", env.prometheusBin, prometheusArgs({ configFile: path.join(work, "prometheus", "prometheus.yml"), dataDir: path.join(work, "prometheus-data"), port: promPort }), {
    logFile: path.join(work, "prometheus.log"),
  });
}
function startAlertmanager(): Proc {
  return startProcess("alertmanager", env.alertmanagerBin, alertmanagerArgs({ configFile: path.join(work, "alertmanager.yml"), dataDir: path.join(work, "alertmanager-data"), port: amPort }), {
    logFile: path.join(work, "alertmanager.log"),
  });
}
const startPostgres = (port?: number) => startEmbeddedPostgres({ baseDir: path.join(work, "db"), port, log: () => undefined });

beforeAll(async () => {
  [promPort, amPort] = [await freePort(), await freePort()];
  mkdirSync(rulesDir, { recursive: true });
  writeFileSync(path.join(work, "prometheus", "prometheus.yml"), prometheusConfig(Number(new URL(env.simulatorUrl).port), amPort, "1s"));
  writeFileSync(path.join(work, "alertmanager.yml"), ALERTMANAGER_CONFIG);
  prom = startPrometheus();
  am = startAlertmanager();
  pgServer = await startPostgres();
  await Promise.all([waitForHttp(`http://127.0.0.1:${promPort}/-/ready`, prom), waitForHttp(`http://127.0.0.1:${amPort}/-/ready`, am)]);
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${promPort}`,
    ALERTMANAGER_URL: `http://127.0.0.1:${amPort}`,
    DATABASE_URL: pgServer.url,
    RULES_DIR: rulesDir,
    PROMTOOL: env.promtool,
    QUERY_TIMEOUT_MS: "3000",
  });
  ({ db, ids } = await session.setUpActions(suffix));
}, 120_000);

afterAll(async () => {
  await db?.prisma().$disconnect();
  await Promise.all([prom?.stop(), am?.stop(), pgServer?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

// a range of its own per phase, so that no cached answer stands in for Prometheus
const dashboardInput = (viewId: string, preset: "15m" | "1h" | "3h") => ({ service: "order-service", range: { kind: "relative" as const, preset }, widthPx: 640, viewId });
const RULES = "groups:\n  - name: restart.rules\n    rules:\n      - record: restart:up:sum\n        expr: sum(up)\n";

async function loadedGroups(): Promise<string[]> {
  const body = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/rules`)).json()) as { data: { groups: { name: string }[] } };
  return body.data.groups.map((g) => g.name);
}

describe("restarts mid-session (own Prometheus, Alertmanager and PostgreSQL)", () => {
  it("Prometheus restarted: its panels say it is unreachable, a push meanwhile writes nothing, the same session recovers and pushes", async () => {
    const dashboards = await import("@/app/actions/dashboard");
    const rules = await import("@/app/actions/rules");
    await session.signInAs(db, ids.EDITOR);
    await expect.poll(async () => data(await dashboards.getDashboard(dashboardInput("before", "15m"))).panels.filter((p) => p.ok).length, { timeout: 15_000 }).toBeGreaterThan(3);
    const file = data(await rules.createRuleFileAction({ name: `${suffix}.yml`, content: RULES }));

    await prom.stop();
    const down = data(await dashboards.getDashboard(dashboardInput("down", "1h")));
    expect(down.panels.length).toBeGreaterThan(3);
    for (const p of down.panels) {
      expect(p.ok, p.ok ? p.data.id : "").toBe(false);
      if (!p.ok) expect(p.error.message).toMatch(/prometheus/i);
    }
    const push = data(await pushAnyway(rules.pushVersionAction, { id: file.id, version: 1 }));
    expect(push).toMatchObject({ pushed: false, result: { outcome: "failed" } });
    const result = "result" in push ? push.result : undefined;
    expect(result?.message).toMatch(/^not pushed, nothing changed: /);
    expect(result?.steps.map((s) => s.step)).not.toContain("write");
    expect(readdirSync(rulesDir)).toEqual([]);

    prom = startPrometheus();
    await waitForHttp(`http://127.0.0.1:${promPort}/-/ready`, prom);
    // the same session, no reload of anything: panels answer again
    await expect.poll(async () => data(await dashboards.getDashboard(dashboardInput("after", "3h"))).panels.filter((p) => p.ok).length, { timeout: 15_000 }).toBeGreaterThan(3);
    const again = data(await pushAnyway(rules.pushVersionAction, { id: file.id, version: 1 }));
    expect(again).toMatchObject({ pushed: true, result: { outcome: "ok" } });
    expect(readFileSync(path.join(rulesDir, `${suffix}.yml`), "utf8")).toBe(RULES);
    expect(await loadedGroups()).toContain("restart.rules");
    // the failed push is on record, beside the good one
    const pushes = await db.prisma().documentPush.findMany({ where: { documentId: file.id }, orderBy: { at: "asc" } });
    expect(pushes.map((p) => p.outcome)).toEqual(["failed", "ok"]);
  });

  it("Alertmanager restarted: the alerts page keeps Prometheus's half, a silence meanwhile is refused, silences made before survive", async () => {
    const alerts = await import("@/app/actions/alerts");
    await session.signInAs(db, ids.EDITOR);
    const { id } = data(await alerts.createSilenceAction({ matchers: `alertname="Restart${suffix}"`, minutes: 30, comment: "before the restart" }));

    await am.stop();
    const down = data(await alerts.getAlertsAction({}));
    expect(down.prometheus.ok).toBe(true);
    expect(down.silences.ok).toBe(false);
    if (!down.silences.ok) expect(down.silences.error.message).toMatch(/alertmanager/i);
    const refused = await alerts.createSilenceAction({ matchers: `alertname="During${suffix}"`, minutes: 30, comment: "while it is down" });
    expect(refused).toMatchObject({ ok: false, error: { code: "upstream", backend: "alertmanager" } });
    // nothing was recorded for the refused silence
    expect(await db.prisma().auditLog.count({ where: { message: { contains: `During${suffix}` } } })).toBe(0);

    am = startAlertmanager();
    await waitForHttp(`http://127.0.0.1:${amPort}/-/ready`, am);
    const back = data(await alerts.getAlertsAction({}));
    expect(back.silences.ok).toBe(true);
    if (back.silences.ok) expect(back.silences.data.map((s) => s.id)).toContain(id);
  });

  it("PostgreSQL restarted: actions say the database is unavailable and change nothing; the same session and the saved draft survive", async () => {
    const rules = await import("@/app/actions/rules");
    await session.signInAs(db, ids.EDITOR);
    const created = data(await rules.createRuleFileAction({ name: `${suffix}-db.yml`, content: RULES }));
    const port = pgServer.port;

    await pgServer.stop();
    const t0 = performance.now();
    const refused = await rules.saveVersionAction({ id: created.id, base: 1, content: RULES.replace("sum(up)", "count(up)"), message: "while the database is down" });
    expect(refused).toMatchObject({ ok: false, error: { code: "unavailable" } });
    if (!refused.ok) expect(refused.error.message).toBe("The console's database is not answering; nothing was changed. Try again in a moment.");
    // it answers promptly rather than hanging on a dead pool
    expect(performance.now() - t0).toBeLessThan(10_000);

    pgServer = await startPostgres(port);
    await expect.poll(async () => (await rules.getRuleFileAction({ id: created.id })).ok, { timeout: 15_000, interval: 250 }).toBe(true);
    const file = data(await rules.getRuleFileAction({ id: created.id }));
    expect(file.head).toBe(1);
    const saved = data(await rules.saveVersionAction({ id: created.id, base: 1, content: RULES.replace("sum(up)", "count(up)"), message: "after the restart" }));
    expect(saved).toMatchObject({ saved: true, version: 2 });
  });
});
