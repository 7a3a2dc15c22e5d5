/**
 * What kube-apiserver's strict JSON decoding (sigs.k8s.io/json, fieldValidation=Strict)
 * refuses when it reads a manifest into Go structs: fields the struct does not declare
 * ("strict decoding error: unknown field …"), JSON values of the wrong type ("json:
 * cannot unmarshal string into Go struct field … of type int32"), quantities and times
 * their UnmarshalJSON cannot parse. Go reports only its first type error; this lists
 * them all. JSON null is accepted anywhere (it leaves the zero value), as in Go.
 */
import { child, goQuote, index, schemaProblem } from "./validate-field";
import { GO_STRUCTS, type GoType } from "./validate-go-schema";
import { quantityFromJson } from "./validate-quantity";
import { isJsonObject, type JsonObject, type ProfileProblem } from "./validate-types";

interface Finding {
  kind: "unknown" | "type";
  problem: ProfileProblem;
}

interface Context {
  path: string;
  /** the JSON field names from the root, without indices: Go's error context */
  stack: string[];
  /** the innermost struct being decoded */
  structName: string;
}

function goTypeName(type: GoType): string {
  switch (type.t) {
    case "string":
    case "int":
      return type.go;
    case "bool":
      return "bool";
    case "struct":
      return type.def;
    case "slice":
      return `[]${goTypeName(type.of)}`;
    case "map":
      return `map[string]${goTypeName(type.of)}`;
    case "quantity":
      return "resource.Quantity";
    case "time":
      return "v1.Time";
    case "raw":
      return "v1.FieldsV1";
  }
}

/** How the decoder names the JSON value it could not store ("number 1.5" only when the target is numeric). */
function describe(value: unknown, numericTarget: boolean): string {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return numericTarget ? `number ${String(value)}` : "number";
  return Array.isArray(value) ? "array" : "object";
}

function typeError(value: unknown, type: GoType, ctx: Context): Finding {
  const desc = describe(value, type.t === "int");
  const field = ctx.stack.join(".");
  return { kind: "type", problem: schemaProblem(ctx.path, `json: cannot unmarshal ${desc} into Go struct field ${ctx.structName}.${field} of type ${goTypeName(type)}`) };
}

const INT_RANGE = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63 - 1] } as const;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

function isRfc3339(s: string): boolean {
  const m = RFC3339.exec(s);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[8] === "Z" || (Number(m[9]) < 24 && Number(m[10]) < 60);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60 && offsetOk;
}

/** metav1.Time.UnmarshalJSON: a JSON string in RFC 3339. */
function timeError(value: unknown, path: string): Finding | null {
  if (typeof value !== "string") {
    return { kind: "type", problem: schemaProblem(path, `json: cannot unmarshal ${describe(value, false)} into Go value of type string`) };
  }
  if (isRfc3339(value)) return null;
  // Go names the first layout element it could not match; only the year case is reproduced exactly
  const detail = /^\d{4}/.test(value) ? "cannot parse it as RFC 3339" : `cannot parse ${goQuote(value)} as "2006"`;
  return { kind: "type", problem: schemaProblem(path, `parsing time ${goQuote(value)} as "2006-01-02T15:04:05Z07:00": ${detail}`) };
}

function walkValue(value: unknown, type: GoType, ctx: Context, out: Finding[]): void {
  if (value === null || value === undefined) return;
  switch (type.t) {
    case "string":
      if (typeof value !== "string") out.push(typeError(value, type, ctx));
      return;
    case "bool":
      if (typeof value !== "boolean") out.push(typeError(value, type, ctx));
      return;
    case "int": {
      const [min, max] = INT_RANGE[type.go];
      if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) out.push(typeError(value, type, ctx));
      return;
    }
    case "quantity": {
      const parsed = quantityFromJson(value);
      if (!parsed.ok) out.push({ kind: "type", problem: schemaProblem(ctx.path, parsed.error) });
      return;
    }
    case "time": {
      const err = timeError(value, ctx.path);
      if (err !== null) out.push(err);
      return;
    }
    case "raw":
      return;
    case "struct":
      if (isJsonObject(value)) walkStruct(value, type.def, ctx, out);
      else out.push(typeError(value, type, ctx));
      return;
    case "slice":
      if (!Array.isArray(value)) out.push(typeError(value, type, ctx));
      else value.forEach((item, i) => walkValue(item, type.of, { ...ctx, path: index(ctx.path, i) }, out));
      return;
    case "map":
      if (!isJsonObject(value)) out.push(typeError(value, type, ctx));
      else for (const [key, item] of Object.entries(value)) walkValue(item, type.of, { ...ctx, path: child(ctx.path, key) }, out);
      return;
  }
}

function walkStruct(obj: JsonObject, def: string, ctx: Context, out: Finding[]): void {
  const struct = GO_STRUCTS[def];
  if (struct === undefined) throw new Error(`no Go struct ${def}`);
  const structName = def.slice(def.indexOf(".") + 1);
  for (const [key, value] of Object.entries(obj)) {
    const path = child(ctx.path, key);
    const type = struct.fields[key];
    if (type === undefined) out.push({ kind: "unknown", problem: schemaProblem(path, `strict decoding error: unknown field "${path}"`) });
    else walkValue(value, type, { path, stack: [...ctx.stack, key], structName }, out);
  }
}

/** Everything strict decoding refuses in `obj` read as the Go struct `def` (e.g. "v2.HorizontalPodAutoscaler"). */
export function decodeStrict(obj: JsonObject, def: string): ProfileProblem[] {
  const out: Finding[] = [];
  walkStruct(obj, def, { path: "", stack: [], structName: def.slice(def.indexOf(".") + 1) }, out);
  return out.map((f) => f.problem);
}

/** %T of a value in Kubernetes' unstructured JSON (integers are int64, other numbers float64). */
function goUnstructuredType(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "int64" : "float64";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  return Array.isArray(value) ? "[]interface {}" : "map[string]interface {}";
}

/**
 * The metadata of a custom resource as the apiextensions server reads it: unknown fields
 * are refused (strict), but a known field of the wrong type is silently dropped
 * (schemaobjectmeta.GetObjectMetaWithOptions with DropMalformedFields).
 */
export function coerceCustomResourceMetadata(metadata: unknown): { metadata: JsonObject | undefined; problems: ProfileProblem[] } {
  if (metadata === undefined || metadata === null) return { metadata: undefined, problems: [] };
  if (!isJsonObject(metadata)) {
    const got = goUnstructuredType(metadata);
    return { metadata: undefined, problems: [schemaProblem("metadata", `invalid metadata: expected object, got ${got}`)] };
  }
  const kept: JsonObject = {};
  const problems: ProfileProblem[] = [];
  const fields = GO_STRUCTS["v1.ObjectMeta"]?.fields ?? {};
  for (const [key, value] of Object.entries(metadata)) {
    const path = child("metadata", key);
    const type = fields[key];
    if (type === undefined) {
      problems.push(schemaProblem(path, `strict decoding error: unknown field "${path}"`));
      continue;
    }
    const findings: Finding[] = [];
    walkValue(value, type, { path, stack: ["metadata", key], structName: "ObjectMeta" }, findings);
    if (findings.some((f) => f.kind === "type")) continue; // dropped, not refused
    problems.push(...findings.map((f) => f.problem));
    kept[key] = value;
  }
  return { metadata: kept, problems };
}
