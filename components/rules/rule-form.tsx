"use client";

import { useMutation } from "@tanstack/react-query";
import { KeyValueMap } from "@/components/documents/key-value-rows";
import dynamic from "next/dynamic";
import { useEffect, useMemo, useState } from "react";
import { backtestAction, previewTemplatesAction } from "@/app/actions/rules";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { unwrap } from "@/components/ui/action";
import type { Annotation } from "@/lib/dashboard/types";
import { formatTimestamp } from "@/lib/format/time";
import type { DraftGroup, DraftRule, RuleEdit } from "@/lib/rules/document";
import type { RuleProblem } from "@/lib/rules/validate";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { InlinePrompt } from "@/components/ui/inline-prompt";

const PromQLEditor = dynamic(() => import("@/components/explore/promql-editor"), { ssr: false, loading: () => <div className="loading">Loading editor…</div> });

type Selected = { group: number; rule: number };

/** The form view of a rule file: groups and rules on the left, the selected rule on the right. */
export function RuleForm({ groups, problems, onEdit, readOnly }: { groups: DraftGroup[]; problems: RuleProblem[]; onEdit: (e: RuleEdit) => void; readOnly: boolean }) {
  const [sel, setSel] = useState<Selected>({ group: 0, rule: 0 });
  const group = groups[sel.group];
  const rule = group?.rules[sel.rule];
  return (
    <div className="editor-layout">
      <nav className="panel" aria-label="Groups and rules">
        {groups.map((g, gi) => (
          <div key={gi}>
            <strong>{g.name || <em className="muted">unnamed group</em>}</strong>
            <ul className="rule-list">
              {g.rules.map((r, ri) => (
                <li key={ri}>
                  <button type="button" aria-current={sel.group === gi && sel.rule === ri} onClick={() => setSel({ group: gi, rule: ri })}>
                    <span className={r.kind === "alert" ? "status-warn" : "muted"}>{r.kind === "alert" ? "alert" : "record"}</span> {r.name || <em>unnamed</em>}
                  </button>
                </li>
              ))}
            </ul>
            {!readOnly && (
              <div className="toolbar" style={{ margin: "4px 0 10px" }}>
                <button type="button" onClick={() => (onEdit({ op: "addRule", group: gi, kind: "alert" }), setSel({ group: gi, rule: g.rules.length }))}>
                  + alert
                </button>
                <button type="button" onClick={() => (onEdit({ op: "addRule", group: gi, kind: "record" }), setSel({ group: gi, rule: g.rules.length }))}>
                  + record
                </button>
              </div>
            )}
          </div>
        ))}
        {!readOnly && (
          <InlinePrompt label="Group name" submitLabel="Add" onSubmit={(name) => onEdit({ op: "addGroup", name: name.trim() })}>
            + group
          </InlinePrompt>
        )}
      </nav>
      <div style={{ display: "flex", flexDirection: "column", gap: 12, minWidth: 0 }}>
        {group && <GroupFields key={`g${sel.group}`} group={group} index={sel.group} onEdit={onEdit} readOnly={readOnly} />}
        {group && rule ? (
          <RuleFields key={`r${sel.group}.${sel.rule}`} rule={rule} sel={sel} groupLabels={group.labels} onEdit={onEdit} readOnly={readOnly} problems={problems} onRemoved={() => setSel({ group: sel.group, rule: Math.max(0, sel.rule - 1) })} />
        ) : (
          <p className="muted">{groups.length ? "This group has no rules yet." : "No groups yet."}</p>
        )}
      </div>
    </div>
  );
}

function GroupFields({ group, index, onEdit, readOnly }: { group: DraftGroup; index: number; onEdit: (e: RuleEdit) => void; readOnly: boolean }) {
  return (
    <section className="panel" style={{ minHeight: 0 }}>
      <div className="inline-form">
        <label>
          Group name
          <input value={group.name} readOnly={readOnly} onChange={(e) => onEdit({ op: "setGroup", group: index, field: "name", value: e.target.value })} />
        </label>
        <label>
          Interval
          <input value={group.interval ?? ""} placeholder="global default" readOnly={readOnly} style={{ width: 120 }} onChange={(e) => onEdit({ op: "setGroup", group: index, field: "interval", value: e.target.value })} />
        </label>
        <label>
          Query offset
          <input value={group.query_offset ?? ""} placeholder="global default" readOnly={readOnly} style={{ width: 120 }} onChange={(e) => onEdit({ op: "setGroup", group: index, field: "query_offset", value: e.target.value })} />
        </label>
        {!readOnly && (
          <ConfirmButton question={`Remove group ${group.name} and its ${group.rules.length} rule(s)?`} onConfirm={() => onEdit({ op: "removeGroup", group: index })}>
            Remove group
          </ConfirmButton>
        )}
      </div>
      <KeyValueMap key={`g${index}`} title="Group labels" noun="group label" path="labels" value={group.labels} readOnly={readOnly} onChange={(labels) => onEdit({ op: "setGroupLabels", group: index, labels })} />
    </section>
  );
}

function RuleFields({
  rule,
  sel,
  groupLabels,
  onEdit,
  readOnly,
  problems,
  onRemoved,
}: {
  rule: DraftRule;
  sel: Selected;
  groupLabels: Record<string, string>;
  onEdit: (e: RuleEdit) => void;
  readOnly: boolean;
  problems: RuleProblem[];
  onRemoved: () => void;
}) {
  const set = (field: "name" | "expr" | "for" | "keep_firing_for", value: string) => onEdit({ op: "setRule", group: sel.group, rule: sel.rule, field, value });
  const ruleProblems = problems.filter((p) => p.message.includes(`rule ${sel.rule + 1}`) || (rule.name && p.message.includes(rule.name)));
  return (
    <section className="panel" data-testid="rule-fields">
      <div className="inline-form">
        <label>
          {rule.kind === "alert" ? "Alert name" : "Record (metric name)"}
          <input aria-label="Rule name" value={rule.name} readOnly={readOnly} onChange={(e) => set("name", e.target.value)} style={{ minWidth: 260 }} />
        </label>
        {rule.kind === "alert" && (
          <>
            <label>
              For
              <input aria-label="For" value={rule.for ?? ""} placeholder="0s" readOnly={readOnly} style={{ width: 100 }} onChange={(e) => set("for", e.target.value)} />
            </label>
            <label>
              Keep firing for
              <input aria-label="Keep firing for" value={rule.keep_firing_for ?? ""} placeholder="0s" readOnly={readOnly} style={{ width: 100 }} onChange={(e) => set("keep_firing_for", e.target.value)} />
            </label>
          </>
        )}
        {!readOnly && (
          <ConfirmButton question={`Remove ${rule.name || "this rule"}?`} onConfirm={() => (onEdit({ op: "removeRule", group: sel.group, rule: sel.rule }), onRemoved())}>
            Remove rule
          </ConfirmButton>
        )}
      </div>
      <label className="muted" style={{ fontSize: 12 }}>Expression</label>
      {readOnly ? (
        <pre className="code-area" style={{ minHeight: 0 }}>{rule.expr}</pre>
      ) : (
        <div data-testid="rule-expr">
          <PromQLEditor value={rule.expr} onChange={(v) => set("expr", v)} onRun={() => undefined} />
        </div>
      )}
      {ruleProblems.length > 0 && (
        <ul className="problems">
          {ruleProblems.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message}
              {p.fix && <div className="muted">fix: {p.fix}</div>}
            </li>
          ))}
        </ul>
      )}
      <KeyValueMap title="Labels" noun="label" path="labels" value={rule.labels} readOnly={readOnly} onChange={(v) => onEdit({ op: "setRuleMap", group: sel.group, rule: sel.rule, field: "labels", value: v })} />
      {Object.keys(groupLabels).length > 0 && <p className="muted" style={{ fontSize: 12 }}>Group labels added to every rule: {Object.entries(groupLabels).map(([k, v]) => `${k}=${v}`).join(", ")}</p>}
      {rule.kind === "alert" && (
        <KeyValueMap title="Annotations (Go templates)" noun="annotation" path="annotations" value={rule.annotations} readOnly={readOnly} multiline onChange={(v) => onEdit({ op: "setRuleMap", group: sel.group, rule: sel.rule, field: "annotations", value: v })} />
      )}
      <Backtest rule={rule} />
      {rule.kind === "alert" && (readOnly ? <p className="muted">Previewing annotation templates needs the editor role.</p> : <TemplatePreview rule={rule} />)}
    </section>
  );
}

const WINDOWS = ["1d", "7d", "30d"] as const;

function fmtSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

/** When would this rule have fired (alert) or what would it record (recording rule), on real history. */
function Backtest({ rule }: { rule: DraftRule }) {
  const run = useMutation({
    mutationFn: (window: (typeof WINDOWS)[number]) => unwrap(backtestAction({ kind: rule.kind, expr: rule.expr, for: rule.for, keepFiringFor: rule.keep_firing_for, window })),
  });
  const [width, setWidth] = useState(700);
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!host) return;
    const ro = new ResizeObserver(([e]) => e && setWidth(Math.floor(e.contentRect.width)));
    ro.observe(host);
    return () => ro.disconnect();
  }, [host]);
  const d = run.data;
  const chart = useMemo(() => {
    if (!d) return [];
    if (!d.threshold) return d.chart;
    // a value at every step: the chart joins points of the same time only
    const times = [...new Set(d.chart.flatMap((c) => c.points.map(([t]) => t)))].sort((a, b) => a - b);
    const threshold = d.threshold.value;
    return [...d.chart, { name: `threshold ${d.threshold.op} ${threshold}`, points: times.map((t) => [t, threshold] as [number, number | null]) }];
  }, [d]);
  const annotations = useMemo<Annotation[]>(
    () => (d?.alert ? d.alert.series.flatMap((s) => s.intervals.filter((i) => i.state === "firing").map((i) => ({ kind: "alert" as const, name: rule.name, start: i.start, end: i.end }))) : []),
    [d, rule.name],
  );
  return (
    <div data-testid="backtest">
      <div className="toolbar" style={{ margin: "6px 0" }}>
        <strong>Backtest</strong>
        {WINDOWS.map((w) => (
          <button key={w} type="button" onClick={() => run.mutate(w)} disabled={run.isPending || !rule.expr.trim()}>
            last {w}
          </button>
        ))}
        {run.isPending && <span className="muted">evaluating…</span>}
      </div>
      {run.error && <p className="field-error" role="alert">{run.error.message}</p>}
      {d && (
        <div ref={setHost}>
          {d.alert && (
            <p data-testid="backtest-summary">
              Over the last {d.window}: would have fired <strong>{d.alert.summary.firings}</strong> time(s)
              {d.alert.summary.firings > 0 && (
                <>
                  , {fmtSeconds(d.alert.summary.totalFiringSeconds)} in total, longest {fmtSeconds(d.alert.summary.longestFiringSeconds)}, last at{" "}
                  {formatTimestamp(d.alert.summary.lastFiringAt ?? 0, "local")}
                </>
              )}
              {d.alert.summary.pendingOnly > 0 && <>; {d.alert.summary.pendingOnly} more time(s) pending without reaching firing</>}. Step {d.range.step} s.
            </p>
          )}
          {d.recording && (
            <p data-testid="backtest-summary">
              Would record <strong>{d.recording.seriesCount}</strong> series{d.recording.varyingLabels.length ? ` by ${d.recording.varyingLabels.join(", ")}` : ""}
              {d.recording.nanSamples > 0 && <span className="status-warn"> · {d.recording.nanSamples} NaN samples</span>}.
            </p>
          )}
          {[...d.warnings, ...(d.alert?.warnings ?? []), ...(d.recording?.warnings ?? [])].map((w, i) => (
            <p key={i} className="panel-warning">{w}</p>
          ))}
          <TimeSeriesChart series={chart} unit="number" height={200} width={width} annotations={annotations} />
          {d.alert && d.alert.series.length > 0 && (
            <div aria-label="Alert timeline">
              {d.alert.series.slice(0, 10).map((s, i) => (
                <div key={i} style={{ display: "grid", gridTemplateColumns: "220px 1fr", gap: 8, alignItems: "center", fontSize: 12 }}>
                  <span className="muted" style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }} title={JSON.stringify(s.labels)}>
                    {Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(" ") || "{}"}
                  </span>
                  <div className="timeline">
                    {s.intervals.map((iv, j) => (
                      <span
                        key={j}
                        className={iv.state}
                        title={`${iv.state} ${formatTimestamp(iv.start, "local")} – ${formatTimestamp(iv.end, "local")}`}
                        style={{ left: `${((iv.start - d.range.start) / (d.range.end - d.range.start)) * 100}%`, width: `${Math.max(0.2, ((iv.end - iv.start) / (d.range.end - d.range.start)) * 100)}%` }}
                      />
                    ))}
                  </div>
                </div>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function TemplatePreview({ rule }: { rule: DraftRule }) {
  const run = useMutation({ mutationFn: () => unwrap(previewTemplatesAction({ expr: rule.expr, labels: rule.labels, annotations: rule.annotations })) });
  const d = run.data;
  return (
    <div data-testid="template-preview">
      <div className="toolbar" style={{ margin: "6px 0" }}>
        <strong>Annotations as they would read now</strong>
        <button type="button" onClick={() => run.mutate()} disabled={run.isPending || !rule.expr.trim()}>
          Preview
        </button>
      </div>
      {run.error && <p className="field-error" role="alert">{run.error.message}</p>}
      {d && (
        <div>
          {d.note && <p className="muted">{d.note}</p>}
          {d.alerts.map((a, i) => (
            <div key={i} className="panel" style={{ minHeight: 0, marginBottom: 6 }}>
              <code className="muted" style={{ fontSize: 12 }}>
                {Object.entries(a.labels).map(([k, v]) => `${k}="${v}"`).join(", ")} = {a.value}
              </code>
              {Object.entries(a.annotations).map(([k, v]) => (
                <div key={k}>
                  <span className="muted">{k}:</span> {v}
                </div>
              ))}
              {Object.entries(a.errors).map(([k, v]) => (
                <div key={k} className="field-error">
                  {k}: {v}
                </div>
              ))}
            </div>
          ))}
          {d.totalSeries > d.alerts.length && <p className="muted">{d.totalSeries - d.alerts.length} more series not shown.</p>}
        </div>
      )}
    </div>
  );
}
