"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import {
  checkDraftAction,
  diffVersionsAction,
  driftAction,
  exportRuleFileAction,
  getRuleFileAction,
  getVersionAction,
  pushVersionAction,
  saveVersionAction,
} from "@/app/actions/rules";
import { unwrap } from "@/components/ui/action";
import { useDebounced } from "@/components/ui/use-debounced";
import { PushHistory } from "@/components/documents/push-history";
import { PushWarnings } from "@/components/push/push-warnings";
import { SaveConflictPanel, type SaveConflict } from "@/components/documents/save-conflict";
import { VersionHistory } from "@/components/documents/version-history";
import { applyEdit, readRuleModel, type RuleEdit } from "@/lib/rules/document";
import type { NeedsAcknowledgement } from "@/lib/push/acknowledge";
import type { PushResult } from "@/lib/rules/push";
import type { RuleProblem } from "@/lib/rules/validate";
import { RuleForm } from "./rule-form";

type Tab = "form" | "yaml" | "history" | "pushes";

interface StoredDraft {
  base: number;
  content: string;
}

const draftKey = (id: string) => `perfops.rules.draft.${id}`;

/**
 * The editor of one rule file: a form and a YAML view of the same draft, checks
 * while typing, save with optimistic concurrency, history with diffs, push with
 * verification. The draft is kept in the browser until it is saved, so a conflict,
 * a failed push or a closed tab loses nothing.
 */
export function RuleFileEditor({ id, canEdit }: { id: string; canEdit: boolean }) {
  const file = useQuery({ queryKey: ["rule-file", id], queryFn: () => unwrap(getRuleFileAction({ id })) });
  if (file.error) return <div className="panel-error" role="alert">{file.error.message}</div>;
  if (!file.data) return <div className="loading">Loading…</div>;
  return <Editor id={id} canEdit={canEdit} file={file.data} />;
}

type LoadedFile = Awaited<ReturnType<typeof getRuleFileAction>> extends infer R ? (R extends { ok: true; data: infer D } ? D : never) : never;

/** The unsaved draft this browser kept for the file, if it differs from the saved head. */
function storedDraft(id: string, head: string): StoredDraft | null {
  try {
    const stored = JSON.parse(localStorage.getItem(draftKey(id)) ?? "null") as StoredDraft | null;
    return stored && typeof stored.content === "string" && stored.content !== head ? stored : null;
  } catch {
    return null;
  }
}

function Editor({ id, canEdit, file: f }: { id: string; canEdit: boolean; file: LoadedFile }) {
  const qc = useQueryClient();
  const [initial] = useState(() => storedDraft(id, f.content));
  const [draft, setDraftState] = useState<StoredDraft>(() => initial ?? { base: f.head, content: f.content });
  const [restoredNote, setRestoredNote] = useState<string | null>(() =>
    initial ? `Restored your unsaved draft (based on v${initial.base}${initial.base !== f.head ? `; the file is now at v${f.head}` : ""}).` : null,
  );
  const [tab, setTab] = useState<Tab>("form");
  const [message, setMessage] = useState("");
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  const [status, setStatus] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const setDraft = useCallback(
    (next: StoredDraft) => {
      setDraftState(next);
      try {
        localStorage.setItem(draftKey(id), JSON.stringify(next));
      } catch {
        // storage full or disabled: the draft still lives in this tab
      }
    },
    [id],
  );
  const edit = useCallback(
    (e: RuleEdit) => {
      try {
        setDraft({ ...draft, content: applyEdit(draft.content, e) });
        setStatus(null);
      } catch (err) {
        setStatus({ kind: "error", text: (err as Error).message });
      }
    },
    [draft, setDraft],
  );

  const checkInput = useDebounced(draft.content, 400);
  const checks = useQuery({
    queryKey: ["rule-check", checkInput],
    queryFn: () => unwrap(checkDraftAction({ content: checkInput, live: true })),
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
  const problems: RuleProblem[] = checks.data ?? [];
  const errors = problems.filter((p) => p.severity === "error");
  const dirty = draft.content !== f.content;

  const restore = useMutation({
    mutationFn: (v: number) => unwrap(getVersionAction({ id, version: v })),
    onSuccess: (v) => {
      setDraft({ base: f.head, content: v.content });
      setTab("form");
      setStatus({ kind: "ok", text: `v${v.version} restored as your draft; save it to make it the newest version.` });
    },
    onError: (err) => setStatus({ kind: "error", text: err.message }),
  });
  const save = useMutation({
    mutationFn: (base: number) => unwrap(saveVersionAction({ id, base, content: draft.content, message })),
    onSuccess: (r) => {
      if (r.saved) {
        localStorage.removeItem(draftKey(id));
        setDraftState({ base: r.version, content: draft.content });
        setConflict(null);
        setMessage("");
        setStatus({ kind: "ok", text: `Saved as v${r.version}.` });
        void qc.invalidateQueries({ queryKey: ["rule-file", id] });
      } else {
        setConflict(r.conflict);
        setStatus(null);
      }
    },
    onError: (err) => setStatus({ kind: "error", text: err.message }),
  });

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <Link href="/rules">← Rules</Link>
        <h1 style={{ margin: 0 }} data-testid="rule-file-name">{f.name}</h1>
        <span className="muted" data-testid="rule-file-head">v{f.head}</span>
        <DriftBadge id={id} />
        {dirty && <span className="status-warn">unsaved changes</span>}
      </div>
      {restoredNote && (
        <p className="status-warn" role="status">
          {restoredNote}{" "}
          <button
            type="button"
            onClick={() => {
              localStorage.removeItem(draftKey(id));
              setDraftState({ base: f.head, content: f.content });
              setRestoredNote(null);
            }}
          >
            Discard it
          </button>
        </p>
      )}
      <div className="tabs" role="tablist">
        {(["form", "yaml", "history", "pushes"] as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t === "form" ? "Form" : t === "yaml" ? "YAML" : t === "history" ? `History (${f.versions.length})` : `Pushes (${f.pushes.length})`}
          </button>
        ))}
      </div>

      {tab === "form" && <FormTab content={draft.content} problems={problems} onEdit={edit} readOnly={!canEdit} />}
      {tab === "yaml" && (
        <section className="panel">
          <textarea
            className="code-area"
            aria-label="Rule file YAML"
            spellCheck={false}
            value={draft.content}
            readOnly={!canEdit}
            onChange={(e) => setDraft({ ...draft, content: e.target.value })}
          />
        </section>
      )}
      {tab === "history" && (
        <VersionHistory
          testId="rule-history"
          queryKey={["rule-diff", id]}
          versions={f.versions}
          head={f.head}
          compareOnOpen
          loadDiff={(from, to) => unwrap(diffVersionsAction({ id, from, to }))}
          restore={{ label: "Restore as draft", onRestore: (v) => void restore.mutate(v) }}
        />
      )}
      {tab === "pushes" && <PushHistory pushes={f.pushes} />}

      <Problems problems={problems} checking={checks.isFetching} error={checks.error?.message} />

      {conflict && (
        <SaveConflictPanel
          conflict={conflict}
          saving={save.isPending}
          canSave={errors.length === 0}
          onSaveOnTop={() => save.mutate(conflict.head)}
          onLoadTheirs={() => {
            setDraft({ base: conflict.head, content: conflict.content });
            setConflict(null);
            void qc.invalidateQueries({ queryKey: ["rule-file", id] });
          }}
        />
      )}

      {canEdit && (
        <section className="panel" style={{ minHeight: 0 }}>
          <div className="inline-form">
            <label style={{ flex: 1 }}>
              What changed and why
              <input value={message} onChange={(e) => setMessage(e.target.value)} placeholder="e.g. raise HighErrorRate threshold to 5% (noisy during deploys)" />
            </label>
            <button
              type="button"
              className="primary"
              disabled={!dirty || errors.length > 0 || !message.trim() || save.isPending}
              onClick={() => save.mutate(draft.base)}
              title={errors.length ? "Fix the errors first: Prometheus would reject this file" : !message.trim() ? "Describe the change" : undefined}
            >
              {save.isPending ? "Saving…" : `Save as v${f.head + 1}`}
            </button>
          </div>
          {status && <p role={status.kind === "error" ? "alert" : "status"} className={status.kind === "error" ? "field-error" : "status-ok"}>{status.text}</p>}
        </section>
      )}
      {!canEdit && <p className="muted">You can read and backtest these rules; saving and pushing need the editor role.</p>}

      <PushPanel id={id} head={f.head} canEdit={canEdit} pushEnabled={f.pushEnabled} ruler={f.ruler} dirty={dirty} onPushed={() => void qc.invalidateQueries({ queryKey: ["rule-file", id] })} />
    </div>
  );
}

function FormTab({ content, problems, onEdit, readOnly }: { content: string; problems: RuleProblem[]; onEdit: (e: RuleEdit) => void; readOnly: boolean }) {
  const model = useMemo(() => readRuleModel(content), [content]);
  if (!model.ok) {
    return (
      <div className="panel-error" role="alert">
        The form cannot show this file: {model.error}. Fix it in the YAML view.
      </div>
    );
  }
  return <RuleForm groups={model.groups} problems={problems} onEdit={onEdit} readOnly={readOnly} />;
}

function Problems({ problems, checking, error }: { problems: RuleProblem[]; checking: boolean; error?: string }) {
  const errors = problems.filter((p) => p.severity === "error").length;
  return (
    <section className="panel" style={{ minHeight: 0 }} data-testid="rule-problems">
      <div className="panel-head">
        <h2>
          Checks: <span className={errors ? "status-bad" : "status-ok"}>{errors} error(s)</span>,{" "}
          <span className={problems.length - errors ? "status-warn" : "muted"}>{problems.length - errors} warning(s)</span>
        </h2>
        {checking && <span className="muted">checking…</span>}
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {problems.length > 0 && (
        <ul className="problems">
          {problems.map((p, i) => (
            <li key={i} className={p.severity}>
              <strong>line {p.line}:{p.column}</strong> {p.severity}: {p.check ? `[${p.check}] ` : ""}
              {p.message}
              {p.fix && <div className="muted">fix: {p.fix}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DriftBadge({ id }: { id: string }) {
  const d = useQuery({ queryKey: ["rule-drift", id], queryFn: () => unwrap(driftAction({ id })), refetchInterval: 30_000 });
  if (!d.data) return null;
  const r = d.data;
  if (r.state === "never_pushed") return <span className="muted">not pushed from the console yet</span>;
  if (r.state === "in_sync") return <span className="status-ok" data-testid="drift">Prometheus runs v{r.lastPushed?.version} as pushed</span>;
  return (
    <span className={r.state === "drift" ? "status-bad" : "status-warn"} data-testid="drift" title={r.details.join("\n")}>
      {r.state === "drift" ? `drift since v${r.lastPushed?.version} was pushed: ${r.details.join("; ")}` : `cannot compare: ${r.details.join("; ")}`}
    </span>
  );
}

function PushPanel({
  id,
  head,
  canEdit,
  pushEnabled,
  ruler,
  dirty,
  onPushed,
}: {
  id: string;
  head: number;
  canEdit: boolean;
  pushEnabled: boolean;
  ruler: { flavor: string; url: string } | null;
  dirty: boolean;
  onPushed: () => void;
}) {
  const qc = useQueryClient();
  const [target, setTarget] = useState<"prometheus" | "ruler">("prometheus");
  const [warnings, setWarnings] = useState<NeedsAcknowledgement<RuleProblem> | null>(null);
  const [result, setResult] = useState<PushResult | null>(null);
  const push = useMutation({
    mutationFn: (v: { target: "prometheus" | "ruler"; acknowledgement?: string }) => {
      setTarget(v.target);
      return unwrap(pushVersionAction({ id, version: head, ...v }));
    },
    onSuccess: (r) => {
      if ("needsAcknowledgement" in r) {
        setWarnings(r);
        setResult(null);
        return;
      }
      setWarnings(null);
      setResult(r.result);
      onPushed();
      void qc.invalidateQueries({ queryKey: ["rule-drift", id] });
    },
  });
  const exporter = useMutation({
    mutationFn: (format: "file" | "prometheusrule") => unwrap(exportRuleFileAction({ id, version: head, format })),
    onSuccess: (r) => {
      const url = URL.createObjectURL(new Blob([r.text], { type: "application/yaml" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = r.fileName;
      a.click();
      URL.revokeObjectURL(url);
    },
  });
  return (
    <section className="panel" data-testid="push-panel">
      <div className="panel-head">
        <h2>Push and export v{head}</h2>
        <div className="toolbar" style={{ margin: 0 }}>
          <button type="button" onClick={() => exporter.mutate("file")}>Download rule file</button>
          <button type="button" onClick={() => exporter.mutate("prometheusrule")}>Download PrometheusRule</button>
        </div>
      </div>
      {exporter.error && <p className="field-error" role="alert">{exporter.error.message}</p>}
      {!pushEnabled && <p className="muted">Push to Prometheus is off: the console needs RULES_DIR, the directory Prometheus&apos;s rule_files glob reads.</p>}
      {canEdit && (pushEnabled || ruler) ? (
        <div className="toolbar" style={{ margin: 0 }}>
          {pushEnabled && (
            <button type="button" className="primary" disabled={push.isPending || head === 0} onClick={() => push.mutate({ target: "prometheus" })}>
              {push.isPending && target === "prometheus" ? "Pushing…" : `Push v${head} to Prometheus`}
            </button>
          )}
          {ruler && (
            <button type="button" disabled={push.isPending || head === 0} onClick={() => push.mutate({ target: "ruler" })} title={ruler.url}>
              {push.isPending && target === "ruler" ? "Pushing…" : `Push v${head} to the ${ruler.flavor} ruler`}
            </button>
          )}
          {dirty && <span className="status-warn">Your unsaved changes are not part of a push; save them first.</span>}
        </div>
      ) : null}
      {push.error && <p className="field-error" role="alert">{push.error.message}</p>}
      {warnings && (
        <PushWarnings
          ask={warnings}
          intro={`v${head} has ${warnings.needsAcknowledgement.length} warning(s). Prometheus will accept it; read them before pushing:`}
          describe={(w) => (
            <>
              line {w.line}: {w.message}
              {w.fix && <div className="muted">fix: {w.fix}</div>}
            </>
          )}
          pending={push.isPending}
          onAcknowledge={(acknowledgement) => push.mutate({ target, acknowledgement })}
        />
      )}
      {result && (
        <div data-testid="push-result" role={result.outcome === "ok" ? "status" : "alert"}>
          <p className={result.outcome === "ok" ? "status-ok" : "status-bad"}>
            {result.outcome === "ok" ? "Pushed and verified" : result.outcome === "failed" ? "Not pushed" : result.rollbackIncomplete ? "Push failed and the rollback is INCOMPLETE — check Prometheus" : "Push failed and was rolled back"}: {result.message} ({(result.durationMs / 1000).toFixed(2)} s)
          </p>
          <ol className="muted" style={{ margin: 0 }}>
            {result.steps.map((s, i) => (
              <li key={i} className={s.ok ? undefined : "status-bad"}>
                {s.step}: {s.detail} ({s.ms} ms)
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
