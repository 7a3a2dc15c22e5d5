import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import type { Role } from "@/lib/auth/roles";
import { RESOURCES, type KubeObject } from "@/lib/kubernetes/types";
import { REFERENCE_HPA_SPEC, REFERENCE_VPA_SPEC } from "@/scripts/simulator/catalog";
import { SEED_MANAGER } from "@/scripts/stack/kube";
import { env } from "./env";
import { testKube, useStackKubernetes } from "./support/kube";
import * as session from "./support/session";
import { data, pushAnyway } from "./support/session";

/**
 * The loop from a push to the workload: the console pushes an HPA to the real
 * kube-apiserver, the stack's stand-in HPA controller (scripts/stack/autoscaling-sync.ts) hands
 * the new spec to the simulator, the simulator's replicas follow it, and the HPA's
 * status (written back as kube-controller-manager writes it) and Prometheus's
 * kube-state-metrics show it. Two HPAs on one workload are refused as the controller
 * refuses them.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `hs${Date.now().toString(36)}`;
let db: typeof import("@/lib/db/client");
let profiles: typeof import("@/app/actions/profiles");
let ids: Record<Role, string>;
const signInAs = (role: Role) => session.signInAs(db, ids[role]);
const kube = testKube;

interface Hpa extends KubeObject {
  spec: { minReplicas: number; maxReplicas: number };
  status?: { currentReplicas?: number; desiredReplicas?: number; lastScaleTime?: string; conditions?: { type: string; status: string; reason: string; message: string }[] };
}
const getHpa = (name: string) => kube().get<Hpa>(RESOURCES.hpa, "shop", name);
const condition = (h: Hpa, type: string) => h.status?.conditions?.find((c) => c.type === type);

/** Polls until `ok` holds (the sync runs every 5 s, the simulator's controller every 15 s). */
async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s; last seen ${JSON.stringify(last)}`);
}

const restoreReference = () =>
  kube().apply(RESOURCES.hpa, { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "order-service", namespace: "shop" }, spec: REFERENCE_HPA_SPEC }, { fieldManager: SEED_MANAGER, force: true });

const restoreReferenceVpa = () =>
  kube().apply(RESOURCES.vpa, { apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler", metadata: { name: "catalog-service", namespace: "shop" }, spec: REFERENCE_VPA_SPEC }, { fieldManager: SEED_MANAGER, force: true });

interface Vpa extends KubeObject {
  status?: { recommendation?: { containerRecommendations: { containerName: string; target: { cpu: string; memory: string }; uncappedTarget: { cpu: string; memory: string } }[] }; conditions?: { type: string; status: string }[] };
}
const getVpa = () => kube().get<Vpa>(RESOURCES.vpa, "shop", "catalog-service");
const millicores = (q: string) => (q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000);

async function promValue(query: string): Promise<number> {
  const r = (await (await fetch(`${env.prometheusUrl}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query }) })).json()) as { data: { result: { value: [number, string] }[] } };
  return Number(r.data.result[0]?.value[1] ?? Number.NaN);
}

async function specReplicas(): Promise<number> {
  const r = (await (await fetch(`${env.prometheusUrl}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query: 'max(kube_deployment_spec_replicas{deployment="order-service"})' }) })).json()) as {
    data: { result: { value: [number, string] }[] };
  };
  return Number(r.data.result[0]?.value[1] ?? Number.NaN);
}

beforeAll(async () => {
  useStackKubernetes();
  ({ db, ids } = await session.setUpActions(suffix));
  profiles = await import("@/app/actions/profiles");
});

afterAll(async () => {
  await kube().delete(RESOURCES.hpa, "shop", `twin-${suffix}`).catch(() => undefined);
  await restoreReference();
  await restoreReferenceVpa();
  await db.prisma().document.deleteMany({ where: { kind: "profile", name: { contains: "order-service" } } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
});

describe("HPAs in the stack are run by a controller", () => {
  it("the reference HPA's status is the controller's: replicas, desired replicas, conditions", async () => {
    // within a round of the sync (5 s): a test before this one may have left a second HPA on
    // order-service until just now, and the status said AmbiguousSelector while it stood
    const h = await until("the status of the only HPA on order-service", () => getHpa("order-service"), (x) => condition(x, "ScalingActive")?.status === "True");
    expect(h.status!.currentReplicas).toBeGreaterThanOrEqual(REFERENCE_HPA_SPEC.minReplicas);
    expect(h.status!.currentReplicas).toBeLessThanOrEqual(REFERENCE_HPA_SPEC.maxReplicas);
    expect(h.status!.conditions!.map((c) => c.type)).toEqual(["AbleToScale", "ScalingActive", "ScalingLimited"]);
    expect(condition(h, "ScalingActive")).toMatchObject({ status: "True", reason: "ValidMetricFound" });
    // the console reads the status, as it would on a real cluster
    await signInAs("VIEWER");
    const order = data(await profiles.listProfilesAction({})).items.find((p) => p.id.name === "order-service" && p.id.kind === "HorizontalPodAutoscaler")!;
    expect(order.state).toMatchObject({ source: "status", currentReplicas: h.status!.currentReplicas, conditions: expect.arrayContaining([expect.objectContaining({ type: "ScalingActive", status: "True" })]) });
    // what the controller read for each metric (status.currentMetrics), shown as such
    const current = (h.status as { currentMetrics?: { type: string; resource?: { name: string; current: { averageUtilization?: number } } }[] }).currentMetrics ?? [];
    expect(current.map((m) => m.type)).toEqual(["Resource", "Resource", "Pods"]);
    const metrics = (order.state as { metrics: { label: string; current: number | null; from: string }[] }).metrics;
    expect(metrics.map((m) => m.from)).toEqual(["status", "status", "status"]);
    expect(metrics[0]).toMatchObject({ label: "cpu utilization", current: expect.any(Number) });
  });

  it("a pushed minReplicas of 12 scales the workload to 12, in the HPA's status and in Prometheus", async () => {
    // 12: twice the simulated day's peak (6 pods), so only the push can bring it
    await signInAs("EDITOR");
    const id = { namespace: "shop", kind: "HorizontalPodAutoscaler" as const, name: "order-service" };
    try {
      const documentId = data(await profiles.importProfileAction({ id })).id;
      const doc = data(await profiles.getProfileAction({ id })).document!;
      const o = parse(doc.content) as { spec: { minReplicas: number } };
      o.spec.minReplicas = 12;
      const saved = data(await profiles.saveProfileAction({ documentId, base: doc.head, content: stringify(o), message: "12 pods at least" }));
      if (!saved.saved) throw new Error("not saved");
      const pushed = data(await pushAnyway(profiles.pushProfileAction, { documentId, version: saved.version, target: "kubernetes" }));
      expect(pushed).toMatchObject({ pushed: true, result: { outcome: "ok" } });
      const h = await until("12 replicas in the status", () => getHpa("order-service"), (x) => (x.status?.currentReplicas ?? 0) >= 12);
      expect(h.status!.desiredReplicas).toBeGreaterThanOrEqual(12);
      expect(Date.parse(h.status!.lastScaleTime!)).toBeGreaterThan(Date.now() - 120_000);
      // kube-state-metrics, scraped by Prometheus
      expect(await until("Prometheus's kube_deployment_spec_replicas", specReplicas, (n) => n >= 12)).toBeGreaterThanOrEqual(12);
    } finally {
      await restoreReference();
    }
    await until("the simulator back on the reference spec", async () => (await (await fetch(`${env.simulatorUrl}/autoscaling/hpa`)).json()) as { service: string; minReplicas: number }[], (a) => a.find((x) => x.service === "order-service")?.minReplicas === REFERENCE_HPA_SPEC.minReplicas);
  });

  it("a second HPA on the same workload: neither scales, and both say why", async () => {
    const twin = `twin-${suffix}`;
    await kube().apply(RESOURCES.hpa, { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: twin, namespace: "shop" }, spec: { ...REFERENCE_HPA_SPEC, minReplicas: 12 } }, { fieldManager: "kubectl" });
    try {
      for (const name of ["order-service", twin]) {
        const h = await until(`${name}: AmbiguousSelector`, () => getHpa(name), (x) => condition(x, "ScalingActive")?.reason === "AmbiguousSelector");
        expect(condition(h, "ScalingActive")).toMatchObject({ status: "False", message: expect.stringContaining(`[shop/order-service shop/${twin}]`) });
      }
      // the twin's minReplicas of 12 was not taken
      const sim = (await (await fetch(`${env.simulatorUrl}/autoscaling/hpa`)).json()) as { service: string; minReplicas: number }[];
      expect(sim.find((x) => x.service === "order-service")?.minReplicas).toBe(REFERENCE_HPA_SPEC.minReplicas);
    } finally {
      await kube().delete(RESOURCES.hpa, "shop", twin);
    }
    await until("order-service active again", () => getHpa("order-service"), (x) => condition(x, "ScalingActive")?.status === "True");
  });

  it("the VPA's status holds the recommender's numbers, and a pushed minAllowed lifts the target and the pods' requests", async () => {
    const v = await until("a recommendation", getVpa, (x) => !!x.status?.recommendation);
    const rec = v.status!.recommendation!.containerRecommendations[0]!;
    expect(rec.containerName).toBe("catalog-service");
    expect(millicores(rec.target.cpu)).toBeGreaterThanOrEqual(100); // the reference minAllowed
    expect(v.status!.conditions).toEqual([expect.objectContaining({ type: "RecommendationProvided", status: "True" })]);
    await signInAs("VIEWER");
    const listed = data(await profiles.listProfilesAction({})).items.find((p) => p.id.kind === "VerticalPodAutoscaler" && p.id.name === "catalog-service")!;
    expect(listed.state).toMatchObject({ source: "status" });
    try {
      const policy = { containerName: "*", minAllowed: { cpu: "1500m", memory: "128Mi" }, maxAllowed: { cpu: "2", memory: "4Gi" } };
      await kube().apply(RESOURCES.vpa, { apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler", metadata: { name: "catalog-service", namespace: "shop" }, spec: { ...REFERENCE_VPA_SPEC, resourcePolicy: { containerPolicies: [policy] } } }, { fieldManager: SEED_MANAGER, force: true });
      const lifted = await until("a target at the new minAllowed", getVpa, (x) => x.status?.recommendation?.containerRecommendations[0]?.target.cpu === "1500m");
      // the uncapped target is what usage asks for: below the floor
      expect(millicores(lifted.status!.recommendation!.containerRecommendations[0]!.uncappedTarget.cpu)).toBeLessThan(1500);
      // in Auto mode the updater recreates the pods with the new requests: kube-state-metrics shows them
      expect(await until("1.5 cores requested", () => promValue('max(kube_pod_container_resource_requests{container="catalog-service",resource="cpu"})'), (n) => n === 1.5)).toBe(1.5);
    } finally {
      await restoreReferenceVpa();
    }
  });
});
