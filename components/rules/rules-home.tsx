"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { browseLoadedRules, createRuleFileAction, importRulesAction, listRuleFilesAction } from "@/app/actions/rules";
import { ago, unwrap } from "@/components/ui/action";
import { InlinePrompt } from "@/components/ui/inline-prompt";

type State = "any" | "inactive" | "pending" | "firing" | "none";
type Health = "any" | "ok" | "err" | "unknown";
type Kind = "any" | "alerting" | "recording";

const NEW_FILE = `groups:
  - name: my.rules
    rules:
      - alert: MyAlert
        expr: ""
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: ""
`;

/** Rule files kept by the console, imports, and the rules Prometheus runs now. */
export function RulesHome({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const router = useRouter();
  const files = useQuery({ queryKey: ["rule-files"], queryFn: () => unwrap(listRuleFilesAction({})) });
  const [report, setReport] = useState<string | null>(null);
  const importer = useMutation({
    mutationFn: (input: Parameters<typeof importRulesAction>[0]) => unwrap(importRulesAction(input)),
    onSuccess: (r) => {
      setReport(
        [
          r.created.length ? `created ${r.created.join(", ")}` : "",
          r.updated.length ? `new version of ${r.updated.join(", ")}` : "",
          r.unchanged.length ? `unchanged: ${r.unchanged.join(", ")}` : "",
          ...r.notes,
        ]
          .filter(Boolean)
          .join(" · ") || "nothing to import",
      );
      void qc.invalidateQueries({ queryKey: ["rule-files"] });
    },
  });
  const creator = useMutation({
    mutationFn: (name: string) => unwrap(createRuleFileAction({ name, content: NEW_FILE.replace("my.rules", name.replace(/\.ya?ml$/, "")) })),
    onSuccess: (r) => router.push(`/rules/${r.id}`),
  });

  async function onUpload(file: File | undefined) {
    if (!file) return;
    importer.mutate({ from: "upload", name: file.name, content: await file.text() });
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <h1>Alert rules</h1>
      <section className="panel" data-testid="rule-files">
        <div className="panel-head">
          <h2>Rule files kept in the console</h2>
          {canEdit && (
            <div className="toolbar" style={{ margin: 0 }}>
              <button type="button" onClick={() => importer.mutate({ from: "prometheus" })} disabled={importer.isPending}>
                Import from Prometheus
              </button>
              <button type="button" onClick={() => importer.mutate({ from: "directory" })} disabled={importer.isPending}>
                Import rules directory
              </button>
              <label className="button-like">
                Upload file…
                <input type="file" accept=".yml,.yaml" hidden onChange={(e) => void onUpload(e.target.files?.[0])} />
              </label>
              <InlinePrompt label="File name (e.g. team.rules.yml)" submitLabel="Create" onSubmit={(name) => creator.mutate(name.trim())}>
                New file
              </InlinePrompt>
            </div>
          )}
        </div>
        {report && <p role="status" className="status-ok">{report}</p>}
        {(importer.error || creator.error) && <p role="alert" className="field-error">{(importer.error ?? creator.error)?.message}</p>}
        {files.error ? (
          <div className="panel-error" role="alert">{files.error.message}</div>
        ) : files.isPending ? (
          <div className="loading">Loading…</div>
        ) : files.data.length === 0 ? (
          <p className="muted">No rule files yet. {canEdit ? "Import what Prometheus runs to start." : "An editor can import them."}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>File</th>
                <th className="num">Groups</th>
                <th className="num">Rules</th>
                <th className="num">Version</th>
                <th>Last push</th>
                <th>Changed</th>
              </tr>
            </thead>
            <tbody>
              {files.data.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link href={`/rules/${f.id}`}>{f.name}</Link> <span className="muted">({f.source})</span>
                  </td>
                  <td className="num">{f.groups}</td>
                  <td className="num">{f.rules}</td>
                  <td className="num">v{f.head}</td>
                  <td>
                    {f.lastPush ? (
                      <span className={f.lastPush.outcome === "ok" ? "status-ok" : "status-bad"} title={f.lastPush.message}>
                        v{f.lastPush.version} {f.lastPush.outcome === "ok" ? "pushed" : f.lastPush.outcome.replace("_", " ")} {ago(f.lastPush.at)}
                      </span>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td className="muted">{ago(f.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <LoadedRules />
    </div>
  );
}

function LoadedRules() {
  const [q, setQ] = useState("");
  const [state, setState] = useState<State>("any");
  const [health, setHealth] = useState<Health>("any");
  const [type, setType] = useState<Kind>("any");
  const [page, setPage] = useState(0);
  const rules = useQuery({
    queryKey: ["loaded-rules", q, state, health, type, page],
    queryFn: () => unwrap(browseLoadedRules({ q, state, health, type, page, pageSize: 50 })),
    placeholderData: (prev) => prev,
    refetchInterval: 30_000,
  });
  const d = rules.data;
  return (
    <section className="panel" data-testid="loaded-rules">
      <div className="panel-head">
        <h2>Loaded in Prometheus</h2>
        {d && (
          <span className="muted">
            {d.total} rules in {d.groups} groups · <span className="status-bad">{d.counts.firing} firing</span> ·{" "}
            <span className="status-warn">{d.counts.pending} pending</span> · {d.counts.unhealthy} unhealthy
          </span>
        )}
      </div>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search rules"
          placeholder="Search name, group, query, label…"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(0);
          }}
          style={{ minWidth: 280 }}
        />
        <select aria-label="State" value={state} onChange={(e) => (setState(e.target.value as State), setPage(0))}>
          <option value="any">any state</option>
          <option value="firing">firing</option>
          <option value="pending">pending</option>
          <option value="inactive">inactive</option>
        </select>
        <select aria-label="Health" value={health} onChange={(e) => (setHealth(e.target.value as Health), setPage(0))}>
          <option value="any">any health</option>
          <option value="ok">ok</option>
          <option value="err">error</option>
          <option value="unknown">unknown</option>
        </select>
        <select aria-label="Type" value={type} onChange={(e) => (setType(e.target.value as Kind), setPage(0))}>
          <option value="any">alerting and recording</option>
          <option value="alerting">alerting</option>
          <option value="recording">recording</option>
        </select>
      </div>
      {rules.error ? (
        <div className="panel-error" role="alert">
          {rules.error.message} <button type="button" onClick={() => void rules.refetch()}>Retry</button>
        </div>
      ) : !d ? (
        <div className="loading">Loading…</div>
      ) : (
        <>
          <table data-testid="loaded-rules-table">
            <thead>
              <tr>
                <th>State</th>
                <th>Rule</th>
                <th>Group</th>
                <th>Health</th>
                <th>Last evaluation</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={`${r.file}/${r.group}/${r.type}/${r.name}/${r.query}`} data-rule={r.name}>
                  <td className={r.state === "firing" ? "status-bad" : r.state === "pending" ? "status-warn" : "muted"}>
                    {r.state === "none" ? "recording" : r.state}
                    {r.active > 0 ? ` (${r.active})` : ""}
                  </td>
                  <td>
                    <div>{r.name}</div>
                    <code className="muted" style={{ fontSize: 12, whiteSpace: "pre-wrap" }}>{r.query}</code>
                  </td>
                  <td>
                    {r.group}
                    <div className="muted" style={{ fontSize: 12 }}>{r.file}</div>
                  </td>
                  <td className={r.health === "err" ? "status-bad" : r.health === "ok" ? "status-ok" : "muted"} title={r.lastError}>
                    {r.health}
                    {r.lastError && <div style={{ fontSize: 12 }}>{r.lastError}</div>}
                  </td>
                  <td className="muted">
                    {ago(r.lastEvaluation)}
                    {r.evaluationTime !== undefined && <div style={{ fontSize: 12 }}>took {(r.evaluationTime * 1000).toFixed(1)} ms</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="toolbar">
            <button type="button" disabled={d.page === 0} onClick={() => setPage(d.page - 1)}>
              Previous
            </button>
            <span className="muted">
              page {d.page + 1} of {d.pages} · {d.matched} matching
            </span>
            <button type="button" disabled={d.page >= d.pages - 1} onClick={() => setPage(d.page + 1)}>
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
