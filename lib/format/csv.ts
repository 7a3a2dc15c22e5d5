/** CSV cells and tables (RFC 4180, CRLF lines), defused against spreadsheet formulas. Pure. */

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Free text: also defused against spreadsheet formulas (a leading = + - @ is prefixed with '). */
export function csvText(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** Up to 9 decimal places, no exponent for ordinary values; empty for null and non-finite. */
export function csvNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  return String(Number(value.toFixed(9)));
}

/** A table: a header line and rows; strings are text cells, numbers numeric cells, booleans true/false. */
export function csvTable(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  const cell = (v: string | number | boolean | null | undefined) =>
    typeof v === "number" ? csvNumber(v) : typeof v === "boolean" ? String(v) : v === null || v === undefined ? "" : csvText(v);
  return [header.map(csvText).join(","), ...rows.map((r) => r.map(cell).join(","))].map((l) => `${l}\r\n`).join("");
}
