"use server";

import { parse } from "yaml";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { diffDocumentVersions, getDocumentVersion } from "@/lib/documents/store";
import { ActionFailure } from "@/lib/errors/action-failure";
import { pushTargetsView } from "@/lib/push/targets";
import { acknowledgementSchema } from "@/lib/push/acknowledge";
import { defineAction } from "@/lib/server/action";
import { hpaState, vpaState } from "@/lib/scaling/live-state";
import { manifestFromLive, profileDocumentName, workloadOf, type ProfileId } from "@/lib/scaling/profile";
import { parseQuantity } from "@/lib/scaling/quantity";
import { replayHpaProfiles, replayVpa, REPLAY_WINDOWS } from "@/lib/scaling/replay-load";
import { chartSeries } from "@/lib/scaling/replay-chart";
import {
  assertNamespaceAllowed,
  checkProfile,
  getLiveProfile,
  getProfileDocument,
  importProfile,
  listLiveProfiles,
  listProfileDocuments,
  previewProfilePush,
  pushProfile,
  saveProfile,
} from "@/lib/scaling/store";
import { describeFailure } from "@/lib/upstream/errors";

/** Scaling profiles: the cluster's HPAs and VPAs, their versions, checks, replays and pushes. */

const MAX_MANIFEST = 256 * 1024;
const MAX_REPLAYED_METRICS = 10;
const content = z.string().max(MAX_MANIFEST, `expected a manifest under ${MAX_MANIFEST / 1024} KiB`);
const dns = z.string().trim().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "expected a Kubernetes name (lower case, digits, '-' and '.')");
const profileId = z.object({ namespace: dns, kind: z.enum(["HorizontalPodAutoscaler", "VerticalPodAutoscaler"]), name: dns });
const documentId = z.string().min(1).max(64);
const version = z.number().int().min(1).max(2_147_483_647);

export const listProfilesAction = defineAction("profiles.list", "VIEWER", z.object({}), async () => {
  if (!getConfig().kubernetes) return { configured: false as const, items: [], notes: [] };
  const kept = new Map((await listProfileDocuments()).map((d) => [d.name, d]));
  let live: Awaited<ReturnType<typeof listLiveProfiles>>;
  try {
    live = await listLiveProfiles();
  } catch (err) {
    return { configured: true as const, error: describeFailure(err).message, items: [], notes: [] };
  }
  const items = await Promise.all(
    live.items.map(async (p) => {
      const doc = kept.get(profileDocumentName(p.id));
      const state = p.id.kind === "HorizontalPodAutoscaler" ? await hpaState(p) : await vpaState(p);
      return { id: p.id, workload: p.workload, state, kept: doc ? { documentId: doc.id, head: doc.head, lastPush: doc.lastPush } : null };
    }),
  );
  return { configured: true as const, items, notes: live.notes };
});

/** One profile: its live object (as the manifest the console would keep), state, checks, and the kept versions if any. */
export const getProfileAction = defineAction("profiles.get", "VIEWER", z.object({ id: profileId }), async (i) => {
  const id = i.id as ProfileId;
  const cfg = getConfig();
  assertNamespaceAllowed(id.namespace);
  // Kubernetes down or refusing: the kept versions and the Git push stay usable; the page says where it failed
  let liveError: string | null = null;
  const live = await getLiveProfile(id).catch((err: unknown) => {
    liveError = `Kubernetes: ${describeFailure(err).message}`;
    return null;
  });
  const kept = await listProfileDocuments().then((docs) => docs.find((d) => d.name === profileDocumentName(id)));
  const document = kept ? await getProfileDocument(kept.id) : null;
  const p = live ? { id, workload: workloadOf(live), object: live } : null;
  const state = p ? (id.kind === "HorizontalPodAutoscaler" ? await hpaState(p) : await vpaState(p)) : null;
  return {
    id,
    live: live ? manifestFromLive(live) : null,
    liveError: liveError as string | null,
    state,
    document,
    targets: pushTargetsView("profile", cfg),
  };
});

export const importProfileAction = defineAction("profiles.import", "EDITOR", z.object({ id: profileId }), (i, user) => importProfile(i.id as ProfileId, user));

export const checkProfileAction = defineAction("profiles.check", "VIEWER", z.object({ content }), (i) => checkProfile(i.content));

export const saveProfileAction = defineAction(
  "profiles.save",
  "EDITOR",
  z.object({ documentId, base: z.number().int().min(0), content, message: z.string().trim().min(1, "say what changed and why").max(500) }),
  (i, user) => saveProfile(i.documentId, i.base, i.content, i.message, user),
);

export const profileVersionAction = defineAction("profiles.version", "VIEWER", z.object({ documentId, version }), async (i) => {
  await getProfileDocument(i.documentId);
  return getDocumentVersion("profile", i.documentId, i.version);
});

export const profileDiffAction = defineAction("profiles.diff", "VIEWER", z.object({ documentId, from: version, to: version }), (i) => diffDocumentVersions("profile", i.documentId, i.from, i.to));

/**
 * Replays a draft against the profile as it runs (the live spec) over real history:
 * for an HPA both replica curves with the actual one, for a VPA the recommendation
 * from the window's usage against the current requests. Bounded: at most 14 days at
 * the controller's 15 s, one workload, charts of at most 720 points.
 */
export const replayProfileAction = defineAction(
  "profiles.replay",
  "VIEWER",
  z.object({ id: profileId, content, window: z.enum(Object.keys(REPLAY_WINDOWS) as [keyof typeof REPLAY_WINDOWS]) }),
  async (i) => {
    const id = i.id as ProfileId;
    assertNamespaceAllowed(id.namespace);
    let draft: { spec?: Record<string, unknown> } | null;
    try {
      draft = parse(i.content) as { spec?: Record<string, unknown> } | null;
    } catch {
      throw new ActionFailure("invalid", "content: the YAML does not parse; fix it before replaying");
    }
    const live = await getLiveProfile(id).catch(() => null);
    const metrics = (draft?.spec as { metrics?: unknown } | undefined)?.metrics;
    // each metric is a 14-day range query: a draft is not a way to fan out hundreds
    if (Array.isArray(metrics) && metrics.length > MAX_REPLAYED_METRICS) throw new ActionFailure("invalid", `spec.metrics: ${metrics.length} metrics; the replay takes at most ${MAX_REPLAYED_METRICS}`);
    const workload = workloadOf(draft) ?? (live ? workloadOf(live) : null);
    const w = { namespace: id.namespace, name: workload?.name ?? id.name };
    const end = Date.now() / 1000;
    if (id.kind === "HorizontalPodAutoscaler") {
      const r = await replayHpaProfiles(w, (live?.spec ?? draft?.spec ?? {}) as Record<string, unknown>, draft?.spec ?? {}, i.window, end);
      const stats = (x: typeof r.current) => ({ podHours: x.podHours, secondsAtMax: x.secondsAtMax, scaleEvents: x.scaleEvents, secondsOverTarget: x.secondsOverTarget, peakReplicas: x.peakReplicas, seconds: x.seconds });
      return {
        kind: "hpa" as const,
        chart: chartSeries(r.start, r.step, { actual: r.actual, current: r.current.replicas, edited: r.edited.replicas }, 720),
        current: stats(r.current),
        edited: stats(r.edited),
        actualPodHours: r.actual.reduce((a, v) => (Number.isFinite(v) ? a + (v * r.step) / 3600 : a), 0),
        metrics: r.metrics,
        notes: r.notes,
        replayMs: r.replayMs,
        loadMs: r.loadMs,
        hasLive: Boolean(live),
      };
    }
    const policy = ((((draft?.spec ?? {}) as { resourcePolicy?: { containerPolicies?: { minAllowed?: Record<string, string>; maxAllowed?: Record<string, string> }[] } }).resourcePolicy?.containerPolicies ?? [])[0]) ?? {};
    const q = (v: string | undefined) => parseQuantity(v) ?? undefined;
    const limits = { cpu: { min: q(policy.minAllowed?.cpu), max: q(policy.maxAllowed?.cpu) }, memory: { min: q(policy.minAllowed?.memory), max: q(policy.maxAllowed?.memory) } };
    return { kind: "vpa" as const, ...(await replayVpa(w, limits, i.window, end)) };
  },
);

export const previewPushAction = defineAction("profiles.preview", "EDITOR", z.object({ documentId, version, force: z.boolean().default(false) }), (i) => previewProfilePush(i.documentId, i.version, i.force));

export const pushProfileAction = defineAction(
  "profiles.push",
  "EDITOR",
  z.object({ documentId, version, target: z.enum(["kubernetes", "git"]), force: z.boolean().default(false), acknowledgement: acknowledgementSchema }),
  (i, user) => pushProfile(i.documentId, i.version, i.target, { force: i.force, acknowledgement: i.acknowledgement }, user),
);
