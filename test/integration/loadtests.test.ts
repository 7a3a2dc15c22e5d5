import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import * as session from "./support/session";
import { data } from "./support/session";

/**
 * Load-test results end to end on the server, against the real PostgreSQL: real k6
 * files (test/fixtures/k6/NOTICE) imported through the actions, stored with their
 * verdicts and audited; refused files (partial, cut short, twice the same) store and
 * audit nothing; the list and the trend of a service; deletion; the viewer reads only.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `lt${Date.now().toString(36)}`;
const SERVICE = "inventory-service";
const fixture = (f: string) => readFileSync(path.resolve("test/fixtures/k6", f), "utf8");
const HANDLE = fixture("handle-summary-grafana-circleci-orb.json");
const EXPORT = fixture("summary-export-prefapp-analyzer.json");
const digest = (t: string) => createHash("sha256").update(t, "utf8").digest("hex");

let db: typeof import("@/lib/db/client");
let loadtests: typeof import("@/app/actions/loadtests");
let ids: Record<Role, string>;
const signInAs = (role: Role) => session.signInAs(db, ids[role]);
const counts = async () => ({ runs: await db.prisma().loadTestRun.count(), audit: await db.prisma().auditLog.count() });
let handleId = "";
let exportId = "";

beforeAll(async () => {
  ({ db, ids } = await session.setUpActions(suffix));
  loadtests = await import("@/app/actions/loadtests");
  // runs an interrupted earlier run of this file left behind would refuse the same files as duplicates
  await db.prisma().loadTestRun.deleteMany({ where: { service: SERVICE, name: { startsWith: "it-" }, sha256: { in: [digest(HANDLE), digest(EXPORT)] } } });
});

afterAll(async () => {
  await db.prisma().loadTestRun.deleteMany({ where: { name: { contains: suffix } } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
});

describe("load-test runs", () => {
  it("an editor imports a real handleSummary file: stored with k6's verdict, the console's, the SLOs', and audited", async () => {
    await signInAs("EDITOR");
    const run = data(await loadtests.importLoadTestAction({ service: SERVICE, name: `it-baseline-${suffix}`, runAt: "2026-03-01T10:00:00Z", fileName: "summary.json", content: HANDLE }));
    handleId = run.id;
    expect(run).toMatchObject({ service: SERVICE, format: "handle-summary", k6: "passed", console: "passed", disagreements: 0, slo: "failed", runAt: "2026-03-01T10:00:00.000Z", sha256: digest(HANDLE) });
    expect(run.judgement.thresholds.map((t) => [t.expression, t.k6, t.console.status, t.console.measured])).toEqual([
      ["p(95)<500", "passed", "passed", 260.64205000000004],
      ["rate<0.01", "passed", "passed", 0],
    ]);
    expect(run.judgement.slo.checks.map((c) => [c.id, c.status, c.measured])).toEqual([
      ["p95", "failed", 260.64205000000004],
      ["failure_rate", "passed", 0],
    ]);
    const row = await db.prisma().loadTestRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({ service: SERVICE, format: "handle-summary", fileName: "summary.json", sha256: digest(HANDLE), importedById: ids.EDITOR, importedByEmail: `editor-${suffix}@example.com` });
    const audit = await db.prisma().auditLog.findFirstOrThrow({ where: { action: "loadtest.import", targetId: run.id } });
    expect(audit).toMatchObject({ actorId: ids.EDITOR, targetType: "loadtest", outcome: "ok" });
    expect(audit.after).toMatchObject({ service: SERVICE, format: "handle-summary", k6Verdict: "passed", slo: "failed", sha256: digest(HANDLE) });
  });

  it("and a real --summary-export file, whose `true` threshold k6 failed and the console fails too", async () => {
    await signInAs("EDITOR");
    const run = data(await loadtests.importLoadTestAction({ service: SERVICE, name: `it-peak-${suffix}`, runAt: "2026-03-08T10:00:00Z", fileName: "export.json", content: EXPORT }));
    exportId = run.id;
    expect(run).toMatchObject({ format: "summary-export", k6: "failed", console: "failed", disagreements: 0, slo: "failed" });
    expect(run.judgement.thresholds.find((t) => t.expression === "p(95)<1000")).toMatchObject({ k6: "failed", agrees: true, console: { status: "failed", measured: 1957.7001869999967 } });
  });

  it("refuses a partial file, a file cut short and a second import of the same file, storing and auditing nothing", async () => {
    await signInAs("EDITOR");
    const before = await counts();
    const partial = await loadtests.importLoadTestAction({ service: SERVICE, name: `it-partial-${suffix}`, runAt: "2026-03-02T10:00:00Z", fileName: "partial.json", content: fixture("hand-written/partial-values.handle-summary.json") });
    expect(partial).toMatchObject({ ok: false, error: { code: "invalid", message: "partial.json: metrics.http_req_duration.values: expected an object, got the number 42" } });
    const cut = await loadtests.importLoadTestAction({ service: SERVICE, name: `it-cut-${suffix}`, runAt: "2026-03-02T10:00:00Z", fileName: "cut.json", content: HANDLE.slice(0, 500) });
    expect(cut).toMatchObject({ ok: false, error: { code: "invalid", message: expect.stringMatching(/^cut\.json: not valid JSON at line 1, column 501: expected more JSON: the file ends before the JSON does/) } });
    const twice = await loadtests.importLoadTestAction({ service: SERVICE, name: `it-again-${suffix}`, runAt: "2026-03-03T10:00:00Z", fileName: "summary.json", content: HANDLE });
    expect(twice).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining(`already imported for ${SERVICE}, as "it-baseline-${suffix}"`) } });
    const badDate = await loadtests.importLoadTestAction({ service: SERVICE, name: `it-date-${suffix}`, runAt: "yesterday", fileName: "summary.json", content: EXPORT });
    expect(badDate).toMatchObject({ ok: false, error: { code: "invalid", message: expect.stringContaining("runAt: expected a date and time") } });
    const unknownService = await loadtests.importLoadTestAction({ service: "billing-service" as never, name: `it-svc-${suffix}`, runAt: "2026-03-02T10:00:00Z", fileName: "summary.json", content: EXPORT });
    expect(unknownService).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(await counts()).toEqual(before);
  });

  it("a viewer lists the service's runs newest first and their trend in time order, with the change between runs", async () => {
    await signInAs("VIEWER");
    const list = data(await loadtests.listLoadTestsAction({ service: SERVICE }));
    const mine = list.runs.filter((r) => r.name.endsWith(suffix));
    expect(mine.map((r) => r.name)).toEqual([`it-peak-${suffix}`, `it-baseline-${suffix}`]);
    expect(mine[1]!.headline).toMatchObject({ p95Ms: 260.64205000000004, failureRate: 0, requests: 20, vusMax: 5 });
    expect(list.counts[SERVICE]).toBeGreaterThanOrEqual(2);
    const points = list.trend.filter((p) => p.name.endsWith(suffix));
    expect(points.map((p) => p.name)).toEqual([`it-baseline-${suffix}`, `it-peak-${suffix}`]);
    const peak = list.trend[list.trend.findIndex((p) => p.id === exportId)]!;
    const previous = list.trend[list.trend.findIndex((p) => p.id === exportId) - 1]!;
    expect(peak.change.p95Ms!.abs).toBeCloseTo(1957.7001869999967 - previous.p95Ms!, 9);
    expect(peak).toMatchObject({ p95Ms: 1957.7001869999967, failureRate: 116921 / 2216497, rps: 408.1407441047425, slo: "failed", k6: "failed" });
    const one = data(await loadtests.getLoadTestAction({ id: handleId }));
    expect(one.summary.metrics.find((m) => m.name === "http_reqs")?.values).toEqual({ count: 20, rate: 2.4169333249062928 });
  });

  it("a viewer can neither import nor delete; an editor deletes, audited, and the run is gone", async () => {
    await signInAs("VIEWER");
    const before = await counts();
    expect(await loadtests.importLoadTestAction({ service: SERVICE, name: `it-viewer-${suffix}`, runAt: "2026-03-02T10:00:00Z", fileName: "x.json", content: fixture("handle-summary-k6-reporter-grpc.json") })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await loadtests.deleteLoadTestAction({ id: handleId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await counts()).toEqual(before);
    await signInAs("EDITOR");
    expect(data(await loadtests.deleteLoadTestAction({ id: handleId }))).toEqual({ deleted: handleId });
    expect(await loadtests.getLoadTestAction({ id: handleId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await loadtests.deleteLoadTestAction({ id: handleId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    const audit = await db.prisma().auditLog.findFirstOrThrow({ where: { action: "loadtest.delete", targetId: handleId } });
    expect(audit).toMatchObject({ actorId: ids.EDITOR, targetType: "loadtest" });
    expect(audit.before).toMatchObject({ service: SERVICE, name: `it-baseline-${suffix}`, sha256: digest(HANDLE) });
  });
});
