import type { SpecError } from "@/lib/slo/spec";

/**
 * The SLO form's owner and labels fields, as the spec wants them. The form edits
 * labels as rows (a row can be half typed, or repeat a name, which a map cannot
 * hold); the spec gets the map and its validator (lib/slo/spec.ts) judges it. Pure.
 */

export interface LabelRow {
  key: string;
  value: string;
}

export function labelRows(labels: Record<string, string> | undefined): LabelRow[] {
  return Object.entries(labels ?? {}).map(([key, value]) => ({ key, value }));
}

/**
 * The labels map of the rows. A row left entirely blank is dropped (a row just
 * added); a row with only a name or only a value is kept, so the validator reports
 * it. A name given again is reported by row index with the row it repeats, and the
 * map keeps the first value.
 */
export function rowsToLabels(rows: readonly LabelRow[]): { labels: Record<string, string>; duplicates: Map<number, SpecError> } {
  const firstRow = new Map<string, number>();
  const duplicates = new Map<number, SpecError>();
  const entries: [string, string][] = [];
  rows.forEach((r, i) => {
    if (r.key === "" && r.value === "") return;
    const first = firstRow.get(r.key);
    if (first !== undefined) {
      duplicates.set(i, { path: `labels.${r.key}`, message: `"${r.key}" is already set in row ${first + 1}; a label has one value` });
      return;
    }
    firstRow.set(r.key, i);
    entries.push([r.key, r.value]);
  });
  // fromEntries defines own properties: a key such as "__proto__" stays a key (and the validator rejects it)
  return { labels: Object.fromEntries(entries), duplicates };
}

/** The owner as the spec keeps it: left out when blank (the spec wants a team or person, or nothing). */
export function ownerOf(text: string): { owner?: string } {
  const owner = text.trim();
  return owner ? { owner } : {};
}

/** The validator's errors for one field: its own path, or a path beneath it (`labels` → `labels.team`). */
export function errorsAt(errors: readonly SpecError[] | undefined, path: string): SpecError[] {
  return (errors ?? []).filter((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`));
}

/** The validator's errors for one label row: the path is `labels.<name>`, name as typed. */
export function labelRowErrors(errors: readonly SpecError[] | undefined, key: string): SpecError[] {
  return (errors ?? []).filter((e) => e.path === `labels.${key}`);
}
