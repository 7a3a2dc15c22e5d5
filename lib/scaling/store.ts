import "server-only";
import path from "node:path";
import { parse } from "yaml";
import { getConfig } from "@/lib/config";
import { createDocument, findDocument, getDocument, getDocumentVersion, listDocuments, recordPush, saveDocument, type Actor, type SaveResult } from "@/lib/documents/store";
import { ActionFailure } from "@/lib/errors/action-failure";
import { kubeClient, type KubeClient } from "@/lib/kubernetes/client";
import { RESOURCES, type KubeObject } from "@/lib/kubernetes/types";
import { awaitingAcknowledgement, type NeedsAcknowledgement } from "@/lib/push/acknowledge";
import { pushToGit } from "@/lib/push/git";
import { withPushLock } from "@/lib/push/lock";
import type { PushResult } from "@/lib/push/steps";
import { PUSH_TARGETS } from "@/lib/push/targets";
import type { AdviceContext } from "./advice";
import { checkManifestText, type CheckedProblem } from "./check";
import { manifestFromLive, parseProfileDocumentName, profileDocumentName, profileIdOf, readManifests, workloadOf, type ProfileId, type ProfileKind } from "./profile";
import { previewKubernetesPush, pushToKubernetes, type Preview } from "./push-kubernetes";
import { replicasQuery } from "./queries";
import { rangeArray } from "./replay-load";

/**
 * Scaling profiles kept by the console: the live HPAs and VPAs of the configured
 * namespaces, each one's versions (documents of kind "profile"), checks against the
 * workloads the cluster has, and pushes to Kubernetes (dry run, diff, apply, read back,
 * restore) and to Git, serialised per target across console processes and audited.
 */

const typeOf = (kind: ProfileKind) => (kind === "HorizontalPodAutoscaler" ? RESOURCES.hpa : RESOURCES.vpa);

export function kube(): KubeClient {
  const s = getConfig().kubernetes;
  if (!s) throw new ActionFailure("invalid", PUSH_TARGETS.kubernetes.unavailable(getConfig())!);
  return kubeClient(s);
}

/** A namespace the console is configured to show and change (KUBERNETES_NAMESPACES; every one when unset). */
export function assertNamespaceAllowed(namespace: string): void {
  const allowed = getConfig().kubernetes?.namespaces;
  if (allowed && !allowed.includes(namespace)) throw new ActionFailure("invalid", `Namespace ${namespace} is not one this console manages (KUBERNETES_NAMESPACES: ${allowed.join(", ")}).`);
}

export interface LiveProfile {
  id: ProfileId;
  workload: { kind: string; name: string } | null;
  object: KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };
}

/** Every HPA and VPA in the configured namespaces (all namespaces when none are set); a VPA CRD that is absent is not an error. */
export async function listLiveProfiles(signal?: AbortSignal): Promise<{ items: LiveProfile[]; notes: string[] }> {
  const client = kube();
  const namespaces = client.settings.namespaces ?? [null];
  const notes: string[] = [];
  const vpaServed = await client.serves("autoscaling.k8s.io", "v1", signal);
  if (!vpaServed) notes.push("the cluster has no VerticalPodAutoscaler CRD (autoscaling.k8s.io/v1): VPAs are not shown");
  const lists = await Promise.all(
    namespaces.flatMap((ns) => [client.list(RESOURCES.hpa, ns, signal), ...(vpaServed ? [client.list(RESOURCES.vpa, ns, signal)] : [])]),
  );
  const items = lists.flatMap((l) => l.items).map((o) => ({ id: profileIdOf(o) as ProfileId, workload: workloadOf(o), object: o as LiveProfile["object"] }));
  return { items, notes };
}

export async function getLiveProfile(id: ProfileId, signal?: AbortSignal): Promise<LiveProfile["object"] | null> {
  assertNamespaceAllowed(id.namespace);
  try {
    return (await kube().get(typeOf(id.kind), id.namespace, id.name, signal)) as LiveProfile["object"];
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}

/** What the checks know of the cluster: the workloads' containers and their requests (a failure leaves them unknown). */
async function clusterContext(namespace: string): Promise<AdviceContext> {
  try {
    const deployments = await kube().list<KubeObject & { spec?: { template?: { spec?: { containers?: { name: string; resources?: { requests?: Record<string, unknown> } }[] } } } }>(RESOURCES.deployment, namespace);
    return {
      workloads: new Map(deployments.items.map((d) => [`${namespace}/Deployment/${d.metadata.name}`, { containers: (d.spec?.template?.spec?.containers ?? []).map((c) => ({ name: c.name, requests: c.resources?.requests ?? {} })) }])),
    };
  } catch {
    return {};
  }
}

const HISTORY_DAYS = 14;
const replicaHistory = new Map<string, { at: number; values: Float64Array }>();

/**
 * What two weeks of history say about an HPA's maxReplicas: the replicas its workload
 * ran (kube_deployment_status_replicas every 5 minutes, kept a minute per workload so
 * that typing in the editor does not query Prometheus each time), judged against the
 * draft's maxReplicas. Unknown when Prometheus cannot say.
 */
async function historyContext(namespace: string, hpaName: string, workload: string, maxReplicas: number): Promise<AdviceContext["history"]> {
  const key = `${namespace}/${workload}`;
  let h = replicaHistory.get(key);
  // a few workloads at a time: the oldest entry goes first
  if (!h && replicaHistory.size >= 100) replicaHistory.delete(replicaHistory.keys().next().value!);
  if (!h || Date.now() - h.at > 60_000) {
    const end = Math.floor(Date.now() / 1000 / 300) * 300;
    try {
      h = { at: Date.now(), values: await rangeArray(replicasQuery({ namespace, name: workload }), end - HISTORY_DAYS * 86400, end, 300) };
    } catch {
      return undefined;
    }
    replicaHistory.set(key, h);
  }
  const known = h.values.filter((v) => Number.isFinite(v));
  if (known.length < h.values.length / 2) return undefined;
  const peak = known.reduce((m, v) => Math.max(m, v), 0);
  return new Map([[hpaName, { days: HISTORY_DAYS, peakReplicas: peak, secondsAtMax: known.filter((v) => v >= maxReplicas).length * 300, seconds: known.length * 300 }]]);
}

/** The checks of a draft, with what the cluster knows when it can be asked. */
export async function checkProfile(text: string): Promise<CheckedProblem[]> {
  const first = (() => {
    try {
      return parse(text) as unknown;
    } catch {
      return null;
    }
  })();
  const id = profileIdOf(first);
  const inScope = typeof id === "object" && (getConfig().kubernetes?.namespaces?.includes(id.namespace) ?? true);
  const ctx: AdviceContext = typeof id === "object" && inScope && getConfig().kubernetes ? await clusterContext(id.namespace) : {};
  const w = workloadOf(first);
  const max = (first as { spec?: { maxReplicas?: unknown } } | null)?.spec?.maxReplicas;
  // history only for a workload the cluster has (a caller's made-up name costs no query)
  if (typeof id === "object" && id.kind === "HorizontalPodAutoscaler" && w && typeof max === "number" && ctx.workloads?.has(`${id.namespace}/${w.kind}/${w.name}`)) {
    ctx.history = await historyContext(id.namespace, id.name, w.name, max);
  }
  const problems = checkManifestText(text, ctx);
  const docs = readManifests(text).objects.length;
  if (docs > 1) problems.unshift({ severity: "error", path: "", message: `a profile is one manifest; this text holds ${docs} (split them, one profile each)`, line: 1, doc: 1, file: 0 });
  return problems;
}

function blockOnErrors(problems: CheckedProblem[], what: string) {
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length) throw new ActionFailure("invalid", `${what}: ${errors.length} error(s) the API server would refuse — ${errors.slice(0, 3).map((e) => `line ${e.line ?? "?"}: ${e.path ? `${e.path}: ` : ""}${e.message}`).join("; ")}`);
}

/** The kept document of a live profile, created from the live object when there is none yet. */
export async function importProfile(id: ProfileId, actor: Actor): Promise<{ id: string; created: boolean }> {
  assertNamespaceAllowed(id.namespace);
  const name = profileDocumentName(id);
  const existing = await findDocument("profile", name);
  if (existing) return { id: existing.id, created: false };
  const live = await getLiveProfile(id);
  if (!live) throw new ActionFailure("not_found", `${id.kind} ${id.namespace}/${id.name} does not exist in the cluster.`);
  const doc = await createDocument({ kind: "profile", name, service: workloadOf(live)?.name ?? null, source: "kubernetes", content: manifestFromLive(live), message: "Imported from the cluster", audit: { workload: workloadOf(live)?.name ?? "" } }, actor);
  return { id: doc.id, created: true };
}

export async function getProfileDocument(documentId: string) {
  const d = await getDocument("profile", documentId);
  const id = parseProfileDocumentName(d.name);
  if (!id) throw new ActionFailure("not_found", "This document is not a scaling profile.");
  assertNamespaceAllowed(id.namespace);
  return { ...d, profile: id };
}

export async function listProfileDocuments() {
  return listDocuments("profile");
}

export async function saveProfile(documentId: string, base: number, content: string, message: string, actor: Actor): Promise<SaveResult> {
  const d = await getProfileDocument(documentId);
  const problems = await checkProfile(content);
  blockOnErrors(problems, "Not saved");
  const obj = parse(content) as unknown;
  const id = profileIdOf(obj);
  if (typeof id === "string" || profileDocumentName(id) !== d.name) throw new ActionFailure("invalid", `Not saved: this profile is ${d.name}; its kind, namespace and name cannot change (create the other one in the cluster instead).`);
  return saveDocument("profile", documentId, base, content, message, actor, { service: workloadOf(obj)?.name ?? null, audit: { workload: workloadOf(obj)?.name ?? "" } });
}

/** The dry run and the diff against the live object, before anything is applied. */
export async function previewProfilePush(documentId: string, version: number, force: boolean): Promise<Preview> {
  const d = await getProfileDocument(documentId);
  const v = await getDocumentVersion("profile", documentId, version);
  const manifest = { ...(parse(v.content) as Record<string, unknown>), metadata: { name: d.profile.name, namespace: d.profile.namespace } };
  return previewKubernetesPush(kube(), typeOf(d.profile.kind), manifest, force);
}

export type ProfilePushOutcome = { pushed: boolean; result: PushResult & { conflicts?: unknown[]; invalid?: unknown[]; commit?: string } } | NeedsAcknowledgement<CheckedProblem>;

function gitPath(template: string, id: ProfileId): string {
  return template.replace(/\{(namespace|kind|name)\}/g, (_m, k: "namespace" | "kind" | "name") => (k === "kind" ? id.kind.toLowerCase() : id[k]));
}

export async function pushProfile(documentId: string, version: number, target: "kubernetes" | "git", opts: { force: boolean; acknowledgement?: string }, actor: Actor): Promise<ProfilePushOutcome> {
  const cfg = getConfig();
  const off = PUSH_TARGETS[target].unavailable(cfg);
  if (off) throw new ActionFailure("invalid", off);
  const d = await getProfileDocument(documentId);
  const v = await getDocumentVersion("profile", documentId, version);
  const problems = await checkProfile(v.content);
  blockOnErrors(problems, "Not pushed");
  const warnings = problems.filter((p) => p.severity === "warning");
  const ask = awaitingAcknowledgement(`profile ${documentId} v${version} to ${target}`, warnings, opts.acknowledgement);
  if (ask) return ask;
  // the document's identity decides where it goes (a manifest without a namespace means the profile's)
  const manifest = { ...(parse(v.content) as Record<string, unknown>), metadata: { name: d.profile.name, namespace: d.profile.namespace } };
  type Result = PushResult & { conflicts?: unknown[]; invalid?: unknown[]; commit?: string };
  const result = await withPushLock(target, cfg, (): Promise<Result> =>
    target === "kubernetes"
      ? pushToKubernetes(kube(), typeOf(d.profile.kind), manifest, { force: opts.force })
      : pushToGit(
          { remote: cfg.gitops!.remote, branch: cfg.gitops!.branch, workRoot: path.join(path.resolve(/*turbopackIgnore: true*/ cfg.dataDir), "gitops") },
          { path: gitPath(cfg.gitops!.pathTemplate, d.profile), content: v.content },
          { message: `${d.name} v${version}: ${v.message}`, authorName: actor.email.split("@")[0] ?? actor.email, authorEmail: actor.email },
        ),
  );
  const workload = workloadOf(manifest)?.name ?? "";
  await recordPush(
    "profile",
    documentId,
    {
      version,
      content: v.content,
      target,
      outcome: result.outcome,
      message: result.message,
      steps: result.steps,
      warnings: warnings.map((w) => `${w.line ?? 0}: ${w.message}`),
      durationMs: result.durationMs,
      audit: { after: { name: d.name, workload, force: opts.force }, message: `${d.name} v${version} → ${target === "git" ? `Git ${cfg.gitops?.branch}` : "Kubernetes"}${opts.force ? " (forced)" : ""}: ${result.message}` },
    },
    actor,
  );
  return { pushed: result.outcome === "ok", result };
}

