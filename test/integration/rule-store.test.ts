import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { env } from "./env";
import * as session from "./support/session";
import { data, pushAnyway } from "./support/session";

/**
 * The rule actions end to end on the server, against the real PostgreSQL and
 * Prometheus: import keeps the file as written, saves are versions with optimistic
 * concurrency, errors block saving, pushes are recorded and verified, drift is seen,
 * backtests find the known past incident. Only the cookie jar is the test's.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `r${Date.now().toString(36)}`;
const FILE = "performance.rules.yml";
const REFERENCE = readFileSync(path.resolve("scripts/stack/performance.rules.yml"), "utf8");
let db: typeof import("@/lib/db/client");
let rules: typeof import("@/app/actions/rules");
let ids: Record<Role, string>;

const signInAs = (role: Role) => session.signInAs(db, ids[role]);


let fileId = "";

beforeAll(async () => {
  ({ db, ids } = await session.setUpActions(suffix));
  rules = await import("@/app/actions/rules");
  writeFileSync(path.join(env.rulesDir, FILE), REFERENCE);
  await db.prisma().document.deleteMany({ where: { kind: "rules",  name: FILE } });
});

afterAll(async () => {
  writeFileSync(path.join(env.rulesDir, FILE), REFERENCE);
  await fetch(`${env.prometheusUrl}/-/reload`, { method: "POST" });
  await db.prisma().document.deleteMany({ where: { kind: "rules",  name: FILE } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await db.prisma().$disconnect();
});

describe("rule files in the console", () => {
  it("a viewer cannot import; an editor imports what Prometheus runs, comments kept", async () => {
    await signInAs("VIEWER");
    expect(await rules.importRulesAction({ from: "prometheus" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await signInAs("EDITOR");
    const report = data(await rules.importRulesAction({ from: "prometheus" }));
    expect(report.created).toContain(FILE);
    expect(report.notes).toEqual([]);
    const files = data(await rules.listRuleFilesAction({}));
    const f = files.find((x) => x.name === FILE)!;
    expect(f).toMatchObject({ head: 1, groups: 1, rules: 3, source: "prometheus", lastPush: null });
    fileId = f.id;
    const full = data(await rules.getRuleFileAction({ id: fileId }));
    // round trip: import → stored → export is the file as written, comments and key order included
    expect(full.content).toBe(REFERENCE);
    const exported = data(await rules.exportRuleFileAction({ id: fileId, version: 1, format: "file" }));
    expect(exported.text).toBe(REFERENCE);
    const manifest = data(await rules.exportRuleFileAction({ id: fileId, version: 1, format: "prometheusrule" }));
    expect(manifest.text).toMatch(/^apiVersion: monitoring\.coreos\.com\/v1\nkind: PrometheusRule\n/);
    expect(manifest.text).toContain("- alert: HighErrorRate");
    // importing again changes nothing
    expect(data(await rules.importRulesAction({ from: "prometheus" })).unchanged).toContain(FILE);
  });

  it("errors block saving and change nothing", async () => {
    await signInAs("EDITOR");
    const res = await rules.saveVersionAction({ id: fileId, base: 1, content: REFERENCE.replace("> 0.01", "> (0.01"), message: "broken" });
    expect(res).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(!res.ok && res.error.message).toMatch(/Not saved: \d+ error\(s\) Prometheus would reject — line \d+:\d+: group "performance\.rules", rule 2: could not parse expression/);
    expect(data(await rules.getRuleFileAction({ id: fileId })).head).toBe(1);
  });

  it("two editors saving on the same base: the second is told, shown the difference, and can save on top", async () => {
    await signInAs("EDITOR");
    const mine = REFERENCE.replace("> 0.01", "> 0.05");
    const theirs = REFERENCE.replace("for: 1m", "for: 3m");
    expect(data(await rules.saveVersionAction({ id: fileId, base: 1, content: theirs, message: "longer for" }))).toEqual({ saved: true, version: 2 });
    const res = data(await rules.saveVersionAction({ id: fileId, base: 1, content: mine, message: "raise threshold" }));
    expect(res.saved).toBe(false);
    if (res.saved) return;
    expect(res.conflict).toMatchObject({ head: 2, message: "longer for", content: theirs });
    const changed = res.conflict.diff.filter((l) => l.kind === "add" || l.kind === "del").map((l) => ("text" in l ? `${l.kind} ${l.text.trim()}` : ""));
    expect(changed).toEqual(expect.arrayContaining(["del for: 3m", "add for: 1m", expect.stringMatching(/^add .*> 0\.05$/)]));
    expect(data(await rules.getRuleFileAction({ id: fileId })).head).toBe(2);
    // keep my change, on top of theirs
    const merged = theirs.replace("> 0.01", "> 0.05");
    expect(data(await rules.saveVersionAction({ id: fileId, base: 2, content: merged, message: "raise threshold" }))).toEqual({ saved: true, version: 3 });
    const diff = data(await rules.diffVersionsAction({ id: fileId, from: 1, to: 3 }));
    expect(diff.filter((l) => l.kind === "add").length).toBe(2);
  });

  it("backtest finds the order-service error burst of 20 h ago, and not with a 10% threshold", async () => {
    await signInAs("VIEWER");
    const expr = 'sum by (service) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (service) (rate(http_requests_total[5m])) > 0.01';
    const bt = data(await rules.backtestAction({ kind: "alert", expr, for: "1m", window: "1d" }));
    expect(bt.range.step).toBe(15);
    const order = bt.alert!.series.find((s) => s.labels.service === "order-service");
    expect(order, JSON.stringify(bt.alert!.series.map((s) => s.labels))).toBeDefined();
    const incident = env.historyEnd - 20 * 3600;
    const firing = order!.intervals.filter((i) => i.state === "firing");
    expect(firing.some((i) => i.start >= incident && i.start <= incident + 25 * 60)).toBe(true);
    expect(bt.threshold).toEqual({ op: ">", value: 0.01 });
    expect(bt.chart.length).toBeGreaterThan(0);
    const high = data(await rules.backtestAction({ kind: "alert", expr: expr.replace("0.01", "0.1"), for: "1m", window: "1d" }));
    expect(high.alert!.series.find((s) => s.labels.service === "order-service")?.intervals.filter((i) => i.state === "firing") ?? []).toEqual([]);
  });

  it("push: viewers are refused; an editor's push is verified, recorded, audited, and drift is noticed", async () => {
    await signInAs("VIEWER");
    expect(await pushAnyway(rules.pushVersionAction, { id: fileId, version: 3 })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await signInAs("EDITOR");
    const res = data(await pushAnyway(rules.pushVersionAction, { id: fileId, version: 3 }));
    expect(res).toMatchObject({ pushed: true, result: { outcome: "ok" } });
    const groups = (await (await fetch(`${env.prometheusUrl}/api/v1/rules?rule_group[]=performance.rules`)).json()) as {
      data: { groups: { rules: { name: string; query: string; duration: number }[] }[] };
    };
    const her = groups.data.groups[0]!.rules.find((r) => r.name === "HighErrorRate")!;
    expect(her.query).toContain("> 0.05");
    expect(her.duration).toBe(180);
    const push = await db.prisma().documentPush.findFirst({ where: { documentId: fileId }, orderBy: { at: "desc" } });
    expect(push).toMatchObject({ version: 3, outcome: "ok", target: "prometheus", actorEmail: `editor-${suffix}@example.com` });
    const audit = await db.prisma().auditLog.findFirst({ where: { action: "rules.push", targetId: fileId }, orderBy: { at: "desc" } });
    expect(audit?.message).toContain(`${FILE} v3 → Prometheus: pushed`);
    expect(data(await rules.driftAction({ id: fileId }))).toMatchObject({ state: "in_sync", lastPushed: { version: 3 } });
    // someone edits the file by hand
    writeFileSync(path.join(env.rulesDir, FILE), REFERENCE);
    const drift = data(await rules.driftAction({ id: fileId }));
    expect(drift.state).toBe("drift");
    expect(drift.details.join(" ")).toContain("changed outside the console since v3 was pushed");
  });

  it("pushes to one target are serialised across processes by a PostgreSQL advisory lock", async () => {
    const { Client } = await import("pg");
    const { pushLockKey } = await import("@/lib/rules/store");
    const { getConfig } = await import("@/lib/config");
    // another console process holds the push lock of this rules directory
    const other = new Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [pushLockKey("prometheus", getConfig())]);
      writeFileSync(path.join(env.rulesDir, FILE), REFERENCE);
      const before = await db.prisma().documentPush.count({ where: { documentId: fileId } });
      await signInAs("EDITOR");
      const pending = pushAnyway(rules.pushVersionAction, { id: fileId, version: 3 });
      await new Promise((r) => setTimeout(r, 1500));
      // still waiting: nothing written, nothing recorded
      expect(readFileSync(path.join(env.rulesDir, FILE), "utf8")).toBe(REFERENCE);
      expect(await db.prisma().documentPush.count({ where: { documentId: fileId } })).toBe(before);
      await other.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [pushLockKey("prometheus", getConfig())]);
      expect(data(await pending)).toMatchObject({ pushed: true, result: { outcome: "ok" } });
      expect(readFileSync(path.join(env.rulesDir, FILE), "utf8")).not.toBe(REFERENCE);
    } finally {
      await other.end();
    }
  });

  it("refuses to push a.yml and a.yaml into one ruler namespace", async () => {
    const { startRulerStandIn } = await import("@/test/standins/ruler-api-standin");
    const { resetConfigCache } = await import("@/lib/config");
    const standin = await startRulerStandIn({ flavor: "mimir" });
    process.env.RULER_URL = standin.url;
    process.env.RULER_TENANT = "team-a";
    resetConfigCache();
    const names = [`ns-${suffix}.yml`, `ns-${suffix}.yaml`];
    try {
      await signInAs("EDITOR");
      const [a] = await Promise.all(names.map(async (n) => data(await rules.createRuleFileAction({ name: n, content: REFERENCE }))));
      const res = await pushAnyway(rules.pushVersionAction, { id: a!.id, version: 1, target: "ruler" });
      expect(res).toEqual({
        ok: false,
        error: { code: "conflict", message: `${names[0]} and ${names[1]} would both be the ruler namespace "ns-${suffix}"; rename one of them before pushing.` },
      });
      expect(standin.requests.filter((r) => r.method === "POST")).toEqual([]);
    } finally {
      delete process.env.RULER_URL;
      delete process.env.RULER_TENANT;
      resetConfigCache();
      await standin.stop();
      await db.prisma().document.deleteMany({ where: { kind: "rules",  name: { in: names } } });
    }
  });

  it("two concurrent pushes of different files both end verified, neither undoing the other", async () => {
    await signInAs("EDITOR");
    const second = `zz-concurrent-${suffix}.yml`;
    const created = data(await rules.createRuleFileAction({ name: second, content: REFERENCE.replace("performance.rules", `concurrent-${suffix}`) }));
    try {
      const [a, b] = await Promise.all([
        pushAnyway(rules.pushVersionAction, { id: fileId, version: 3 }),
        pushAnyway(rules.pushVersionAction, { id: created.id, version: 1 }),
      ]);
      expect(data(a)).toMatchObject({ pushed: true });
      expect(data(b)).toMatchObject({ pushed: true });
      const loaded = (await (await fetch(`${env.prometheusUrl}/api/v1/rules`)).json()) as { data: { groups: { name: string }[] } };
      expect(loaded.data.groups.map((g) => g.name)).toEqual(expect.arrayContaining(["performance.rules", `concurrent-${suffix}`]));
    } finally {
      rmSync(path.join(env.rulesDir, second), { force: true });
      await fetch(`${env.prometheusUrl}/-/reload`, { method: "POST" });
      await db.prisma().document.deleteMany({ where: { kind: "rules",  name: second } });
    }
  });
  it("warnings are acknowledged for what was shown: a newer version, other warnings or a made-up acknowledgement ask again", async () => {
    await signInAs("EDITOR");
    const name = `zz-ack-${suffix}.yml`;
    // a selector that matches no series in Prometheus: a warning from the live checks
    const body = (metric: string) =>
      `groups:\n  - name: ack-${suffix}\n    rules:\n      - alert: NothingToSee\n        expr: ${metric} > 0\n        for: 1m\n        labels:\n          severity: ticket\n        annotations:\n          summary: never fires\n`;
    const created = data(await rules.createRuleFileAction({ name, content: body("perfops_no_such_metric_a") }));
    const pushes = () => db.prisma().documentPush.count({ where: { documentId: created.id } });
    try {
      const v1 = data(await rules.pushVersionAction({ id: created.id, version: 1 }));
      if (!("needsAcknowledgement" in v1)) throw new Error(`expected warnings, got ${JSON.stringify(v1)}`);
      expect(v1.warningsChanged).toBe(false);
      expect(v1.needsAcknowledgement.map((w) => w.message).join(" ")).toContain("perfops_no_such_metric_a");
      // another editor saves v2 (other warnings) while the first reads v1's
      expect(data(await rules.saveVersionAction({ id: created.id, base: 1, content: body("perfops_no_such_metric_b"), message: "other metric" }))).toMatchObject({ saved: true, version: 2 });
      // v1's acknowledgement does not push v2
      const v2 = data(await rules.pushVersionAction({ id: created.id, version: 2, acknowledgement: v1.acknowledgement }));
      if (!("needsAcknowledgement" in v2)) throw new Error(`v2 was pushed on v1's acknowledgement: ${JSON.stringify(v2)}`);
      expect(v2.warningsChanged).toBe(true);
      expect(v2.acknowledgement).not.toBe(v1.acknowledgement);
      expect(v2.needsAcknowledgement.map((w) => w.message).join(" ")).toContain("perfops_no_such_metric_b");
      // nor does a made-up one, nor one that is not a digest at all
      expect(data(await rules.pushVersionAction({ id: created.id, version: 2, acknowledgement: "0".repeat(64) }))).toMatchObject({ pushed: false, warningsChanged: true });
      expect(await rules.pushVersionAction({ id: created.id, version: 2, acknowledgement: "yes" })).toMatchObject({ ok: false, error: { code: "invalid", message: expect.stringContaining("acknowledgement") } });
      expect(await pushes()).toBe(0);
      expect(existsSync(path.join(env.rulesDir, name))).toBe(false);
      // the acknowledgement of what was shown pushes it
      expect(data(await rules.pushVersionAction({ id: created.id, version: 2, acknowledgement: v2.acknowledgement }))).toMatchObject({ pushed: true, result: { outcome: "ok" } });
      expect(await pushes()).toBe(1);
    } finally {
      rmSync(path.join(env.rulesDir, name), { force: true });
      await fetch(`${env.prometheusUrl}/-/reload`, { method: "POST" });
      await db.prisma().document.deleteMany({ where: { kind: "rules", name } });
    }
  });
});
