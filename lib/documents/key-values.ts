/**
 * Name/value maps edited as rows (labels, annotations, selectors): a row can be half
 * typed or repeat a name, which a map cannot hold, so forms keep rows and hand the
 * document the map; its validator's errors (by field path) find their way back to the
 * row that caused them. One home for SLO labels, rule labels and annotations, and the
 * label selectors of scaling profiles. Pure.
 */

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface FieldError {
  path: string;
  message: string;
}

export function mapToRows(map: Record<string, string> | undefined): KeyValueRow[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));
}

/**
 * The map of the rows, for the document at `path` (e.g. "labels"). A row left entirely
 * blank is dropped (a row just added); a row with only a name or only a value is kept,
 * so the validator reports it. A name given again is reported by row index with the
 * row it repeats, and the map keeps the first value.
 */
export function rowsToMap(rows: readonly KeyValueRow[], path: string, noun = "label"): { map: Record<string, string>; duplicates: Map<number, FieldError> } {
  const firstRow = new Map<string, number>();
  const duplicates = new Map<number, FieldError>();
  const entries: [string, string][] = [];
  rows.forEach((r, i) => {
    if (r.key === "" && r.value === "") return;
    const first = firstRow.get(r.key);
    if (first !== undefined) {
      duplicates.set(i, { path: `${path}.${r.key}`, message: `"${r.key}" is already set in row ${first + 1}; a ${noun} has one value` });
      return;
    }
    firstRow.set(r.key, i);
    entries.push([r.key, r.value]);
  });
  // fromEntries defines own properties: a key such as "__proto__" stays a key (and a validator can reject it)
  return { map: Object.fromEntries(entries), duplicates };
}

/** A validator's errors for one field: its own path, or a path beneath it (`labels` → `labels.team`). */
export function errorsAt(errors: readonly FieldError[] | undefined, path: string): FieldError[] {
  return (errors ?? []).filter((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`));
}

/** A validator's errors for one row: the path is `<path>.<name>`, name as typed. */
export function rowErrors(errors: readonly FieldError[] | undefined, path: string, key: string): FieldError[] {
  return (errors ?? []).filter((e) => e.path === `${path}.${key}`);
}
