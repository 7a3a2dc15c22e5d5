"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { deleteRoadmapItemAction, roadmapAction } from "@/app/actions/roadmap";
import { unwrap } from "@/components/ui/action";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { STATUS_LABELS } from "@/lib/roadmap/kinds";
import type { RoadmapItemView } from "@/lib/roadmap/load";
import { fmt, ITEM_STATUS_CLASS, lastMetText, quarterLabel, TARGET_STATUS, targetText } from "./format";
import { draftFrom, emptyDraft, type Draft } from "./form-model";
import { ItemForm } from "./item-form";
import { Sparkline } from "./sparkline";

const KEY = ["roadmap"];

/**
 * The roadmap: items grouped by quarter with status, owner and linked services; each
 * measurable target with its live value against the threshold, met / at risk /
 * missed, its history as a sparkline and when it was last met. Editors add, edit and
 * delete items. Every text from users is rendered as text.
 */
export function RoadmapBoard({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const roadmap = useQuery({ queryKey: KEY, queryFn: () => unwrap(roadmapAction({})), refetchInterval: 60_000 });
  const [form, setForm] = useState<{ draft: Draft; editing: { id: string; base: string } | null; key: number } | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });
  const open = (draft: Draft, editing: { id: string; base: string } | null) => setForm({ draft, editing, key: Date.now() });

  const remove = async (item: RoadmapItemView) => {
    setDeleteError(null);
    const res = await deleteRoadmapItemAction({ id: item.id, base: item.updatedAt });
    if (!res.ok) setDeleteError(`${item.title}: ${res.error.message}`);
    refresh();
  };

  const items = roadmap.data?.items ?? [];
  const quarters = [...new Set(items.map((i) => i.quarter))].sort();
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <h1 style={{ margin: 0, flex: 1 }}>Roadmap</h1>
        {canEdit && !form && (
          <button type="button" onClick={() => open(emptyDraft(quarters[quarters.length - 1]), null)}>
            New item
          </button>
        )}
      </div>
      {form && (
        <ItemForm
          key={form.key}
          initial={form.draft}
          editing={form.editing}
          onCancel={() => setForm(null)}
          onSaved={() => {
            setForm(null);
            refresh();
          }}
        />
      )}
      {deleteError && (
        <p className="field-error" role="alert">
          {deleteError}
        </p>
      )}
      {roadmap.error ? (
        <div className="panel-error" role="alert">
          {roadmap.error.message}
        </div>
      ) : !roadmap.data ? (
        <div className="loading">Loading…</div>
      ) : items.length === 0 ? (
        <p className="muted">No roadmap items yet.</p>
      ) : (
        <>
          {roadmap.data.notes.map((n) => (
            <p key={n} className="panel-warning">
              {n}
            </p>
          ))}
          {quarters.map((q) => (
            <section key={q} className="panel" data-testid="roadmap-quarter" data-quarter={q}>
              <h2 style={{ margin: 0 }}>{quarterLabel(q)}</h2>
              <table>
                <thead>
                  <tr>
                    <th>Item</th>
                    <th>Status</th>
                    <th>Services</th>
                    <th>Target</th>
                    <th>History (30 days)</th>
                    <th>Last met</th>
                    {canEdit && <th />}
                  </tr>
                </thead>
                <tbody>
                  {items
                    .filter((i) => i.quarter === q)
                    .map((item) => (
                      <Row
                        key={item.id}
                        item={item}
                        historySeconds={roadmap.data.historySeconds}
                        canEdit={canEdit}
                        onEdit={() => open(draftFrom(item), { id: item.id, base: item.updatedAt })}
                        onDelete={() => void remove(item)}
                      />
                    ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </div>
  );
}

function Row({ item, historySeconds, canEdit, onEdit, onDelete }: { item: RoadmapItemView; historySeconds: number; canEdit: boolean; onEdit: () => void; onDelete: () => void }) {
  const ev = item.evaluation;
  const t = item.target;
  return (
    <tr data-testid="roadmap-item" data-title={item.title} style={{ verticalAlign: "top" }}>
      <td style={{ maxWidth: 360 }}>
        <strong>{item.title}</strong>
        {item.owner && <div className="muted" style={{ fontSize: 12 }}>owner: {item.owner}</div>}
        {item.description && <div style={{ fontSize: 12, whiteSpace: "pre-wrap" }}>{item.description}</div>}
      </td>
      <td className={ITEM_STATUS_CLASS[item.status] ?? ""} data-testid="item-status">
        {STATUS_LABELS[item.status] ?? item.status}
      </td>
      <td>
        {item.services.map((s, i) => (
          <span key={s}>
            {i > 0 && ", "}
            <Link href={`/services/${encodeURIComponent(s)}`} prefetch={false}>
              {s}
            </Link>
          </span>
        ))}
      </td>
      <td data-testid="target-cell">
        {!t ? (
          <span className="muted">—</span>
        ) : (
          <>
            <div style={{ fontSize: 12 }}>{targetText(t)}</div>
            {ev && !ev.ok ? (
              <div className="field-error" role="alert" data-testid="target-error">
                {ev.error.message}
              </div>
            ) : ev?.ok ? (
              <>
                <div>
                  <span className={TARGET_STATUS[ev.data.status].className} data-testid="target-status" style={{ fontWeight: 600 }}>
                    {TARGET_STATUS[ev.data.status].label}
                  </span>{" "}
                  <span data-testid="target-live">{fmt(ev.data.live.value, t.unit)}</span>
                  <span className="muted">
                    {" "}
                    vs {t.comparator} {fmt(t.threshold, t.unit)}
                  </span>
                </div>
                <div className="muted" style={{ fontSize: 12 }}>
                  {ev.data.reason}
                </div>
                {ev.warnings.map((w) => (
                  <div key={w} className="panel-warning">
                    ⚠ {w}
                  </div>
                ))}
              </>
            ) : null}
          </>
        )}
      </td>
      <td>
        {t && ev?.ok && (
          <>
            <Sparkline points={ev.data.sparkline} threshold={t.threshold} className={TARGET_STATUS[ev.data.status].className} label={`${targetText(t)}: last 30 days, threshold dashed`} />
            {ev.data.shareMet !== null && (
              <div className="muted" style={{ fontSize: 12 }}>
                met {fmt(ev.data.shareMet, "ratio")} of the time
              </div>
            )}
          </>
        )}
      </td>
      <td data-testid="last-met">{t && ev?.ok ? lastMetText(ev.data.lastMet, ev.data.live.at, historySeconds) : ""}</td>
      {canEdit && (
        <td style={{ whiteSpace: "nowrap" }}>
          <button type="button" onClick={onEdit}>
            Edit
          </button>{" "}
          <ConfirmButton question="Delete this item?" onConfirm={onDelete}>
            Delete
          </ConfirmButton>
        </td>
      )}
    </tr>
  );
}
