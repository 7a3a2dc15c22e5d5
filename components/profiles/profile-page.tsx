"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { parse } from "yaml";
import { checkProfileAction, getProfileAction, importProfileAction, profileDiffAction, profileVersionAction, saveProfileAction } from "@/app/actions/profiles";
import { ServiceDashboard } from "@/components/dashboard/service-dashboard";
import { PushHistory } from "@/components/documents/push-history";
import { SaveConflictPanel, type SaveConflict } from "@/components/documents/save-conflict";
import { VersionHistory } from "@/components/documents/version-history";
import { Panel } from "@/components/ui/panel";
import { unwrap } from "@/components/ui/action";
import { useDebounced } from "@/components/ui/use-debounced";
import type { Seg } from "@/lib/documents/yaml-paths";
import { setField, type ProfileId } from "@/lib/scaling/profile";
import { HpaForm } from "./hpa-form";
import { HpaStateView, VpaStateView } from "./live-state";
import { PushPanel } from "./push-panel";
import { ReplayPanel } from "./replay-panel";
import { VpaForm } from "./vpa-form";

/**
 * One scaling profile: what it does now, its draft in a form and as YAML (one text,
 * comments kept), the checks live while typing, a replay of the draft on real history,
 * save with optimistic concurrency, versions, and pushes to Kubernetes and Git.
 */

type Loaded = Extract<Awaited<ReturnType<typeof getProfileAction>>, { ok: true }>["data"];

export function ProfilePage({ id, canEdit }: { id: ProfileId; canEdit: boolean }) {
  const q = useQuery({ queryKey: ["profile", id], queryFn: () => unwrap(getProfileAction({ id })) });
  // a failed refresh keeps the page (and the draft in it): only a first load that fails shows the error alone
  if (!q.data) return <Panel title={`${id.kind} ${id.namespace}/${id.name}`} loading={!q.error} error={q.error ? { kind: "internal", message: q.error.message } : null} onRetry={() => void q.refetch()} />;
  // a new version or a push reloads the page's data; the editor starts again from its head
  return <Profile key={`${q.data.document?.head ?? 0}`} id={id} canEdit={canEdit} data={q.data} />;
}

function Profile({ id, canEdit, data }: { id: ProfileId; canEdit: boolean; data: Loaded }) {
  const qc = useQueryClient();
  const doc = data.document;
  const [draft, setDraft] = useState<{ base: number; content: string }>({ base: doc?.head ?? 0, content: doc?.content ?? data.live ?? "" });
  const [tab, setTab] = useState<"form" | "yaml" | "versions" | "pushes">("form");
  const [message, setMessage] = useState("");
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  const [status, setStatus] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [serverInvalid, setServerInvalid] = useState<{ field: string; message: string }[]>([]);
  const reload = () => void qc.invalidateQueries({ queryKey: ["profile", id] });
  const editable = canEdit && Boolean(doc);
  const dirty = Boolean(doc) && draft.content !== doc?.content;

  const checked = useDebounced(draft.content, 300);
  const checks = useQuery({ queryKey: ["profile-check", checked], queryFn: () => unwrap(checkProfileAction({ content: checked })), staleTime: 60_000 });
  const problems = useMemo(
    () => [...(checks.data ?? []), ...serverInvalid.map((f) => ({ severity: "error" as const, path: f.field, message: `the API server refused it: ${f.message}`, line: undefined as number | undefined, doc: 0, file: 0 }))],
    [checks.data, serverInvalid],
  );
  const parsed = useMemo(() => {
    try {
      return { obj: (parse(draft.content) ?? {}) as Record<string, unknown>, error: null };
    } catch (err) {
      return { obj: null, error: (err as Error).message.split("\n")[0] };
    }
  }, [draft.content]);

  const set = (path: Seg[], value: unknown) => {
    try {
      setDraft((d) => ({ ...d, content: setField(d.content, path, value) }));
      setServerInvalid([]);
    } catch (err) {
      setStatus({ kind: "error", text: (err as Error).message });
    }
  };
  const importIt = useMutation({ mutationFn: () => unwrap(importProfileAction({ id })), onSuccess: reload, onError: (e) => setStatus({ kind: "error", text: e.message }) });
  const save = useMutation({
    mutationFn: (base: number) => unwrap(saveProfileAction({ documentId: doc!.id, base, content: draft.content, message })),
    onSuccess: (r) => {
      if (r.saved) {
        setMessage("");
        setConflict(null);
        reload();
      } else setConflict(r.conflict);
    },
    onError: (e) => setStatus({ kind: "error", text: e.message }),
  });
  const restore = useMutation({
    mutationFn: (v: number) => unwrap(profileVersionAction({ documentId: doc!.id, version: v })),
    onSuccess: (v) => {
      setDraft({ base: doc!.head, content: v.content });
      setTab("form");
      setStatus({ kind: "ok", text: `v${v.version} restored as your draft; save it to make it the newest version.` });
    },
  });
  const errors = problems.filter((p) => p.severity === "error");
  const workload = (parsed.obj?.spec as { scaleTargetRef?: { name?: string }; targetRef?: { name?: string } } | undefined);
  const workloadName = workload?.scaleTargetRef?.name ?? workload?.targetRef?.name;

  return (
    <div>
      <div className="toolbar">
        <Link href="/profiles">← Scaling profiles</Link>
        <h1 style={{ margin: 0 }} data-testid="profile-name">
          {id.kind === "HorizontalPodAutoscaler" ? "HPA" : "VPA"} {id.namespace}/{id.name}
        </h1>
        {workloadName && <Link href={`/services/${encodeURIComponent(workloadName)}`}>Dashboard of {workloadName} →</Link>}
        {doc && (
          <span className="muted" data-testid="profile-head">
            v{doc.head}
            {dirty ? " · unsaved changes" : ""}
          </span>
        )}
      </div>
      <section className="panel" style={{ minHeight: 0 }}>
        <div className="panel-head">
          <h2>Now</h2>
        </div>
        {data.liveError ? (
          <p className="panel-error" role="alert">{data.liveError}</p>
        ) : (
          !data.live && <p className="status-warn">Not in the cluster{doc ? ": pushing creates it" : ""}.</p>
        )}
        {data.state?.kind === "HorizontalPodAutoscaler" && <HpaStateView s={data.state} />}
        {data.state?.kind === "VerticalPodAutoscaler" && <VpaStateView s={data.state} />}
      </section>
      {!doc && canEdit && (
        <p>
          <button type="button" className="primary" disabled={importIt.isPending} onClick={() => importIt.mutate()}>
            {importIt.isPending ? "Importing…" : "Edit this profile (keep its versions in the console)"}
          </button>
        </p>
      )}
      {!canEdit && <p className="muted">You can read and replay this profile; saving and pushing need the editor role.</p>}
      <div role="tablist" className="toolbar">
        {(["form", "yaml", ...(doc ? (["versions", "pushes"] as const) : [])] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? "primary" : ""} onClick={() => setTab(t)}>
            {t === "form" ? "Form" : t === "yaml" ? "YAML" : t === "versions" ? `Versions (${doc?.versions.length ?? 0})` : `Pushes (${doc?.pushes.length ?? 0})`}
          </button>
        ))}
      </div>
      {tab === "form" && (
        <section className="panel">
          {parsed.error ? (
            <p className="field-error">The YAML does not parse ({parsed.error}): fix it in the YAML tab.</p>
          ) : id.kind === "HorizontalPodAutoscaler" ? (
            <HpaForm obj={parsed.obj!} set={set} problems={problems} readOnly={!editable} />
          ) : (
            <VpaForm obj={parsed.obj!} set={set} problems={problems} readOnly={!editable} />
          )}
        </section>
      )}
      {tab === "yaml" && (
        <section className="panel">
          <textarea
            aria-label="Profile YAML"
            className="code"
            spellCheck={false}
            rows={Math.min(40, draft.content.split("\n").length + 2)}
            style={{ width: "100%" }}
            value={draft.content}
            readOnly={!editable}
            onChange={(e) => {
              setDraft({ ...draft, content: e.target.value });
              // the API server's refusal was of the text before this edit
              setServerInvalid([]);
            }}
          />
        </section>
      )}
      {tab === "versions" && doc && (
        <VersionHistory
          testId="profile-versions"
          queryKey={["profile-diff", doc.id]}
          versions={doc.versions}
          head={doc.head}
          loadDiff={(from, to) => unwrap(profileDiffAction({ documentId: doc.id, from, to }))}
          restore={editable ? { label: "Restore as draft", onRestore: (v) => restore.mutate(v) } : undefined}
        />
      )}
      {tab === "pushes" && doc && <PushHistory pushes={doc.pushes} targetName={(t) => (t === "git" ? "Git" : "Kubernetes")} />}
      <section className="panel" style={{ minHeight: 0 }} data-testid="profile-problems">
        <h2>Checks {checks.isFetching && <span className="muted">(checking…)</span>}</h2>
        {problems.length === 0 ? (
          <p className="status-ok">The API server would accept this, and nothing looks unwise.</p>
        ) : (
          <ul>
            {problems.map((p, i) => (
              <li key={i} className={p.severity === "error" ? "field-error" : "status-warn"}>
                {p.line ? `line ${p.line}: ` : ""}
                {p.severity}: {p.path ? `${p.path}: ` : ""}
                {p.message}
              </li>
            ))}
          </ul>
        )}
      </section>
      {conflict && (
        <SaveConflictPanel
          conflict={conflict}
          saving={save.isPending}
          canSave={errors.length === 0}
          onSaveOnTop={() => save.mutate(conflict.head)}
          onLoadTheirs={() => {
            setDraft({ base: conflict.head, content: conflict.content });
            setConflict(null);
            reload();
          }}
        />
      )}
      {editable && (
        <section className="panel" style={{ minHeight: 0 }}>
          <div className="toolbar">
            <label style={{ flex: 1 }}>
              What changed and why{" "}
              <input aria-label="What changed and why" value={message} onChange={(e) => setMessage(e.target.value)} style={{ width: "60%" }} placeholder="e.g. scale down slower after the evening peak" />
            </label>
            <button type="button" className="primary" disabled={!dirty || !message.trim() || errors.length > 0 || save.isPending} onClick={() => save.mutate(draft.base)}>
              {save.isPending ? "Saving…" : `Save as v${draft.base + 1}`}
            </button>
          </div>
          {errors.length > 0 && dirty && <p className="field-error">Fix the {errors.length} error(s) above to save.</p>}
        </section>
      )}
      {status && <p className={status.kind === "ok" ? "status-ok" : "field-error"} role={status.kind === "ok" ? "status" : "alert"}>{status.text}</p>}
      <ReplayPanel id={id} content={draft.content} />
      {workloadName && (
        <section data-testid="profile-dashboard">
          <h2>{workloadName}: replicas, CPU and memory (as on its dashboard)</h2>
          <ServiceDashboard service={workloadName} panels={["replicas", "cpu", "memory"]} initialWidth={1200} />
        </section>
      )}
      {editable && doc && <PushPanel documentId={doc.id} head={doc.head} dirty={dirty} targets={data.targets} onPushed={reload} onInvalid={setServerInvalid} />}
    </div>
  );
}
