"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { previewPushAction, pushProfileAction } from "@/app/actions/profiles";
import { DiffView } from "@/components/documents/diff-view";
import { unwrap } from "@/components/ui/action";
import { PushWarnings } from "@/components/push/push-warnings";

/**
 * Pushing a saved version. Kubernetes: a dry run and the diff against the live
 * object first; a field another manager owns is shown with its owner, and taken only
 * with an explicit force; a refusal (422) lists its fields, which the form marks.
 * Git: a commit on the configured branch. Warnings are read and acknowledged first.
 */

type Target = { id: string; label: string; unavailable: string | null };
type PreviewData = Extract<Awaited<ReturnType<typeof previewPushAction>>, { ok: true }>["data"];
type PushData = Extract<Awaited<ReturnType<typeof pushProfileAction>>, { ok: true }>["data"];

export function PushPanel({ documentId, head, dirty, targets, onPushed, onInvalid }: { documentId: string; head: number; dirty: boolean; targets: Target[]; onPushed: () => void; onInvalid: (fields: { field: string; message: string }[]) => void }) {
  const [force, setForce] = useState(false);
  const [preview, setPreview] = useState<PreviewData | null>(null);
  const [result, setResult] = useState<PushData | null>(null);
  const kube = targets.find((t) => t.id === "kubernetes");
  const git = targets.find((t) => t.id === "git");
  const dryRun = useMutation({
    mutationFn: (f: boolean) => unwrap(previewPushAction({ documentId, version: head, force: f })),
    onSuccess: (p) => {
      setPreview(p);
      setResult(null);
      onInvalid(p.ok ? [] : p.invalid);
    },
  });
  const push = useMutation({
    mutationFn: (v: { target: "kubernetes" | "git"; acknowledgement?: string }) => unwrap(pushProfileAction({ documentId, version: head, force, ...v })),
    onSuccess: (r) => {
      setResult(r);
      if ("result" in r) {
        setPreview(null);
        onInvalid(((r.result.invalid ?? []) as { field: string; message: string }[]));
        onPushed();
      }
    },
  });
  const conflicts = preview && !preview.ok ? preview.conflicts : [];
  return (
    <section className="panel" data-testid="profile-push">
      <div className="panel-head">
        <h2>Push v{head}</h2>
      </div>
      {dirty && <p className="status-warn">Your unsaved changes are not part of a push; save them first.</p>}
      <div className="toolbar">
        {kube && (
          <button type="button" className="primary" disabled={!!kube.unavailable || dryRun.isPending || head === 0} title={kube.unavailable ?? undefined} onClick={() => dryRun.mutate(force)}>
            {dryRun.isPending ? "Dry run…" : `Dry run v${head} on Kubernetes`}
          </button>
        )}
        {git && (
          <button type="button" disabled={!!git.unavailable || push.isPending || head === 0} title={git.unavailable ?? undefined} onClick={() => push.mutate({ target: "git" })}>
            {push.isPending && push.variables?.target === "git" ? "Committing…" : `Commit v${head} to ${git.label}`}
          </button>
        )}
      </div>
      {targets.filter((t) => t.unavailable).map((t) => (
        <p key={t.id} className="muted">{t.unavailable}</p>
      ))}
      {dryRun.error && <p className="field-error" role="alert">{dryRun.error.message}</p>}
      {push.error && <p className="field-error" role="alert">{push.error.message}</p>}
      {preview?.ok && (
        <div data-testid="push-preview">
          <p>{preview.unchanged ? "The cluster already runs this spec." : preview.live ? "The API server accepts it. What changes in the live object:" : "The object does not exist yet: it will be created."}</p>
          <DiffView lines={preview.diff} />
          <button type="button" className="primary" disabled={push.isPending} onClick={() => push.mutate({ target: "kubernetes" })}>
            {push.isPending ? "Applying…" : `Apply v${head}${force ? " (force)" : ""}`}
          </button>
        </div>
      )}
      {preview && !preview.ok && (
        <div role="alert" data-testid="push-refused">
          <p className="status-bad">The API server refuses v{head}: {preview.message}</p>
          {preview.invalid.length > 0 && (
            <ul>
              {preview.invalid.map((f) => (
                <li key={f.field} data-testid="invalid-field">
                  {f.field}: {f.message}
                </li>
              ))}
            </ul>
          )}
          {conflicts.length > 0 && (
            <div data-testid="push-conflicts">
              <p>Fields owned by another field manager (server-side apply would take them from it):</p>
              <ul>
                {conflicts.map((c) => (
                  <li key={c.field}>
                    <code>{c.field}</code> is managed by <strong>{c.manager}</strong>
                  </li>
                ))}
              </ul>
              <label>
                <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Take these fields from {[...new Set(conflicts.map((c) => c.manager))].join(", ")} (force)
              </label>{" "}
              <button type="button" disabled={!force || dryRun.isPending} onClick={() => dryRun.mutate(true)}>
                Dry run again with force
              </button>
            </div>
          )}
        </div>
      )}
      {result && "needsAcknowledgement" in result && (
        <PushWarnings
          ask={result}
          intro={`v${head} has ${result.needsAcknowledgement.length} warning(s). The API server accepts it; read them before pushing:`}
          describe={(w) => `line ${w.line ?? "?"}: ${w.path}: ${w.message}`}
          pending={push.isPending}
          onAcknowledge={(acknowledgement) => push.mutate({ target: push.variables?.target ?? "kubernetes", acknowledgement })}
        />
      )}
      {result && "result" in result && (
        <div data-testid="push-result" role={result.result.outcome === "ok" ? "status" : "alert"}>
          <p className={result.result.outcome === "ok" ? "status-ok" : "status-bad"}>
            {result.result.outcome === "ok" ? "Pushed and verified" : result.result.outcome === "failed" ? "Not pushed" : "Push failed and was rolled back"}: {result.result.message} ({(result.result.durationMs / 1000).toFixed(2)} s)
          </p>
          <ol className="muted" style={{ fontSize: 12 }}>
            {result.result.steps.map((s, i) => (
              <li key={i} className={s.ok ? "" : "status-bad"}>
                {s.step}: {s.detail} ({s.ms} ms)
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
