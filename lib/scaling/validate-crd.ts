/**
 * How kube-apiserver's apiextensions code treats a custom resource against its structural
 * schema: pruning reports unknown fields (fieldValidation=Strict, 400), nulls of
 * non-nullable fields are dropped, then k8s.io/kube-openapi's SchemaValidator runs and
 * its results are turned into field errors (apiextensions-apiserver
 * pkg/apiserver/validation kubeOpenAPIResultToFieldErrors, 422). Messages keep the
 * validator's own text, e.g. `Invalid value: "string": spec.x in body must be of type
 * integer: "string"`.
 */
import { child, goNumber, goQuote, goValue, index, invalid, notSupported, problem, required, schemaProblem } from "./validate-field";
import { QUANTITY_PATTERN, type CelRule, type CrdSchema } from "./validate-vpa-schema";
import { isJsonObject, type JsonObject, type ProfileProblem } from "./validate-types";

const QUANTITY_RE = new RegExp(QUANTITY_PATTERN);

/** Fields the schema does not declare, as structural pruning reports them. */
export function unknownFieldProblems(value: unknown, schema: CrdSchema, path: string, skip: ReadonlySet<string> = new Set()): ProfileProblem[] {
  if (schema.type === "array" && Array.isArray(value)) {
    return value.flatMap((item, i) => unknownFieldProblems(item, schema.items, index(path, i)));
  }
  if (schema.type !== "object" || !isJsonObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    if (skip.has(key)) return [];
    const fieldPath = child(path, key);
    const fieldSchema = schema.properties?.[key] ?? schema.additionalProperties;
    if (fieldSchema === undefined) return [schemaProblem(fieldPath, `strict decoding error: unknown field "${fieldPath}"`)];
    return unknownFieldProblems(item, fieldSchema, fieldPath);
  });
}

/** PruneNonNullableNullsWithoutDefaults: null object fields are dropped; null list items stay (and then fail their type). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/** The JSON type name kube-openapi infers from a decoded value (integers decode as int64, other numbers as float64). */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  return Array.isArray(value) ? "array" : "object";
}

export interface CrdResult {
  problems: ProfileProblem[];
  /** errors that stop CEL rules from running (NotSupported, Required, TooLong, TooMany, TypeInvalid) */
  blocking: boolean;
  /** rules to evaluate once the object is known to be well-formed */
  pendingRules: { path: string; self: JsonObject; rules: CelRule[] }[];
}

interface Walk extends CrdResult {
  /** status is cleared on create: only its types matter (server-side apply types the whole body) */
  typesOnly: boolean;
}

/** errors.InvalidType turned into field.TypeInvalid: the bad "value" is the type name the validator saw. */
function typeInvalid(w: Walk, path: string, expected: string, seen: string): void {
  w.blocking = true;
  w.problems.push({ ...invalid(path, goQuote(seen), `${path} in body must be of type ${expected}: ${goQuote(seen)}`), source: w.typesOnly ? "schema" : "validation" });
}

function checkInteger(w: Walk, value: unknown, schema: { minimum?: number }, path: string): void {
  const seen = jsonType(value);
  if (w.typesOnly && typeof value === "number") return; // apply's typing accepts any number here
  // the apiextensions server strips the int32/int64 formats (not among its supported formats), so only the type is checked
  if (seen !== "integer") typeInvalid(w, path, "integer", seen);
  if (!w.typesOnly && typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) {
    w.problems.push(invalid(path, goNumber(value), `${path} in body should be greater than or equal to ${schema.minimum}`));
  }
}

function checkQuantity(w: Walk, value: unknown, path: string): void {
  const seen = jsonType(value);
  if (seen === "string") {
    if (!w.typesOnly && !QUANTITY_RE.test(value as string)) {
      w.problems.push(invalid(path, goValue(value), `${path} in body should match '${QUANTITY_PATTERN}'`));
    }
    return;
  }
  if (seen === "integer" || (w.typesOnly && seen !== "object" && seen !== "array")) return; // apply's typing takes any scalar
  // type [integer, string] fails, then the anyOf: its own message (reported without a field) and the first branch's error
  typeInvalid(w, path, "integer,string", seen);
  if (w.typesOnly) return;
  w.problems.push(problem("", `Invalid value: "": ${goQuote(path)} must validate at least one schema (anyOf)`));
  typeInvalid(w, path, "integer", seen);
}

function checkObject(w: Walk, value: unknown, schema: Extract<CrdSchema, { type: "object" }>, path: string): void {
  if (!isJsonObject(value)) return typeInvalid(w, path, "object", jsonType(value));
  for (const [key, item] of Object.entries(value)) {
    const fieldSchema = schema.properties?.[key] ?? schema.additionalProperties;
    if (fieldSchema !== undefined) walk(w, item, fieldSchema, child(path, key));
  }
  if (w.typesOnly) return;
  for (const key of schema.required ?? []) {
    if (!(key in value)) {
      w.blocking = true;
      w.problems.push(required(child(path, key)));
    }
  }
  if (schema.rules !== undefined) w.pendingRules.push({ path, self: value, rules: schema.rules });
}

function walk(w: Walk, value: unknown, schema: CrdSchema, path: string): void {
  switch (schema.type) {
    case "object":
      return checkObject(w, value, schema, path);
    case "array":
      if (!Array.isArray(value)) return typeInvalid(w, path, "array", jsonType(value));
      return value.forEach((item, i) => walk(w, item, schema.items, index(path, i)));
    case "integer":
      return checkInteger(w, value, schema, path);
    case "quantity":
      return checkQuantity(w, value, path);
    case "string":
      if (typeof value !== "string") typeInvalid(w, path, "string", jsonType(value));
      if (!w.typesOnly && schema.enum !== undefined && !(typeof value === "string" && schema.enum.includes(value))) {
        w.blocking = true;
        w.problems.push(notSupported(path, goValue(value), schema.enum));
      }
      return;
  }
}

/** kube-openapi SchemaValidator over `value` (nulls already dropped); `typesOnly` reports type mismatches alone, as 400s. */
export function validateAgainstSchema(value: unknown, schema: CrdSchema, path: string, typesOnly = false): CrdResult {
  const w: Walk = { problems: [], blocking: false, pendingRules: [], typesOnly };
  walk(w, value, schema, path);
  return { problems: w.problems, blocking: w.blocking, pendingRules: w.pendingRules };
}

/** x-kubernetes-validations on objects: a failing rule prints its message with no value (field.OmitValueType). */
export function celProblems(pending: CrdResult["pendingRules"]): ProfileProblem[] {
  return pending.flatMap(({ path, self, rules }) => rules.filter((r) => !r.holds(self)).map((r) => problem(path, `Invalid value: ${r.message}`)));
}

/** What the server adds instead of running CEL rules when the object already has blocking errors. */
export const CEL_SKIPPED = problem(
  "",
  "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
);
