import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { freePort } from "../../lib/db/embedded";
import { kubeClient, type KubeClient, type KubeSettings } from "../../lib/kubernetes/client";
import { RESOURCES, type KubeObject } from "../../lib/kubernetes/types";
import { NAMESPACE, REFERENCE_HPA_SPEC, REFERENCE_VPA_SPEC, SERVICES } from "../simulator/catalog";
import { buildGoServerInBackground, ensureGoServer } from "./go-servers";
import { logTail, startProcess, type Proc } from "./procs";

/**
 * A real Kubernetes API server for the scaling profiles: etcd 3.6 and kube-apiserver
 * 1.35, both built from Go modules (scripts/stack/go-servers.ts), on loopback with a
 * self-signed serving certificate, a static token and AlwaysAllow authorization. It
 * holds the reference system's namespace: its five Deployments, the HPA of
 * order-service, the VPA CRD (kubernetes/autoscaler v1.7.1) and the VPA of
 * catalog-service. No controller manager or kubelet runs: the objects are stored,
 * validated, defaulted and server-side applied exactly as a cluster would, and
 * nothing schedules pods.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const KUBE_TOKEN = "perfops-stack-token";
/** the manager the reference objects were applied with: the console's own, as if adopted by it */
export const SEED_MANAGER = "perfops-console";

export interface KubeServer {
  plan: KubePlan;
  url: string;
  token: string;
  caFile: string;
  settings: KubeSettings;
  client: KubeClient;
  procs: Proc[];
  stop(): Promise<void>;
}

function openssl(args: string[], cwd: string) {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** Serving certificate for 127.0.0.1/localhost (it is its own CA) and the service-account key pair. */
function writeCredentials(dir: string) {
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=perfops-kube-apiserver", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", "serving.key", "-out", "serving.crt"], dir);
  openssl(["genrsa", "-out", "sa.key", "2048"], dir);
  openssl(["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir);
  writeFileSync(path.join(dir, "tokens.csv"), `${KUBE_TOKEN},perfops-admin,perfops-admin,"system:masters"\n`);
}

async function waitReady(client: KubeClient, proc: Proc, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < until) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new Error(`${proc.name} exited before it was ready. Log:\n${logTail(proc.logFile)}`);
    try {
      if (await client.serves("autoscaling", "v2")) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${proc.name} was not ready within ${timeoutMs / 1000} s (${last}). Log:\n${logTail(proc.logFile)}`);
}

/** The reference system's objects, as its operators would have applied them. */
export function referenceObjects(): { deployments: KubeObject[]; hpa: KubeObject; vpa: KubeObject } {
  const deployments = SERVICES.map<KubeObject>((s) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: s.name, namespace: NAMESPACE, labels: { app: s.name } },
    spec: {
      replicas: s.replicas.min,
      selector: { matchLabels: { app: s.name } },
      template: {
        metadata: { labels: { app: s.name } },
        spec: {
          containers: [
            {
              name: s.name,
              image: `registry.example.com/shop/${s.name}:1.0.0`,
              ports: [{ name: "http", containerPort: 8080 }],
              resources: { requests: { cpu: `${Math.round(s.requests.cpu * 1000)}m`, memory: `${Math.round(s.requests.memory / 2 ** 20)}Mi` } },
            },
          ],
        },
      },
    },
  }));
  const hpa: KubeObject = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "order-service", namespace: NAMESPACE }, spec: REFERENCE_HPA_SPEC };
  const vpa: KubeObject = { apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler", metadata: { name: "catalog-service", namespace: NAMESPACE }, spec: REFERENCE_VPA_SPEC };
  return { deployments, hpa, vpa };
}

/** The shop's capacity plan, enforced by the cluster (not known to the console): at most this many replicas per HPA. */
export const CAPACITY_MAX_REPLICAS = 40;

/**
 * A ValidatingAdmissionPolicy of the cluster's own, as platform teams write them: an
 * HPA in the shop namespace may not ask for more than CAPACITY_MAX_REPLICAS. Its
 * refusal is a 422 naming spec.maxReplicas, which the console cannot predict and maps
 * to the form's field. Enforced a moment after it is created: waited for.
 */
async function seedCapacityPolicy(client: KubeClient): Promise<void> {
  const name = "shop-hpa-capacity";
  await client.apply(
    RESOURCES.admissionPolicy,
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name },
      spec: {
        failurePolicy: "Fail",
        matchConstraints: { resourceRules: [{ apiGroups: ["autoscaling"], apiVersions: ["v2"], operations: ["CREATE", "UPDATE"], resources: ["horizontalpodautoscalers"] }] },
        validations: [{ expression: `object.spec.maxReplicas <= ${CAPACITY_MAX_REPLICAS}`, message: `the shop capacity plan allows at most ${CAPACITY_MAX_REPLICAS} replicas per workload`, reason: "Invalid" }],
      },
    },
    { fieldManager: "platform-team" },
  );
  await client.apply(
    RESOURCES.admissionPolicyBinding,
    {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name },
      spec: { policyName: name, validationActions: ["Deny"], matchResources: { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": NAMESPACE } } } },
    },
    { fieldManager: "platform-team" },
  );
  const probe: KubeObject = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "capacity-probe", namespace: NAMESPACE }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "order-service" }, maxReplicas: CAPACITY_MAX_REPLICAS + 1 } };
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      await client.apply(RESOURCES.hpa, probe, { dryRun: true, fieldManager: "platform-team" });
    } catch {
      return; // refused: the policy is enforced
    }
    if (Date.now() > until) throw new Error("the capacity ValidatingAdmissionPolicy was not enforced within 30 s");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Applies the reference namespace, Deployments, VPA CRD, HPA and VPA (idempotent: server-side apply). */
export async function seedReference(client: KubeClient, log: (l: string) => void): Promise<void> {
  await client.apply(RESOURCES.namespace, { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } }, { fieldManager: "helm" });
  const crds = parseAllDocuments(readFileSync(path.join(ROOT, "scripts", "stack", "k8s", "vpa-v1-crd-gen.yaml"), "utf8")).map((d) => d.toJS() as KubeObject).filter(Boolean);
  for (const crd of crds) await client.apply(RESOURCES.crd, crd, { fieldManager: "vpa-installer" });
  const ref = referenceObjects();
  // forced: seeding again (each pair of servers in npm test) restores what a test changed
  for (const d of ref.deployments) await client.apply(RESOURCES.deployment, d, { fieldManager: "helm", force: true });
  await client.apply(RESOURCES.hpa, ref.hpa, { fieldManager: SEED_MANAGER, force: true });
  // the CRD is served a moment after it is created
  const until = Date.now() + 30_000;
  while (!(await client.serves("autoscaling.k8s.io", "v1"))) {
    if (Date.now() > until) throw new Error("the VPA CRD was not served within 30 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  for (;;) {
    try {
      await client.apply(RESOURCES.vpa, ref.vpa, { fieldManager: SEED_MANAGER, force: true });
      break;
    } catch (err) {
      // "the server could not find the requested resource" until the CRD's storage is set up
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await seedCapacityPolicy(client);
  log(`Kubernetes: namespace ${NAMESPACE} with ${ref.deployments.length} Deployments, the HPA of order-service, the VPA of catalog-service and the capacity policy (maxReplicas ≤ ${CAPACITY_MAX_REPLICAS})`);
}

export interface KubePlan {
  dir: string;
  url: string;
  caFile: string;
  settings: KubeSettings;
  ports: { client: number; peer: number; secure: number };
}

/**
 * Everything the console needs to know before the API server runs: its address, CA
 * and token (a console can be started against it while it is still being built).
 */
export async function planKube(dir: string): Promise<KubePlan> {
  rmSync(dir, { recursive: true, force: true });
  const creds = path.join(dir, "pki");
  mkdirSync(creds, { recursive: true });
  mkdirSync(path.join(dir, "logs"), { recursive: true });
  writeCredentials(creds);
  const ports = { client: await freePort(), peer: await freePort(), secure: await freePort() };
  const url = `https://127.0.0.1:${ports.secure}`;
  const caFile = path.join(creds, "serving.crt");
  const settings: KubeSettings = { backend: { name: "kubernetes", url, bearerToken: KUBE_TOKEN, timeoutMs: 10_000 }, caFile, namespaces: [NAMESPACE], fieldManager: "perfops-console" };
  return { dir, url, caFile, settings, ports };
}

/** The console's settings for this API server, as environment variables. */
export function kubeEnv(plan: KubePlan): Record<string, string> {
  return { KUBERNETES_URL: plan.url, KUBERNETES_BEARER_TOKEN: KUBE_TOKEN, KUBERNETES_CA_FILE: plan.caFile, KUBERNETES_NAMESPACES: NAMESPACE };
}

/** Starts etcd and kube-apiserver from built binaries, waits until they serve, and seeds the reference objects. */
export async function runKube(plan: KubePlan, bins: { etcd: string; apiserver: string }, log: (l: string) => void): Promise<KubeServer> {
  const { dir, ports } = plan;
  const creds = path.join(dir, "pki");
  const procs: Proc[] = [];
  const stop = async () => {
    for (const p of [...procs].reverse()) await p.stop();
  };
  try {
    const etcd = startProcess(
      "etcd",
      bins.etcd,
      [
        "--name=perfops",
        `--data-dir=${path.join(dir, "etcd")}`,
        `--listen-client-urls=http://127.0.0.1:${ports.client}`,
        `--advertise-client-urls=http://127.0.0.1:${ports.client}`,
        `--listen-peer-urls=http://127.0.0.1:${ports.peer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${ports.peer}`,
        `--initial-cluster=perfops=http://127.0.0.1:${ports.peer}`,
        "--log-level=warn",
        "--quota-backend-bytes=268435456",
      ],
      { logFile: path.join(dir, "logs", "etcd.log") },
    );
    procs.push(etcd);
    const api = startProcess(
      "kube-apiserver",
      bins.apiserver,
      [
        `--etcd-servers=http://127.0.0.1:${ports.client}`,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        `--secure-port=${ports.secure}`,
        `--tls-cert-file=${path.join(creds, "serving.crt")}`,
        `--tls-private-key-file=${path.join(creds, "serving.key")}`,
        `--token-auth-file=${path.join(creds, "tokens.csv")}`,
        "--authorization-mode=AlwaysAllow",
        "--service-account-issuer=https://kubernetes.default.svc",
        `--service-account-key-file=${path.join(creds, "sa.pub")}`,
        `--service-account-signing-key-file=${path.join(creds, "sa.key")}`,
        "--service-cluster-ip-range=10.0.0.0/24",
        `--cert-dir=${path.join(dir, "certs")}`,
        // one small, single-user API server: no priority-and-fairness bookkeeping, less memory
        "--enable-priority-and-fairness=false",
        "--watch-cache=false",
        "--v=0",
      ],
      { logFile: path.join(dir, "logs", "kube-apiserver.log") },
    );
    procs.push(api);
    const kube = kubeClient(plan.settings);
    const t0 = Date.now();
    await waitReady(kube, api, 120_000);
    log(`kube-apiserver 1.35 ready in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${plan.url}`);
    await seedReference(kube, log);
    return { plan, url: plan.url, token: KUBE_TOKEN, caFile: plan.caFile, settings: plan.settings, client: kube, procs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Builds (first time on a machine, in this process), starts and seeds the API server. */
export async function startKube(dir: string, log: (l: string) => void): Promise<KubeServer> {
  const etcd = ensureGoServer("etcd", log).etcd!;
  const apiserver = ensureGoServer("kube-apiserver", log)["kube-apiserver"]!;
  return runKube(await planKube(dir), { etcd, apiserver }, log);
}

/** For the demo: the plan at once, the build (child process) and start in the background. */
export async function startKubeInBackground(dir: string, log: (l: string) => void): Promise<{ plan: KubePlan; ready: Promise<KubeServer> }> {
  const plan = await planKube(dir);
  const ready = (async () => {
    const etcd = (await buildGoServerInBackground("etcd", log)).etcd!;
    const apiserver = (await buildGoServerInBackground("kube-apiserver", log))["kube-apiserver"]!;
    return runKube(plan, { etcd, apiserver }, log);
  })();
  return { plan, ready };
}
