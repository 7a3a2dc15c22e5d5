import { describe, expect, it } from "vitest";
import { kubeClient, type KubeSettings } from "@/lib/kubernetes/client";
import { fieldConflicts, invalidFields, KubeApiError } from "@/lib/kubernetes/status";
import { RESOURCES, type KubeObject } from "@/lib/kubernetes/types";
import { describeFailure } from "@/lib/upstream/errors";
import { env } from "./env";

/**
 * lib/kubernetes against the real kube-apiserver 1.35 of the stack (etcd + apiserver
 * built from Go modules): reads, server-side apply with dry run, field-manager
 * conflicts, 422 causes, 404, and refusals of a wrong token or an untrusted server.
 */

const settings = (over: Partial<KubeSettings> = {}): KubeSettings => ({
  backend: { name: "kubernetes", url: env.kubernetes.url, bearerToken: env.kubernetes.token, timeoutMs: 10_000 },
  caFile: env.kubernetes.caFile,
  namespaces: ["shop"],
  fieldManager: "perfops-console",
  ...over,
});
const kube = kubeClient(settings());
const suffix = Date.now().toString(36);

const hpa = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name, namespace: "shop" },
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "payment-service" }, maxReplicas: 5, ...spec },
});

describe("the Kubernetes client against kube-apiserver 1.35", () => {
  it("lists the reference HPA and VPA with their specs as stored (defaults filled in)", async () => {
    const hpas = await kube.list<KubeObject & { spec: { minReplicas: number; behavior: { scaleDown: { selectPolicy: string } } } }>(RESOURCES.hpa, "shop");
    const order = hpas.items.find((h) => h.metadata.name === "order-service")!;
    expect(order).toMatchObject({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", spec: { minReplicas: 3, maxReplicas: 20 } });
    // the server's defaulting: selectPolicy was not in the applied spec
    expect(order.spec.behavior.scaleDown.selectPolicy).toBe("Max");
    expect(Number(hpas.resourceVersion)).toBeGreaterThan(0);
    const vpa = await kube.get<KubeObject & { spec: { updatePolicy: { updateMode: string } } }>(RESOURCES.vpa, "shop", "catalog-service");
    expect(vpa.spec.updatePolicy.updateMode).toBe("Auto");
    expect(await kube.serves("autoscaling.k8s.io", "v1")).toBe(true);
    expect(await kube.serves("nosuch.example.com", "v1")).toBe(false);
  });

  it("dry-run apply returns the would-be object and stores nothing", async () => {
    const name = `dry-${suffix}`;
    const out = await kube.apply<KubeObject & { spec: { minReplicas: number } }>(RESOURCES.hpa, hpa(name, {}), { dryRun: true });
    expect(out.spec.minReplicas).toBe(1);
    await expect(kube.get(RESOURCES.hpa, "shop", name)).rejects.toMatchObject({ status: 404, reason: "NotFound" });
  });

  it("refuses an invalid spec with 422 and the field of each cause", async () => {
    const err = await kube.apply(RESOURCES.hpa, hpa(`bad-${suffix}`, { minReplicas: 0, behavior: { scaleDown: { stabilizationWindowSeconds: 4000 } } }), { dryRun: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(invalidFields(err).map((f) => f.field).sort()).toEqual(["spec.behavior.scaleDown.stabilizationWindowSeconds", "spec.metrics", "spec.minReplicas"]);
    expect(invalidFields(err).find((f) => f.field === "spec.minReplicas")?.message).toBe("Invalid value: 0: must be greater than or equal to 1");
  });

  it("names the other field manager on a conflict, and applies with force only when asked", async () => {
    const name = `owned-${suffix}`;
    await kube.apply(RESOURCES.hpa, hpa(name, { maxReplicas: 6 }), { fieldManager: "hpa-tuner" });
    const err = await kube.apply(RESOURCES.hpa, hpa(name, { maxReplicas: 8 })).catch((e: unknown) => e);
    expect(fieldConflicts(err)).toEqual([{ manager: "hpa-tuner", field: ".spec.maxReplicas", message: 'conflict with "hpa-tuner"' }]);
    expect((await kube.get<KubeObject & { spec: { maxReplicas: number } }>(RESOURCES.hpa, "shop", name)).spec.maxReplicas).toBe(6);
    const forced = await kube.apply<KubeObject & { spec: { maxReplicas: number } }>(RESOURCES.hpa, hpa(name, { maxReplicas: 8 }), { force: true });
    expect(forced.spec.maxReplicas).toBe(8);
    const owners = forced.metadata.managedFields!.filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes("f:maxReplicas")).map((m) => m.manager);
    expect(owners).toEqual(["perfops-console"]);
    await kube.delete(RESOURCES.hpa, "shop", name);
  });

  it("says so when the token is wrong, without echoing it", async () => {
    const bad = kubeClient(settings({ backend: { name: "kubernetes", url: env.kubernetes.url, bearerToken: "not-the-token", timeoutMs: 5000 } }));
    const err = await bad.list(RESOURCES.hpa, "shop").catch((e: unknown) => e);
    expect(describeFailure(err)).toMatchObject({ backend: "kubernetes", status: 401 });
    expect(describeFailure(err).message).toMatch(/refused the console's credentials/);
    expect(describeFailure(err).message).not.toContain("not-the-token");
  });

  it("does not talk to a server whose certificate it was not told to trust", async () => {
    const untrusted = kubeClient(settings({ caFile: undefined }));
    const err = await untrusted.list(RESOURCES.hpa, "shop").catch((e: unknown) => e);
    expect(describeFailure(err)).toMatchObject({ backend: "kubernetes", kind: "unreachable" });
    expect(describeFailure(err).message).not.toContain(env.kubernetes.token);
  });
});
