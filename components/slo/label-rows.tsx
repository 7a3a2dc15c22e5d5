"use client";

import type { SpecError } from "@/lib/slo/spec";
import { errorsAt, labelRowErrors, type LabelRow } from "./labels";

export type EditableLabelRow = LabelRow & { id: number };

let nextId = 0;
/** Rows with stable React keys, so removing a row in the middle keeps the others' inputs (and focus) in place. */
export function withIds(rows: LabelRow[]): EditableLabelRow[] {
  return rows.map((r) => ({ ...r, id: nextId++ }));
}

/**
 * The SLO's labels as name/value rows with add and remove buttons. Each row shows
 * the spec validator's errors for `labels.<name>` (and a repeated name, which a map
 * cannot hold) beside it; errors of the map as a whole under the rows.
 */
export function LabelRows({
  rows,
  onChange,
  errors,
  duplicates,
}: {
  rows: EditableLabelRow[];
  onChange: (rows: EditableLabelRow[]) => void;
  errors: readonly SpecError[] | undefined;
  duplicates: Map<number, SpecError>;
}) {
  const set = (i: number, patch: Partial<LabelRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const shownKeys = new Set(rows.map((r) => `labels.${r.key}`));
  const other = errorsAt(errors, "labels").filter((e) => !shownKeys.has(e.path));
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }} data-testid="slo-labels">
      <legend className="muted" style={{ fontSize: 12, marginBottom: 4 }}>Labels (added to the generated rules)</legend>
      {rows.map((r, i) => {
        const duplicate = duplicates.get(i);
        const rowErrors = duplicate ? [duplicate] : labelRowErrors(errors, r.key);
        return (
          <div key={r.id}>
            <div className="kv-row">
              <input aria-label={`Label name ${i + 1}`} value={r.key} placeholder="name, e.g. team" onChange={(e) => set(i, { key: e.target.value })} aria-invalid={rowErrors.length > 0} />
              <input aria-label={`Label value ${i + 1}`} value={r.value} placeholder="value" onChange={(e) => set(i, { value: e.target.value })} />
              <button type="button" aria-label={`Remove label ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
            {rowErrors.map((e, k) => (
              <p key={k} className="field-error" style={{ margin: "0 0 4px" }} data-testid="label-error">
                {e.path}: {e.message}
              </p>
            ))}
          </div>
        );
      })}
      {other.map((e, k) => (
        <p key={k} className="field-error" style={{ margin: "0 0 4px" }}>
          {e.path}: {e.message}
        </p>
      ))}
      <button type="button" onClick={() => onChange([...rows, ...withIds([{ key: "", value: "" }])])}>
        + label
      </button>
    </fieldset>
  );
}
