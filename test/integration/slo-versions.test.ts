import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { lineDiff } from "@/lib/documents/diff";
import { parseSlothSpec, type SloSpec } from "@/lib/slo/spec";
import * as session from "./support/session";
import { data } from "./support/session";

/**
 * SLO versions through the actions, with real sessions in the real database: owner
 * and labels saved and read back, any version fetched by a viewer, the line diff of
 * two versions' Sloth exports, a restore saved as a new version on top of the head,
 * and viewers unable to save.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `v${Date.now().toString(36)}`;
let db: typeof import("@/lib/db/client");
let slo: typeof import("@/app/actions/slo");
let ids: Record<Role, string>;

const signInAs = (role: Role | null) => session.signInAs(db, role ? ids[role] : null);

const v1: SloSpec = {
  name: `checkout-${suffix}`,
  service: "order-service",
  owner: "team-checkout",
  labels: { team: "checkout", tier: "1" },
  objective: 99.9,
  window: { kind: "rolling", days: 30 },
  sli: {
    kind: "ratio",
    errorQuery: 'sum(rate(http_requests_total{service="order-service",status=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{service="order-service"}[{{.window}}]))',
  },
  alerting: { name: "OrderCheckout", pageTiers: { fast: true, slow: true }, ticketTiers: { fast: true, slow: true }, pageLabels: { severity: "critical" }, ticketLabels: { severity: "warning" }, annotations: {} },
};
const v2: SloSpec = { ...v1, objective: 99.5, owner: "team-payments", labels: { team: "payments", tier: "1", region: "eu-west-1" } };

let id: string;

beforeAll(async () => {
  ({ db, ids } = await session.setUpActions(suffix));
  slo = await import("@/app/actions/slo");
});

afterAll(async () => {
  await db.prisma().document.deleteMany({ where: { kind: "slo",  name: { contains: suffix } } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await db.prisma().$disconnect();
});

describe("SLO versions", () => {
  it("owner and labels round-trip through save; invalid labels are refused with their path", async () => {
    await signInAs("EDITOR");
    const saved = data(await slo.saveSloAction({ spec: v1, base: 0, message: "first" }));
    expect(saved.version).toBe(1);
    id = saved.id;
    expect(data(await slo.saveSloAction({ spec: v2, base: 1, message: "payments owns it now" })).version).toBe(2);

    const bad = await slo.saveSloAction({ spec: { ...v2, labels: { "1team": "x" } }, base: 2, message: "bad label" });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(!bad.ok && bad.error.message).toMatch(/labels\.1team: invalid label name "1team"/);
    const reserved = await slo.saveSloAction({ spec: { ...v2, labels: { sloth_slo: "x" } }, base: 2, message: "reserved label" });
    expect(!reserved.ok && reserved.error.message).toMatch(/labels\.sloth_slo: .*set by the generated rules/);
    const blankOwner = await slo.saveSloAction({ spec: { ...v2, owner: "" }, base: 2, message: "blank owner" });
    expect(!blankOwner.ok && blankOwner.error.message).toMatch(/^owner: /);
    // refused saves made no version
    expect((await db.prisma().document.findUniqueOrThrow({ where: { kind: "slo",  id } })).head).toBe(2);
  });

  it("a viewer fetches any version; each is the spec as saved, its Sloth export carrying owner and labels", async () => {
    await signInAs("VIEWER");
    const a = data(await slo.sloVersionAction({ id, version: 1 }));
    const b = data(await slo.sloVersionAction({ id, version: 2 }));
    expect(a).toMatchObject({ version: 1, message: "first", authorEmail: `editor-${suffix}@example.com` });
    expect(b).toMatchObject({ version: 2, message: "payments owns it now" });
    expect(a.spec).toEqual(v1);
    expect(b.spec).toEqual(v2);
    expect(a.spec.owner).toBe("team-checkout");
    expect(b.spec.labels).toEqual({ team: "payments", tier: "1", region: "eu-west-1" });
    // the export is the spec itself: reading it back gives the version again
    const reread = parseSlothSpec(b.sloth);
    expect(reread).toMatchObject({ ok: true, slos: [{ owner: "team-payments", labels: v2.labels, objective: 99.5 }] });

    expect(await slo.sloVersionAction({ id, version: 3 })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await slo.sloVersionAction({ id, version: 0 })).toMatchObject({ ok: false, error: { code: "invalid" } });
    await signInAs(null);
    expect(await slo.sloVersionAction({ id, version: 1 })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });

  it("the diff of two versions shows the changed objective, owner and labels, and nothing else", async () => {
    await signInAs("VIEWER");
    const a = data(await slo.sloVersionAction({ id, version: 1 }));
    const b = data(await slo.sloVersionAction({ id, version: 2 }));
    const diff = lineDiff(a.sloth, b.sloth);
    const removed = diff.flatMap((l) => (l.kind === "del" ? [l.text.trim()] : []));
    const added = diff.flatMap((l) => (l.kind === "add" ? [l.text.trim()] : []));
    expect(removed).toContain("objective: 99.9");
    expect(added).toContain("objective: 99.5");
    expect(removed).toContain("team: checkout");
    expect(added).toEqual(expect.arrayContaining(["team: payments", "region: eu-west-1", "owner: team-payments"]));
    expect(removed).toContain("owner: team-checkout");
    // unchanged parts (the queries, the alert name) are not in the diff
    expect([...removed, ...added].join("\n")).not.toMatch(/error_query|OrderCheckout/);
    // the same version against itself: no change
    expect(lineDiff(a.sloth, a.sloth).every((l) => l.kind === "same" || l.kind === "fold")).toBe(true);
  });

  it("a viewer cannot save; a restored version is saved as a new version on top of the head, never over it", async () => {
    await signInAs("VIEWER");
    const old = data(await slo.sloVersionAction({ id, version: 1 }));
    expect(await slo.saveSloAction({ spec: old.spec, base: 2, message: "Restore v1" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await db.prisma().document.findUniqueOrThrow({ where: { kind: "slo",  id } })).head).toBe(2);

    await signInAs("EDITOR");
    // a restore started from an older head conflicts, like any stale save
    expect(await slo.saveSloAction({ spec: old.spec, base: 1, message: "Restore v1" })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(data(await slo.saveSloAction({ spec: old.spec, base: 2, message: "Restore v1" })).version).toBe(3);
    const restored = data(await slo.sloVersionAction({ id, version: 3 }));
    expect(restored.spec).toEqual(v1);
    expect(restored.message).toBe("Restore v1");
    // the history is kept: v2 is still there, and v3 differs from it as v1 did
    const v2Row = data(await slo.sloVersionAction({ id, version: 2 }));
    expect(v2Row.spec).toEqual(v2);
    const detail = await db.prisma().document.findUniqueOrThrow({ where: { kind: "slo",  id }, include: { versions: { orderBy: { version: "asc" } } } });
    expect(detail.head).toBe(3);
    expect(detail.versions.map((v) => v.message)).toEqual(["first", "payments owns it now", "Restore v1"]);
    expect(lineDiff(v2Row.sloth, restored.sloth).flatMap((l) => (l.kind === "add" ? [l.text.trim()] : []))).toContain("objective: 99.9");
  });
});
