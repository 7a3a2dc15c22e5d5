import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "./env";

/**
 * lib/documents against the real PostgreSQL: versions with optimistic concurrency and
 * a conflict that carries the newer version and the diff, kinds kept apart, pushes
 * recorded with the audit entry in one transaction.
 */

const suffix = `d${Date.now().toString(36)}`;
let store: typeof import("@/lib/documents/store");
let db: typeof import("@/lib/db/client");
const alice = { id: "", email: `alice-${suffix}@example.com` };
const bob = { id: "", email: `bob-${suffix}@example.com` };

beforeAll(async () => {
  process.env.DATABASE_URL = env.databaseUrl;
  db = await import("@/lib/db/client");
  store = await import("@/lib/documents/store");
  for (const u of [alice, bob]) u.id = (await db.prisma().user.create({ data: { email: u.email, name: u.email, passwordHash: "x", role: "EDITOR" } })).id;
});

afterAll(async () => {
  await db.prisma().document.deleteMany({ where: { name: { contains: suffix } } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
});

describe("versioned documents", () => {
  it("saves on the head, refuses a stale base with the newer version and the diff, and changes nothing then", async () => {
    const name = `shop/HorizontalPodAutoscaler/order-${suffix}`;
    const { id } = await store.createDocument({ kind: "profile", name, service: "order-service", source: "kubernetes", content: "minReplicas: 3\nmaxReplicas: 20\n", message: "imported" }, alice);
    expect(await store.saveDocument("profile", id, 1, "minReplicas: 3\nmaxReplicas: 25\n", "more room", alice)).toEqual({ saved: true, version: 2 });
    // bob started from v1 as well
    const r = await store.saveDocument("profile", id, 1, "minReplicas: 4\nmaxReplicas: 20\n", "floor of 4", bob);
    if (r.saved) throw new Error("a stale base must not save");
    expect(r.conflict).toMatchObject({ head: 2, authorEmail: alice.email, message: "more room", content: "minReplicas: 3\nmaxReplicas: 25\n" });
    expect(r.conflict.diff.filter((l) => l.kind !== "same")).toEqual([
      { kind: "del", text: "minReplicas: 3", oldLine: 1 },
      { kind: "del", text: "maxReplicas: 25", oldLine: 2 },
      { kind: "add", text: "minReplicas: 4", newLine: 1 },
      { kind: "add", text: "maxReplicas: 20", newLine: 2 },
    ]);
    const d = await store.getDocument("profile", id);
    expect(d.head).toBe(2);
    expect(d.versions.map((v) => [v.version, v.authorEmail])).toEqual([
      [2, alice.email],
      [1, alice.email],
    ]);
    // saved on top of the head it is version 3
    expect(await store.saveDocument("profile", id, 2, "minReplicas: 4\nmaxReplicas: 25\n", "floor of 4", bob)).toEqual({ saved: true, version: 3 });
    const audit = await db.prisma().auditLog.findMany({ where: { targetId: id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.targetType, a.actorEmail])).toEqual([
      ["profiles.create", "scaling_profile", alice.email],
      ["profiles.save", "scaling_profile", alice.email],
      ["profiles.save", "scaling_profile", bob.email],
    ]);
  });

  it("never lets one kind's id reach another kind; names are unique per kind only", async () => {
    const name = `same-${suffix}`;
    const rules = await store.createDocument({ kind: "rules", name, source: "new", content: "groups: []\n", message: "m" }, alice);
    const slo = await store.createDocument({ kind: "slo", name, source: "console", content: "{}\n", message: "m" }, alice);
    expect(slo.id).not.toBe(rules.id);
    await expect(store.getDocument("slo", rules.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(store.getDocumentVersion("profile", rules.id, 1)).rejects.toMatchObject({ code: "not_found" });
    expect(await store.saveDocument("slo", rules.id, 1, "{}", "x", alice).catch((e: { code: string }) => e.code)).toBe("not_found");
    await expect(store.createDocument({ kind: "rules", name, source: "new", content: "", message: "again" }, alice)).rejects.toMatchObject({ code: "conflict" });
    expect((await store.getDocument("rules", rules.id)).head).toBe(1);
  });

  it("records a push with its steps, and finds the last good one per target", async () => {
    const { id } = await store.createDocument({ kind: "profile", name: `pushed-${suffix}`, source: "new", content: "a: 1\n", message: "m" }, alice);
    const push = (outcome: string, target: string) =>
      store.recordPush("profile", id, { version: 1, content: "a: 1\n", target, outcome, message: outcome, steps: [{ step: "apply", ok: outcome === "ok", detail: "d", ms: 2 }], warnings: [], durationMs: 9, audit: { after: {}, message: `v1 → ${target}` } }, bob);
    // apart in time, so "newest first" has one answer at the database's millisecond resolution
    for (const [outcome, target] of [["ok", "kubernetes"], ["failed", "kubernetes"], ["ok", "git"]] as const) {
      await push(outcome, target);
      await new Promise((r) => setTimeout(r, 5));
    }
    const good = await store.lastGoodPush("profile", id, "kubernetes");
    expect(good).toMatchObject({ version: 1, sha256: store.sha256("a: 1\n") });
    expect(await store.lastGoodPush("rules", id, "kubernetes")).toBeNull();
    const d = await store.getDocument("profile", id);
    expect(d.pushes.map((p) => [p.target, p.outcome])).toEqual([
      ["git", "ok"],
      ["kubernetes", "failed"],
      ["kubernetes", "ok"],
    ]);
    expect(d.lastPush?.target).toBe("git");
    const audits = await db.prisma().auditLog.findMany({ where: { targetId: id, action: "profiles.push" } });
    expect(audits.map((a) => a.outcome).sort()).toEqual(["failed", "ok", "ok"]);
  });
});
