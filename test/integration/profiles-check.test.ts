import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { invalidFields, KubeApiError } from "@/lib/kubernetes/status";
import { RESOURCES, type KubeObject } from "@/lib/kubernetes/types";
import { validateProfileObject } from "@/lib/scaling/validate";
import { testKube } from "./support/kube";

/**
 * `npm run profiles:check` agrees with the API server: each manifest below is checked
 * by the console and dry-run applied to the stack's kube-apiserver 1.35 (with the VPA
 * CRD); both must accept it, or both refuse it, and for a 422 at the same fields.
 */

const kube = testKube();

type O = Record<string, unknown>;
const hpa = (spec: O, meta: O = {}): KubeObject => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "check-hpa", namespace: "shop", ...meta } as KubeObject["metadata"],
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "order-service" }, maxReplicas: 5, ...spec },
});
const vpa = (spec: O): KubeObject => ({
  apiVersion: "autoscaling.k8s.io/v1",
  kind: "VerticalPodAutoscaler",
  metadata: { name: "check-vpa", namespace: "shop" },
  spec: { targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "catalog-service" }, ...spec },
});
const cpu = (target: O) => ({ type: "Resource", resource: { name: "cpu", target } });
const rules = (r: O) => ({ behavior: { scaleDown: r } });

const CASES: [string, KubeObject][] = [
  ["the reference HPA shape", hpa({ minReplicas: 3, maxReplicas: 20, metrics: [cpu({ type: "Utilization", averageUtilization: 70 })], behavior: { scaleUp: { stabilizationWindowSeconds: 60, policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] } } })],
  ["minReplicas 0", hpa({ minReplicas: 0 })],
  ["maxReplicas below min", hpa({ minReplicas: 6, maxReplicas: 5 })],
  ["maxReplicas 0", hpa({ maxReplicas: 0 })],
  ["stabilization 3601", hpa(rules({ stabilizationWindowSeconds: 3601 }))],
  ["stabilization −1", hpa(rules({ stabilizationWindowSeconds: -1 }))],
  ["stabilization 3600", hpa(rules({ stabilizationWindowSeconds: 3600 }))],
  ["period 1801", hpa(rules({ policies: [{ type: "Pods", value: 1, periodSeconds: 1801 }] }))],
  ["period 0", hpa(rules({ policies: [{ type: "Pods", value: 1, periodSeconds: 0 }] }))],
  ["policy value 0", hpa(rules({ policies: [{ type: "Percent", value: 0, periodSeconds: 60 }] }))],
  ["policy type Fraction", hpa(rules({ policies: [{ type: "Fraction", value: 1, periodSeconds: 60 }] }))],
  ["empty policies", hpa(rules({ policies: [] }))],
  ["selectPolicy Fastest", hpa(rules({ selectPolicy: "Fastest" }))],
  ["utilization 0", hpa({ metrics: [cpu({ type: "Utilization", averageUtilization: 0 })] })],
  ["utilization without a value", hpa({ metrics: [cpu({ type: "Utilization" })] })],
  ["both utilization and averageValue", hpa({ metrics: [cpu({ type: "Utilization", averageUtilization: 50, averageValue: "500m" })] })],
  ["negative averageValue", hpa({ metrics: [cpu({ type: "AverageValue", averageValue: "-1" })] })],
  ["metric type missing its source", hpa({ metrics: [{ type: "Pods" }] })],
  ["two sources in one metric", hpa({ metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } }, pods: { metric: { name: "x" }, target: { type: "AverageValue", averageValue: "1" } } }] })],
  ["pods metric without a name", hpa({ metrics: [{ type: "Pods", pods: { metric: { name: "" }, target: { type: "AverageValue", averageValue: "1" } } }] })],
  ["container resource without a container", hpa({ metrics: [{ type: "ContainerResource", containerResource: { name: "cpu", container: "", target: { type: "Utilization", averageUtilization: 50 } } }] })],
  ["external metric Value target", hpa({ metrics: [{ type: "External", external: { metric: { name: "queue_depth" }, target: { type: "Value", value: "30" } } }] })],
  ["object metric without describedObject kind", hpa({ metrics: [{ type: "Object", object: { describedObject: { apiVersion: "v1", kind: "", name: "x" }, metric: { name: "m" }, target: { type: "Value", value: "1" } } }] })],
  ["scaleTargetRef without a name", hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "" } })],
  ["scaleTargetRef without a group", hpa({ scaleTargetRef: { apiVersion: "v1", kind: "Deployment", name: "x" } })],
  ["tolerance 0.05", hpa(rules({ tolerance: "0.05" }))],
  ["negative tolerance", hpa(rules({ tolerance: "-0.1" }))],
  ["upper-case name", hpa({}, { name: "Check-HPA" })],
  ["the reference VPA", vpa({ updatePolicy: { updateMode: "Auto" }, resourcePolicy: { containerPolicies: [{ containerName: "*", minAllowed: { cpu: "100m", memory: "128Mi" }, maxAllowed: { cpu: "2", memory: "4Gi" } }] } })],
  ["VPA InPlaceOrRecreate", vpa({ updatePolicy: { updateMode: "InPlaceOrRecreate" } })],
  ["VPA unknown mode", vpa({ updatePolicy: { updateMode: "Sometimes" } })],
  ["VPA controlledValues unknown", vpa({ resourcePolicy: { containerPolicies: [{ containerName: "*", controlledValues: "LimitsOnly" }] } })],
  ["VPA without targetRef", { ...vpa({}), spec: { updatePolicy: { updateMode: "Off" } } }],
];

async function server(obj: KubeObject): Promise<{ accepted: boolean; fields: string[]; message: string }> {
  const type = obj.kind === "HorizontalPodAutoscaler" ? RESOURCES.hpa : RESOURCES.vpa;
  try {
    await kube.apply(type, obj, { dryRun: true, force: true });
    return { accepted: true, fields: [], message: "" };
  } catch (err) {
    if (!(err instanceof KubeApiError)) throw err;
    return { accepted: false, fields: invalidFields(err).map((f) => f.field).sort(), message: err.message };
  }
}

describe("profiles:check agrees with kube-apiserver 1.35", () => {
  it.each(CASES)("%s", async (_name, obj) => {
    const [mine, theirs] = [validateProfileObject(obj).filter((p) => p.severity === "error"), await server(obj)];
    expect({ accepted: mine.length === 0, server: theirs.message }).toEqual({ accepted: theirs.accepted, server: theirs.message });
    if (theirs.fields.length) expect([...new Set(mine.map((p) => p.path))].sort()).toEqual([...new Set(theirs.fields)].sort());
  });

  it("the CLI prints file:line: severity and exits 1 on errors, and flags an HPA and a VPA fighting across two files", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "profiles-check-"));
    const a = path.join(dir, "hpa.yaml");
    const b = path.join(dir, "vpa.yaml");
    writeFileSync(a, stringify(hpa({ minReplicas: 3, maxReplicas: 20, metrics: [cpu({ type: "Utilization", averageUtilization: 70 })] })));
    writeFileSync(b, stringify({ ...vpa({ updatePolicy: { updateMode: "Recreate" } }), spec: { targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "order-service" }, updatePolicy: { updateMode: "Recreate" } } }));
    const run = (args: string[]) => {
      try {
        return { code: 0, out: execFileSync("node_modules/.bin/tsx", ["scripts/profiles-check.ts", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
      } catch (err) {
        const e = err as { status: number; stdout: string };
        return { code: e.status, out: e.stdout };
      }
    };
    const warn = run([a, b]);
    expect(warn.code).toBe(0);
    expect(warn.out).toMatch(new RegExp(`^${a.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+: warning: spec\\.metrics\\[0\\]\\.resource: the VPA check-vpa also changes cpu`, "m"));
    expect(warn.out).toMatch(/vpa\.yaml:\d+: warning: spec\.resourcePolicy: the HPA check-hpa scales Deployment\/order-service on cpu/);
    expect(run(["--strict", a, b]).code).toBe(1);
    writeFileSync(a, stringify(hpa({ minReplicas: 0 })));
    const err = run([a]);
    expect(err.code).toBe(1);
    expect(err.out).toMatch(/hpa\.yaml:\d+: error: spec\.minReplicas: Invalid value: 0: must be greater than or equal to 1/);
    expect(run([]).code).toBe(2);
  });
});
