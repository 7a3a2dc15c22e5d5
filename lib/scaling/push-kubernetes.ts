import { stringify } from "yaml";
import { canonicalJson } from "@/lib/format/canonical-json";
import { lineDiff, type DiffLine } from "@/lib/documents/diff";
import type { KubeClient } from "@/lib/kubernetes/client";
import { fieldConflicts, invalidFields, type FieldConflict, type InvalidField } from "@/lib/kubernetes/status";
import type { KubeObject, ResourceType } from "@/lib/kubernetes/types";
import { pushSteps, type PushResult } from "@/lib/push/steps";
import { describeFailure, UpstreamError } from "@/lib/upstream/errors";
import { applyBody } from "./profile";

/**
 * Pushing a profile to Kubernetes, as a transaction against the cluster: a server-side
 * apply of `spec` only, under the console's field manager. First a dry run (the API
 * server defaults, validates and detects field-manager conflicts, and stores nothing),
 * whose result is diffed against the live object for the operator to read; then the
 * apply (forcing only when the operator said so), a read-back compared with what the
 * dry run predicted, and, if the read-back fails after the apply succeeded, the previous
 * spec applied again (or the new object deleted). A failed apply changed nothing and is
 * not rolled back.
 */

export type KubeStep = "dry-run" | "apply" | "verify" | "rollback";

const specYaml = (o: KubeObject | null) => (o ? stringify(o.spec ?? {}, { lineWidth: 0, sortMapEntries: true }) : "");

export type Preview =
  | { ok: true; live: KubeObject | null; predicted: KubeObject; diff: DiffLine[]; unchanged: boolean }
  | { ok: false; conflicts: FieldConflict[]; invalid: InvalidField[]; message: string };

async function readLive(client: KubeClient, type: ResourceType, obj: KubeObject): Promise<KubeObject | null> {
  try {
    return await client.get(type, obj.metadata.namespace ?? null, obj.metadata.name);
  } catch (err) {
    if (err instanceof UpstreamError && err.status === 404) return null;
    throw err;
  }
}

/** The dry run: what the object would become, and how its spec differs from the live one. */
export async function previewKubernetesPush(client: KubeClient, type: ResourceType, manifest: Record<string, unknown>, force = false): Promise<Preview> {
  const body = applyBody(manifest) as KubeObject;
  const live = await readLive(client, type, body);
  try {
    const predicted = await client.apply(type, body, { dryRun: true, force });
    const diff = lineDiff(specYaml(live), specYaml(predicted));
    return { ok: true, live, predicted, diff, unchanged: live !== null && canonicalJson(live.spec) === canonicalJson(predicted.spec) };
  } catch (err) {
    const conflicts = fieldConflicts(err);
    const invalid = invalidFields(err);
    if (!conflicts.length && !invalid.length) throw err;
    return { ok: false, conflicts, invalid, message: describeFailure(err).message };
  }
}

/** Applies, verifies and, on failure after a change, restores. */
export async function pushToKubernetes(client: KubeClient, type: ResourceType, manifest: Record<string, unknown>, opts: { force?: boolean; now?: () => number } = {}): Promise<PushResult<KubeStep> & { conflicts?: FieldConflict[]; invalid?: InvalidField[] }> {
  const { step, record, done, now } = pushSteps<KubeStep>(opts);
  const body = applyBody(manifest) as KubeObject;
  const where = `${type.kind} ${body.metadata.namespace ?? ""}/${body.metadata.name}`;
  let live: KubeObject | null;
  let predicted: KubeObject;
  try {
    live = await readLive(client, type, body);
    predicted = await step("dry-run", () => client.apply(type, body, { dryRun: true, force: opts.force }), (p) => (live && canonicalJson(live.spec) === canonicalJson(p.spec) ? "accepted; the spec is already live" : "accepted by the API server (validation, defaults, field managers)"));
  } catch (err) {
    const conflicts = fieldConflicts(err);
    const invalid = invalidFields(err);
    const why = conflicts.length
      ? `${conflicts.map((c) => `${c.field} is owned by "${c.manager}"`).join("; ")}: push again with force to take these fields`
      : describeFailure(err).message;
    return { ...done("failed", `not pushed, nothing changed: ${why}`), conflicts, invalid };
  }
  try {
    await step("apply", () => client.apply(type, body, { force: opts.force }), () => `applied as "${client.settings.fieldManager}"${opts.force ? " (forced)" : ""}`);
  } catch (err) {
    // the server refused or never answered: nothing of ours was applied, so nothing is rolled
    // back (a rollback from the dry run's snapshot could undo someone else's change)
    return done("failed", `not applied: ${describeFailure(err).message}; the object is as the API server had it`);
  }
  let failure: string;
  try {
    await step(
      "verify",
      async () => {
        const back = await client.get(type, body.metadata.namespace ?? null, body.metadata.name);
        if (canonicalJson(back.spec) !== canonicalJson(predicted.spec)) throw new Error("the object read back differs from what the dry run predicted (another writer?)");
        return back;
      },
      (b) => `read back: the spec is what was pushed (resourceVersion ${b.metadata.resourceVersion ?? "?"})`,
    );
    return done("ok", `applied ${where} and read it back`);
  } catch (err) {
    failure = describeFailure(err).message;
  }
  // Restore what was there: the previous spec under our manager, or no object at all.
  const r = now();
  try {
    if (live) await client.apply(type, applyBody(live as unknown as Record<string, unknown>) as KubeObject, { force: true });
    else await client.delete(type, body.metadata.namespace ?? null, body.metadata.name);
    record("rollback", true, live ? "the previous spec is applied again" : "the object this push created is deleted", r);
    return done("rolled_back", `push failed, the previous state is restored: ${failure}`);
  } catch (err) {
    record("rollback", false, describeFailure(err).message, r);
    return done("rolled_back", `push failed and the previous state could NOT be restored: ${failure}; rollback: ${describeFailure(err).message}`, { rollbackIncomplete: true });
  }
}
