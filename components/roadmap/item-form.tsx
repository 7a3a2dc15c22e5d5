"use client";

import { useState, type ReactNode } from "react";
import { createRoadmapItemAction, updateRoadmapItemAction } from "@/app/actions/roadmap";
import { COMPARATORS, ITEM_STATUSES, STATUS_LABELS, TARGET_UNITS, TEMPLATES, TEMPLATE_KINDS, type Comparator, type ItemStatus, type TargetUnit, type TemplateKind } from "@/lib/roadmap/kinds";
import { inputFrom, issuesByField, THRESHOLD_UNIT, type Draft, type TargetMode } from "./form-model";

/**
 * Creating or editing a roadmap item: title, quarter, status, owner, services,
 * description and an optional target, built from a template (service p95 latency or
 * availability over a window) or written as PromQL. The server validates; its issues
 * are shown under the fields they concern.
 */
export function ItemForm({ initial, editing, onSaved, onCancel }: { initial: Draft; editing: { id: string; base: string } | null; onSaved: () => void; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((prev) => ({ ...prev, [key]: value }));

  const save = async () => {
    setSaving(true);
    setFailure(null);
    try {
      const item = inputFrom(d);
      const res = editing ? await updateRoadmapItemAction({ id: editing.id, base: editing.base, item }) : await createRoadmapItemAction({ item });
      if (res.ok) {
        setErrors({});
        onSaved();
        return;
      }
      if (res.error.code === "invalid" && res.error.issues.length) {
        setErrors(issuesByField(res.error.issues));
        setFailure("Please correct the fields marked below.");
      } else {
        setErrors({});
        setFailure(res.error.message);
      }
    } finally {
      setSaving(false);
    }
  };

  const chooseKind = (kind: TemplateKind) => {
    const t = TEMPLATES[kind];
    setD((prev) => ({ ...prev, kind, comparator: t.comparator, threshold: String(Number((t.threshold * THRESHOLD_UNIT[kind].factor).toPrecision(12))) }));
  };

  return (
    <form
      className="panel"
      data-testid="roadmap-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      style={{ gap: 10 }}
    >
      <h2 style={{ margin: 0 }}>{editing ? "Edit roadmap item" : "New roadmap item"}</h2>
      {failure && (
        <p className="field-error" role="alert" style={{ margin: 0 }}>
          {failure}
        </p>
      )}
      <div className="inline-form">
        <Field label="Title" errors={errors.title} grow>
          <input aria-label="Title" value={d.title} maxLength={200} onChange={(e) => set("title", e.target.value)} style={{ width: "100%" }} />
        </Field>
        <Field label="Quarter" errors={errors.quarter}>
          <input aria-label="Quarter" value={d.quarter} placeholder="2026-Q3" onChange={(e) => set("quarter", e.target.value)} style={{ width: 90 }} />
        </Field>
        <Field label="Status" errors={errors.status}>
          <select aria-label="Status" value={d.status} onChange={(e) => set("status", e.target.value as ItemStatus)}>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Owner" errors={errors.owner}>
          <input aria-label="Owner" value={d.owner} maxLength={100} onChange={(e) => set("owner", e.target.value)} />
        </Field>
      </div>
      <Field label="Services (comma-separated)" errors={errors.services}>
        <input aria-label="Services" value={d.services} placeholder="order-service, catalog-service" onChange={(e) => set("services", e.target.value)} style={{ width: "100%" }} />
      </Field>
      <Field label="Description" errors={errors.description}>
        <textarea aria-label="Description" value={d.description} maxLength={5000} rows={2} onChange={(e) => set("description", e.target.value)} style={{ width: "100%" }} />
      </Field>
      <fieldset style={{ border: "1px solid var(--panel-border)", borderRadius: 4, display: "flex", flexDirection: "column", gap: 8 }}>
        <legend>Target</legend>
        <div className="segmented" role="radiogroup" aria-label="Target">
          {(["none", "template", "raw"] as TargetMode[]).map((m) => (
            <label key={m} style={{ padding: "3px 10px" }}>
              <input type="radio" name="target-mode" checked={d.targetMode === m} onChange={() => set("targetMode", m)} /> {m === "none" ? "none" : m === "template" ? "from a template" : "PromQL"}
            </label>
          ))}
        </div>
        {errors.target && <Errors list={errors.target} />}
        {d.targetMode === "template" && (
          <div className="inline-form">
            <Field label="Measure" errors={undefined}>
              <select aria-label="Measure" value={d.kind} onChange={(e) => chooseKind(e.target.value as TemplateKind)}>
                {TEMPLATE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {TEMPLATES[k].label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Service" errors={errors.service}>
              <input aria-label="Target service" value={d.service} placeholder="order-service" onChange={(e) => set("service", e.target.value)} />
            </Field>
            <TargetNumbers d={d} set={set} errors={errors} unitLabel={THRESHOLD_UNIT[d.kind].label} />
          </div>
        )}
        {d.targetMode === "raw" && (
          <>
            <Field label="PromQL (one series; evaluated now and hourly over 30 days)" errors={errors.expr}>
              <textarea aria-label="PromQL expression" className="code-area" style={{ minHeight: 70 }} value={d.expr} maxLength={2000} onChange={(e) => set("expr", e.target.value)} spellCheck={false} />
            </Field>
            <div className="inline-form">
              <TargetNumbers d={d} set={set} errors={errors} unitLabel="" />
              <Field label="Unit" errors={errors.unit}>
                <select aria-label="Unit" value={d.unit} onChange={(e) => set("unit", e.target.value as TargetUnit)}>
                  {TARGET_UNITS.map((u) => (
                    <option key={u} value={u}>
                      {u}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          </>
        )}
      </fieldset>
      <div className="toolbar" style={{ margin: 0 }}>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? "Saving…" : editing ? "Save" : "Create"}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TargetNumbers({ d, set, errors, unitLabel }: { d: Draft; set: <K extends keyof Draft>(key: K, value: Draft[K]) => void; errors: Record<string, string[]>; unitLabel: string }) {
  return (
    <>
      <Field label="Comparator" errors={errors.comparator}>
        <select aria-label="Comparator" value={d.comparator} onChange={(e) => set("comparator", e.target.value as Comparator)}>
          {COMPARATORS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
      <Field label={`Threshold${unitLabel ? ` (${unitLabel})` : ""}`} errors={errors.threshold}>
        <input aria-label="Threshold" value={d.threshold} inputMode="decimal" onChange={(e) => set("threshold", e.target.value)} style={{ width: 90 }} />
      </Field>
      <Field label="Window" errors={errors.window}>
        <input aria-label="Window" value={d.window} placeholder="7d" onChange={(e) => set("window", e.target.value)} style={{ width: 70 }} />
      </Field>
    </>
  );
}

function Field({ label, errors, children, grow }: { label: string; errors: string[] | undefined; children: ReactNode; grow?: boolean }) {
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 3, flex: grow ? "1 1 260px" : undefined, minWidth: 0 }}>
      <span className="muted" style={{ fontSize: 12 }}>
        {label}
      </span>
      {children}
      {errors && <Errors list={errors} />}
    </div>
  );
}

function Errors({ list }: { list: string[] }) {
  return (
    <>
      {list.map((m, i) => (
        <span key={i} className="field-error" data-testid="field-error">
          {m}
        </span>
      ))}
    </>
  );
}
