import { Client } from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { env } from "./env";
import * as session from "./support/session";
import { data } from "./support/session";

/**
 * Faults in the middle of a session, against the real servers: a backend that hangs
 * must not hold up anyone else's requests, and the same signed-in session must work
 * again once Prometheus answers or PostgreSQL drops every connection — no new sign-in,
 * no lost draft.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `fault${Date.now().toString(36)}`;
let db: typeof import("@/lib/db/client");
let ids: Record<Role, string>;

beforeAll(async () => {
  process.env.QUERY_TIMEOUT_MS = "3000";
  ({ db, ids } = await session.setUpActions(suffix));
});
afterEach(() => process.kill(env.prometheusPid, "SIGCONT"));
afterAll(async () => {
  delete process.env.QUERY_TIMEOUT_MS;
  await db.prisma().document.deleteMany({ where: { kind: "rules",  name: { contains: suffix } } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await db.prisma().$disconnect();
});

// an unusual width: a step no other test asks for, so no cached answer hides the hang
const dashboardInput = (viewId: string) => ({ service: "order-service", range: { kind: "relative" as const, preset: "6h" as const }, widthPx: 613, viewId });

describe("faults mid-session", () => {
  it("a hung Prometheus costs its own panels their timeout, while other users' database and Alertmanager reads answer at once", async () => {
    const dashboards = await import("@/app/actions/dashboard");
    const rules = await import("@/app/actions/rules");
    const alerts = await import("@/app/actions/alerts");
    await session.signInAs(db, ids.VIEWER);
    process.kill(env.prometheusPid, "SIGSTOP");
    const t0 = performance.now();
    // five dashboards wait on the hung Prometheus…
    const hung = Array.from({ length: 5 }, (_, i) => dashboards.getDashboard(dashboardInput(`hung-${i}`)).then(() => performance.now() - t0));
    // …while reads that do not need it answer meanwhile
    const files = await rules.listRuleFilesAction({});
    const filesMs = performance.now() - t0;
    const al = data(await alerts.getAlertsAction({}));
    const alertsMs = performance.now() - t0;
    expect(files.ok).toBe(true);
    expect(filesMs).toBeLessThan(1500);
    // Alertmanager's half of the alerts page answers; Prometheus's half says it timed out
    expect(JSON.stringify(al)).toContain("did not answer within 3s");
    expect(alertsMs).toBeLessThan(5000);
    const waited = await Promise.all(hung);
    // each hung panel gave up at its own timeout (3 s), not later
    for (const ms of waited) expect(ms).toBeLessThan(8000);
    process.kill(env.prometheusPid, "SIGCONT");
    // the same session, no new sign-in: the dashboard works again
    await expect.poll(async () => {
      const res = data(await dashboards.getDashboard(dashboardInput("after")));
      return res.panels.filter((p) => p.ok).length;
    }, { timeout: 15_000 }).toBeGreaterThan(3);
  });

  it("PostgreSQL dropping every connection mid-session: the next actions reconnect, the session and a saved draft survive", async () => {
    const rules = await import("@/app/actions/rules");
    await session.signInAs(db, ids.EDITOR);
    const content = "groups:\n  - name: fault\n    rules:\n      - record: fault:up:sum\n        expr: sum(up)\n";
    const created = data(await rules.createRuleFileAction({ name: `${suffix}.yml`, content }));
    // every connection of the console's pool is killed, as a PostgreSQL restart or failover would
    const admin = new Client({ connectionString: env.databaseUrl });
    await admin.connect();
    const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    await admin.end();
    expect(rowCount).toBeGreaterThan(0);
    // the first call after may fail on a dead connection; within a few tries the same session works
    await expect.poll(async () => (await rules.getRuleFileAction({ id: created.id })).ok, { timeout: 10_000, interval: 250 }).toBe(true);
    const file = data(await rules.getRuleFileAction({ id: created.id }));
    expect(file.head).toBe(1);
    const saved = data(await rules.saveVersionAction({ id: created.id, base: 1, content: content.replace("sum(up)", "count(up)"), message: "after the database came back" }));
    expect(saved).toMatchObject({ saved: true, version: 2 });
  });
});
