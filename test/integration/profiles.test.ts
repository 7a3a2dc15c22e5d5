import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import type { Role } from "@/lib/auth/roles";
import { RESOURCES, type KubeObject } from "@/lib/kubernetes/types";
import { testKube, useStackKubernetes } from "./support/kube";
import * as session from "./support/session";
import { data, pushAnyway } from "./support/session";

/**
 * Scaling profiles end to end on the server, against the stack's real kube-apiserver
 * 1.35, Prometheus (the simulator's 48 h) and a bare Git repository: import, save with
 * checks, replay on history, dry run and diff, apply and read back, a conflict with
 * another field manager and its forced resolution, a 422 mapped to its field, a commit
 * to Git, and the viewer refused at every write.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `p${Date.now().toString(36)}`;
let db: typeof import("@/lib/db/client");
let profiles: typeof import("@/app/actions/profiles");
let ids: Record<Role, string>;
const signInAs = (role: Role) => session.signInAs(db, ids[role]);
const kube = testKube;

// a profile of its own (on order-service, beside the reference HPA), so the reference stays as seeded for other tests
const NAME = `pay-${suffix}`;
const ID = { namespace: "shop", kind: "HorizontalPodAutoscaler" as const, name: NAME };
const SPEC = {
  scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "order-service" },
  minReplicas: 3,
  maxReplicas: 20,
  metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
  behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 10, periodSeconds: 60 }] } },
};
let documentId = "";

beforeAll(async () => {
  useStackKubernetes();
  ({ db, ids } = await session.setUpActions(suffix));
  profiles = await import("@/app/actions/profiles");
  await kube().apply(RESOURCES.hpa, { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: NAME, namespace: "shop" }, spec: SPEC });
});

afterAll(async () => {
  await kube().delete(RESOURCES.hpa, "shop", NAME).catch(() => undefined);
  await db.prisma().document.deleteMany({ where: { kind: "profile", name: { contains: suffix } } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
});

const edit = (text: string, f: (o: { spec: typeof SPEC & Record<string, unknown> }) => void) => {
  const o = parse(text) as { spec: typeof SPEC & Record<string, unknown> };
  f(o);
  return stringify(o);
};

describe("scaling profiles", () => {
  it("lists the cluster's HPAs and VPAs with what they do now", async () => {
    await signInAs("VIEWER");
    const list = data(await profiles.listProfilesAction({}));
    expect(list.configured).toBe(true);
    const order = list.items.find((p) => p.id.name === "order-service" && p.id.kind === "HorizontalPodAutoscaler")!;
    expect(order.workload).toEqual({ kind: "Deployment", name: "order-service", apiVersion: "apps/v1" });
    // the stack's stand-in controller writes the HPA's status (scripts/stack/autoscaling-sync.ts, tested in autoscaling-sync.test.ts)
    expect(order.state).toMatchObject({ kind: "HorizontalPodAutoscaler", source: "status", minReplicas: 3, maxReplicas: 20 });
    expect((order.state as { currentReplicas: number }).currentReplicas).toBeGreaterThanOrEqual(3);
    const vpa = list.items.find((p) => p.id.kind === "VerticalPodAutoscaler")!;
    expect(vpa.id.name).toBe("catalog-service");
  });

  it("stays inside KUBERNETES_NAMESPACES, and a profile is one manifest", async () => {
    await signInAs("EDITOR");
    const outside = { namespace: "kube-system", kind: "HorizontalPodAutoscaler" as const, name: "x" };
    expect(await profiles.getProfileAction({ id: outside })).toMatchObject({ ok: false, error: { code: "invalid", message: expect.stringMatching(/kube-system is not one this console manages/) } });
    expect(await profiles.importProfileAction({ id: outside })).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(await profiles.replayProfileAction({ id: outside, content: "spec: {}\n", window: "1d" })).toMatchObject({ ok: false, error: { code: "invalid" } });
    const two = data(await profiles.checkProfileAction({ content: `${stringify({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "a", namespace: "shop" }, spec: SPEC })}---\nkind: HorizontalPodAutoscaler\n` }));
    expect(two[0]).toMatchObject({ severity: "error", message: expect.stringMatching(/^a profile is one manifest; this text holds 2/) });
  });

  it("a viewer may read and replay but not import, save or push", async () => {
    await signInAs("VIEWER");
    const got = data(await profiles.getProfileAction({ id: ID }));
    expect(got.document).toBeNull();
    expect(parse(got.live!)).toMatchObject({ kind: "HorizontalPodAutoscaler", spec: { maxReplicas: 20 } });
    expect(await profiles.importProfileAction({ id: ID })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await profiles.pushProfileAction({ documentId: "x", version: 1, target: "kubernetes" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("an editor imports it, and a save that the API server would refuse is refused with the field", async () => {
    await signInAs("EDITOR");
    documentId = data(await profiles.importProfileAction({ id: ID })).id;
    const doc = data(await profiles.getProfileAction({ id: ID })).document!;
    expect(doc.head).toBe(1);
    const bad = edit(doc.content, (o) => (o.spec.behavior.scaleDown.stabilizationWindowSeconds = 4000));
    const refused = await profiles.saveProfileAction({ documentId, base: 1, content: bad, message: "too long" });
    expect(refused).toMatchObject({ ok: false, error: { code: "invalid", message: expect.stringContaining("spec.behavior.scaleDown.stabilizationWindowSeconds") } });
    const problems = data(await profiles.checkProfileAction({ content: bad }));
    expect(problems.find((p) => p.severity === "error")).toMatchObject({ path: "spec.behavior.scaleDown.stabilizationWindowSeconds", line: expect.any(Number) });
  });

  it("replays a slower scale-down on real history: more pod-hours than the current profile", async () => {
    await signInAs("VIEWER");
    const doc = data(await profiles.getProfileAction({ id: ID })).document!;
    const slower = edit(doc.content, (o) => (o.spec.behavior.scaleDown = { stabilizationWindowSeconds: 3600, policies: [{ type: "Pods", value: 1, periodSeconds: 600 }] }));
    const r = data(await profiles.replayProfileAction({ id: ID, content: slower, window: "1d" }));
    if (r.kind !== "hpa") throw new Error("expected an HPA replay");
    expect(r.current.seconds).toBe(86400);
    expect(r.edited.podHours).toBeGreaterThan(r.current.podHours);
    expect(r.metrics).toEqual([{ label: "cpu utilization", replayed: true }]);
    expect(r.chart.t.length).toBeLessThanOrEqual(720);
    expect(r.chart.series.actual!.some((v) => v !== null && v >= 3)).toBe(true);
  });

  it("saves, dry-runs with a diff against the live object, applies and reads back; the push is recorded", async () => {
    await signInAs("EDITOR");
    const doc = data(await profiles.getProfileAction({ id: ID })).document!;
    const next = edit(doc.content, (o) => (o.spec.maxReplicas = 24));
    expect(data(await profiles.saveProfileAction({ documentId, base: 1, content: next, message: "more headroom" }))).toEqual({ saved: true, version: 2 });
    const preview = data(await profiles.previewPushAction({ documentId, version: 2 }));
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.diff.filter((l) => l.kind === "del" || l.kind === "add").map((l) => ("text" in l ? l.text.trim() : ""))).toEqual(["maxReplicas: 20", "maxReplicas: 24"]);
    // the dry run stored nothing
    expect(((await kube().get(RESOURCES.hpa, "shop", NAME)) as KubeObject & { spec: { maxReplicas: number } }).spec.maxReplicas).toBe(20);
    const pushed = data(await profiles.pushProfileAction({ documentId, version: 2, target: "kubernetes" }));
    if (!("result" in pushed)) throw new Error("expected a push");
    expect(pushed.result.outcome).toBe("ok");
    expect(pushed.result.steps.map((s) => s.step)).toEqual(["dry-run", "apply", "verify"]);
    expect(((await kube().get(RESOURCES.hpa, "shop", NAME)) as KubeObject & { spec: { maxReplicas: number } }).spec.maxReplicas).toBe(24);
    const after = data(await profiles.getProfileAction({ id: ID })).document!;
    expect(after.pushes[0]).toMatchObject({ version: 2, target: "kubernetes", outcome: "ok" });
    const audit = await db.prisma().auditLog.findFirst({ where: { action: "profiles.push", targetId: documentId }, orderBy: { at: "desc" } });
    expect(audit?.after).toMatchObject({ workload: "order-service", target: "kubernetes" });
  });

  it("shows a field another manager owns with its owner, and takes it only with force", async () => {
    await signInAs("EDITOR");
    // someone else's tool sets maxReplicas under its own field manager
    await kube().apply(RESOURCES.hpa, { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: NAME, namespace: "shop" }, spec: { ...SPEC, maxReplicas: 30 } }, { fieldManager: "hpa-tuner", force: true });
    const doc = data(await profiles.getProfileAction({ id: ID })).document!;
    const mine = edit(doc.content, (o) => (o.spec.maxReplicas = 26));
    expect(data(await profiles.saveProfileAction({ documentId, base: doc.head, content: mine, message: "26" })).saved).toBe(true);
    const preview = data(await profiles.previewPushAction({ documentId, version: doc.head + 1 }));
    expect(preview).toMatchObject({ ok: false, conflicts: [{ manager: "hpa-tuner", field: ".spec.maxReplicas" }] });
    const refused = data(await profiles.pushProfileAction({ documentId, version: doc.head + 1, target: "kubernetes" }));
    expect("result" in refused && refused.result).toMatchObject({ outcome: "failed", message: expect.stringMatching(/owned by "hpa-tuner"/) });
    expect(((await kube().get(RESOURCES.hpa, "shop", NAME)) as KubeObject & { spec: { maxReplicas: number } }).spec.maxReplicas).toBe(30);
    const forced = data(await profiles.pushProfileAction({ documentId, version: doc.head + 1, target: "kubernetes", force: true }));
    expect("result" in forced && forced.result.outcome).toBe("ok");
    expect(((await kube().get(RESOURCES.hpa, "shop", NAME)) as KubeObject & { spec: { maxReplicas: number } }).spec.maxReplicas).toBe(26);
  });

  it("a cluster policy the console cannot know (ValidatingAdmissionPolicy) refuses the dry run, and nothing changes", async () => {
    await signInAs("EDITOR");
    const doc = data(await profiles.getProfileAction({ id: ID })).document!;
    const big = edit(doc.content, (o) => (o.spec.maxReplicas = 45));
    expect(data(await profiles.checkProfileAction({ content: big })).filter((p) => p.severity === "error")).toEqual([]);
    expect(data(await profiles.saveProfileAction({ documentId, base: doc.head, content: big, message: "45" })).saved).toBe(true);
    const preview = data(await profiles.previewPushAction({ documentId, version: doc.head + 1 }));
    expect(preview).toMatchObject({ ok: false, message: expect.stringMatching(/ValidatingAdmissionPolicy 'shop-hpa-capacity'.*at most 40 replicas/) });
    const pushed = data(await profiles.pushProfileAction({ documentId, version: doc.head + 1, target: "kubernetes" }));
    expect("result" in pushed && pushed.result).toMatchObject({ outcome: "failed", message: expect.stringMatching(/^not pushed, nothing changed: .*at most 40 replicas/) });
    expect(((await kube().get(RESOURCES.hpa, "shop", NAME)) as KubeObject & { spec: { maxReplicas: number } }).spec.maxReplicas).toBe(26);
    // back to a version the cluster takes, for the next test
    expect(data(await profiles.saveProfileAction({ documentId, base: doc.head + 1, content: doc.content, message: "26" })).saved).toBe(true);
  });

  it("commits the version to the Git repository, authored by the editor", async () => {
    await signInAs("EDITOR");
    const doc = data(await profiles.getProfileAction({ id: ID })).document!;
    const r = data(await pushAnyway(profiles.pushProfileAction, { documentId, version: doc.head, target: "git" }));
    if (!("result" in r)) throw new Error("expected a push");
    expect(r.result.outcome).toBe("ok");
    const remote = process.env.GITOPS_REMOTE!;
    const file = `shop/horizontalpodautoscaler/${NAME}.yaml`;
    expect(execFileSync("git", ["--git-dir", remote, "show", `main:${file}`], { encoding: "utf8" })).toBe(doc.content);
    expect(execFileSync("git", ["--git-dir", remote, "log", "-1", "--format=%ae|%s", "main"], { encoding: "utf8" }).trim()).toBe(`editor-${suffix}@example.com|shop/HorizontalPodAutoscaler/${NAME} v${doc.head}: 26`);
  });
});
