/**
 * Field errors worded the way k8s.io/apimachinery/pkg/util/validation/field renders them
 * (ErrorBody: "Invalid value: <value>: <detail>", "Required value", "Unsupported value: …",
 * "Forbidden: …", "Too long: …"), and the Go value printers those messages depend on.
 * A value's rendering depends on its Go type: a plain `string` is printed with %q, a
 * named string type or pointer goes through encoding/json, integers and floats with %v.
 */
import type { ProfileProblem } from "./validate-types";

type Source = ProfileProblem["source"];

export function problem(path: string, message: string, source: Source = "validation"): ProfileProblem {
  return { severity: "error", path, message, source };
}

/** A 400 from the decoder (unknown field, wrong JSON type, unparsable quantity). */
export function schemaProblem(path: string, message: string): ProfileProblem {
  return problem(path, message, "schema");
}

export function child(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** field.Invalid; `rendered` is the bad value already printed as Go would print it. */
export function invalid(path: string, rendered: string, detail: string): ProfileProblem {
  return problem(path, detail === "" ? `Invalid value: ${rendered}` : `Invalid value: ${rendered}: ${detail}`);
}

/** field.Invalid with field.OmitValueType (CEL rules on objects and arrays print no value). */
export function invalidOmitValue(path: string, detail: string): ProfileProblem {
  return problem(path, `Invalid value: ${detail}`);
}

export function required(path: string, detail = ""): ProfileProblem {
  return problem(path, detail === "" ? "Required value" : `Required value: ${detail}`);
}

export function forbidden(path: string, detail: string): ProfileProblem {
  return problem(path, `Forbidden: ${detail}`);
}

/** field.NotSupported: the supported values are each printed with strconv.Quote, in the order given. */
export function notSupported(path: string, rendered: string, supported: readonly string[]): ProfileProblem {
  return problem(path, `Unsupported value: ${rendered}: supported values: ${supported.map(goQuote).join(", ")}`);
}

export function tooLong(path: string, maxBytes: number): ProfileProblem {
  return problem(path, `Too long: may not be more than ${maxBytes} ${maxBytes === 1 ? "byte" : "bytes"}`);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const HEX = (n: number, width: number) => n.toString(16).padStart(width, "0");
const C_ESCAPES: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };

/** Go's strconv.Quote (and so %q): printable runes kept, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (C_ESCAPES[ch] !== undefined) out += C_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${HEX(cp, 2)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd"; // a lone surrogate reaches Go as invalid UTF-8
    else if (cp < 0x10000) out += `\\u${HEX(cp, 4)}`;
    else out += `\\U${HEX(cp, 8)}`;
  }
  return `${out}"`;
}

/** A string as Go's encoding/json writes it (HTML-safe escaping of <, > and &). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (cp < 0x20 || ch === "<" || ch === ">" || ch === "&" || cp === 0x2028 || cp === 0x2029) out += `\\u${HEX(cp, 4)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/** encoding/json.Marshal of a decoded JSON value (map keys come out sorted, as Go sorts them). */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(",")}}`;
  }
  return "null";
}

/**
 * fmt's %v of a number decoded from JSON. Kubernetes' unstructured decoder keeps integers
 * as int64 (printed plainly) and the rest as float64, which %v prints like %g with the
 * shortest digits and an exponent from 1e+06 up or below 1e-04.
 */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN";
  const [mantissa = "0", expText = "0"] = n.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? "-" : "+"}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(n);
}

/** %v of any JSON value as the unstructured decoder holds it (used for CRD errors). */
export function goValue(value: unknown): string {
  if (typeof value === "number") return goNumber(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return goQuote(value);
  return goJson(value);
}

/** The byte length Go's len() would give (UTF-8). */
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Keeps the first of identical (path, message) pairs, as the API server's aggregate message does. */
export function dedupe(problems: ProfileProblem[]): ProfileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
