/**
 * Reading manifests as they come from YAML, where any field may be missing or of the
 * wrong type (the validator says which): a mapping or nothing, a list or empty, a
 * finite number or nothing. One home for what the forms, the advice and the replay
 * need. Pure.
 */

export type Obj = Record<string, unknown>;

/** The value as a mapping, or undefined. */
export const mappingOr = (v: unknown): Obj | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);

/** The value as a mapping, or an empty one. */
export const mapping = (v: unknown): Obj => mappingOr(v) ?? {};

/** The value as a list, or an empty one. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The value as a finite number, or `fallback`. */
export function finite<T>(v: unknown, fallback: T): number | T {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
