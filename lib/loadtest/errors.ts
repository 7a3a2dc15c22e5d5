import type { z } from "zod";
import { jsonPath } from "./path";

/** A file the console refuses: where (a JSON path, empty for the whole file) and what is wrong. */
export class Refusal extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
  }
}

const KIND: Record<string, string> = { object: "an object", record: "an object", number: "a number", boolean: "true or false", string: "a string", array: "a list" };

export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === "number" ? `the number ${v}` : typeof v;
}

/** zod's issues in the console's words. */
function describe(iss: z.core.$ZodRawIssue): string {
  if (iss.code === "invalid_type") {
    const want = KIND[iss.expected] ?? iss.expected;
    return iss.input === undefined ? `missing (expected ${want})` : `expected ${want}, got ${kindOf(iss.input)}`;
  }
  if (iss.code === "invalid_value") {
    const want = iss.values.map((v) => JSON.stringify(v)).join(", ");
    return iss.input === undefined ? `missing (expected one of ${want})` : `expected one of ${want}, got ${kindOf(iss.input)}`;
  }
  if (iss.code === "invalid_key") return "not a name k6 writes (empty, or too long)";
  if (iss.code === "too_big") return `longer than ${iss.maximum} characters`;
  if (iss.code === "too_small") return iss.origin === "string" ? "empty" : `expected at least ${iss.minimum}`;
  return iss.message ?? "not valid here";
}

/** Validates `value` with `schema`; refuses with the first problem's path (prefixed) and how many more there are. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, prefix: PropertyKey[]): z.infer<S> {
  const r = schema.safeParse(value, { error: describe });
  if (r.success) return r.data;
  const [first, ...rest] = r.error.issues;
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""})` : "";
  throw new Refusal(jsonPath([...prefix, ...(first!.path as PropertyKey[])]), `${first!.message}${more}`);
}
