"use client";

import { useState } from "react";
import { errorsAt, mapToRows, rowErrors, rowsToMap, type FieldError, type KeyValueRow } from "@/lib/documents/key-values";

export type EditableRow = KeyValueRow & { id: number };

let nextId = 0;
/** Rows with stable React keys, so removing a row in the middle keeps the others' inputs (and focus) in place. */
export function withIds(rows: KeyValueRow[]): EditableRow[] {
  return rows.map((r) => ({ ...r, id: nextId++ }));
}

const textareaStyle = { flex: 1, font: "inherit", color: "inherit", background: "#1d2538", border: "1px solid var(--panel-border)", borderRadius: 4, padding: "5px 10px" } as const;

/**
 * A name/value map as rows with add and remove buttons (SLO labels, rule labels and
 * annotations, profile selectors). Each row shows the validator's errors for
 * `<path>.<name>` (and a repeated name, which a map cannot hold) beside it; errors of
 * the map as a whole under the rows. `noun` names the inputs: "Label name 1".
 */
export function KeyValueRows({
  title,
  noun,
  path,
  rows,
  onChange,
  errors,
  duplicates,
  readOnly = false,
  multiline = false,
  testId,
}: {
  title: string;
  noun: string;
  path: string;
  rows: EditableRow[];
  onChange: (rows: EditableRow[]) => void;
  errors?: readonly FieldError[];
  duplicates?: Map<number, FieldError>;
  readOnly?: boolean;
  multiline?: boolean;
  testId?: string;
}) {
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  const set = (i: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const shownKeys = new Set(rows.map((r) => `${path}.${r.key}`));
  const other = errorsAt(errors, path).filter((e) => !shownKeys.has(e.path));
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }} data-testid={testId}>
      <legend className="muted" style={{ fontSize: 12, marginBottom: 4 }}>{title}</legend>
      {rows.map((r, i) => {
        const duplicate = duplicates?.get(i);
        const here = duplicate ? [duplicate] : rowErrors(errors, path, r.key);
        return (
          <div key={r.id}>
            <div className="kv-row">
              <input aria-label={`${Noun} name ${i + 1}`} value={r.key} placeholder="name" readOnly={readOnly} onChange={(e) => set(i, { key: e.target.value })} aria-invalid={here.length > 0} />
              {multiline ? (
                <textarea aria-label={`${Noun} value ${i + 1}`} value={r.value} placeholder="value" readOnly={readOnly} rows={Math.min(4, Math.max(1, r.value.split("\n").length))} style={textareaStyle} onChange={(e) => set(i, { value: e.target.value })} />
              ) : (
                <input aria-label={`${Noun} value ${i + 1}`} value={r.value} placeholder="value" readOnly={readOnly} onChange={(e) => set(i, { value: e.target.value })} />
              )}
              {!readOnly && (
                <button type="button" aria-label={`Remove ${noun} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  Remove
                </button>
              )}
            </div>
            {here.map((e, k) => (
              <p key={k} className="field-error" style={{ margin: "0 0 4px" }} data-testid={`${noun}-error`}>
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
      {!readOnly && (
        <button type="button" onClick={() => onChange([...rows, ...withIds([{ key: "", value: "" }])])}>
          + {noun}
        </button>
      )}
    </fieldset>
  );
}

/**
 * KeyValueRows over a map the parent owns (a rule's labels in the YAML document): the
 * rows live here, and every change hands the parent the map (a repeated name is shown
 * on its row and left out of the map until it is fixed). Remount (key) to reload.
 */
export function KeyValueMap({
  value,
  onChange,
  ...rest
}: { value: Record<string, string>; onChange: (map: Record<string, string>) => void } & Omit<Parameters<typeof KeyValueRows>[0], "rows" | "onChange" | "duplicates">) {
  const [rows, setRows] = useState<EditableRow[]>(() => withIds(mapToRows(value)));
  const { duplicates } = rowsToMap(rows, rest.path, rest.noun);
  return (
    <KeyValueRows
      {...rest}
      rows={rows}
      duplicates={duplicates}
      onChange={(next) => {
        setRows(next);
        onChange(rowsToMap(next, rest.path, rest.noun).map);
      }}
    />
  );
}
