/**
 * Go's formatting and values for template evaluation: strconv.FormatFloat, the Go
 * values a template handles (float64, int, string, bool, nil, map[string]string, the
 * alert's data struct), their fmt %v, truth and types, fmt.Sprintf/Sprint, and the
 * argument conversions the template functions use. Pure.
 */
import { bytesExceeded, TEMPLATE_BUDGET } from "./template-budget";
import { goQuote } from "./template-lex";

interface Digits {
  d: string;
  dp: number;
}

/** The exact decimal digits of a positive double. */
function exactDigits(v: number): Digits {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2 = -1074;
  if (e !== 0) [mant, e2] = [mant | (1n << 52n), e - 1075];
  const s = e2 >= 0 ? (mant << BigInt(e2)).toString() : (mant * 5n ** BigInt(-e2)).toString();
  return { d: s.replace(/0+$/, ""), dp: e2 >= 0 ? s.length : s.length + e2 };
}

/** Go's decimal rounding to nd digits: half to even on the exact value. */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x;
  const up = x.d[nd] === "5" && nd + 1 === x.d.length ? nd > 0 && Number(x.d[nd - 1]) % 2 === 1 : x.d[nd]! >= "5";
  if (!up) return { d: x.d.slice(0, nd).replace(/0+$/, ""), dp: x.dp };
  let i = nd - 1;
  while (i >= 0 && x.d[i] === "9") i--;
  if (i < 0) return { d: "1", dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String(Number(x.d[i]) + 1), dp: x.dp };
}

function fmtE(x: Digits, prec: number, e: string): string {
  let s = x.d[0] ?? "0";
  if (prec > 0) s += `.${x.d.slice(1, prec + 1).padEnd(prec, "0")}`;
  const exp = x.d.length === 0 ? 0 : x.dp - 1;
  return `${s}${e}${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

function fmtF(x: Digits, prec: number): string {
  let s = x.dp > 0 ? x.d.slice(0, x.dp).padEnd(x.dp, "0") : "0";
  if (prec > 0) {
    s += ".";
    for (let i = 1; i <= prec; i++) s += x.d[x.dp + i - 1] ?? "0";
  }
  return s;
}

/** Go's strconv.FormatFloat(v, fmt, prec, 64) for fmt e, E, f, g, G (prec -1 = shortest). */
export function formatFloat(v: number, fmt: "e" | "E" | "f" | "g" | "G", prec: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  const sign = v < 0 || Object.is(v, -0) ? "-" : "";
  const a = Math.abs(v);
  const kind = fmt.toLowerCase();
  const shortest = prec < 0;
  let x: Digits;
  if (a === 0) x = { d: "", dp: 0 };
  else if (shortest) {
    const [m, e] = a.toExponential().split("e");
    x = { d: m!.replace(".", "").replace(/0+$/, ""), dp: Number(e) + 1 };
  } else {
    if (kind === "g" && prec === 0) prec = 1;
    const exact = exactDigits(a);
    x = roundDigits(exact, kind === "e" ? prec + 1 : kind === "f" ? exact.dp + prec : prec);
  }
  if (shortest) prec = kind === "e" ? Math.max(x.d.length - 1, 0) : kind === "f" ? Math.max(x.d.length - x.dp, 0) : x.d.length;
  if (kind === "e") return sign + fmtE(x, prec, fmt);
  if (kind === "f") return sign + fmtF(x, prec);
  let eprec = prec;
  if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (exp < -4 || exp >= eprec) return sign + fmtE(x, Math.min(prec, x.d.length) - 1, fmt === "G" ? "E" : "e");
  return sign + fmtF(x, Math.max((prec > x.dp ? x.d.length : prec) - x.dp, 0));
}

// ---------------------------------------------------------------- values

export class GoInt {
  constructor(readonly n: number) {}
}
export class GoMap {
  constructor(readonly m: Readonly<Record<string, string>>) {}
}
export class AlertData {
  constructor(
    readonly Labels: GoMap,
    readonly ExternalLabels: GoMap,
    readonly ExternalURL: string,
    readonly Value: number,
  ) {}
}
export type Value = string | number | boolean | null | GoInt | GoMap | AlertData;

export const STRUCT = "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }";

export function goType(v: Value): string {
  if (v === null) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "float64";
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoInt) return "int";
  return v instanceof GoMap ? "map[string]string" : STRUCT;
}

/** fmt's %v. */
export function fmtV(v: Value): string {
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatFloat(v, "g", -1);
  if (typeof v === "boolean") return String(v);
  if (v instanceof GoInt) return String(v.n);
  if (v instanceof GoMap) return `map[${Object.keys(v.m).sort().map((k) => `${k}:${v.m[k]}`).join(" ")}]`;
  return `{${fmtV(v.Labels)} ${fmtV(v.ExternalLabels)} ${v.ExternalURL} ${fmtV(v.Value)}}`;
}

export function truth(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0;
  if (typeof v === "boolean") return v;
  if (v instanceof GoInt) return v.n !== 0;
  return v instanceof GoMap ? Object.keys(v.m).length > 0 : true;
}

/** An error of the template itself (wrong argument type or count), reported without "error calling". */
export class ExecError extends Error {}

/** fmt.Sprintf for the verbs alert templates use: v s d f F e E g G q x X t, flags - + 0 space, width and precision. */
export function goSprintf(format: string, args: readonly Value[]): string {
  let out = "";
  let argi = 0;
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    if (c !== "%") {
      out += c;
      i++;
      continue;
    }
    const m = /^%([-+ 0#]*)(\d*)(?:\.(\d*))?(.?)/s.exec(format.slice(i))!;
    i += m[0].length;
    const [flags, w, p, verb] = [m[1]!, m[2]!, m[3], m[4]!];
    // fmt's parsenum gives up on a number past 1e6 and swallows the rest of the format
    const tooLarge = (digits: string | undefined) => digits !== undefined && digits.length > 1 && Number(digits.slice(0, -1)) > 1e6;
    if (tooLarge(w) || tooLarge(p)) {
      out += "%!(NOVERB)";
      break;
    }
    if (Number(w || 0) > TEMPLATE_BUDGET.bytes || (Number(p || 0) > TEMPLATE_BUDGET.bytes && "eEfFgG".includes(verb))) throw new Error(bytesExceeded());
    if (!verb) {
      out += "%!(NOVERB)";
      break;
    }
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const v = args[argi++]!;
    const prec = p === undefined ? undefined : Number(p || 0);
    const bad = `%!${verb}(${v === null ? "<nil>" : `${goType(v)}=${fmtV(v)}`})`;
    let s: string | undefined;
    let numeric = false;
    if (typeof v === "number") {
      numeric = true;
      if ("eEfFgG".includes(verb)) s = formatFloat(v, (verb === "F" ? "f" : verb) as "e", prec ?? ("gG".includes(verb) ? -1 : 6));
      else if (verb === "v") s = formatFloat(v, "g", prec ?? -1);
    } else if (v instanceof GoInt) {
      numeric = true;
      if (verb === "d" || verb === "v") s = String(v.n);
      else if (verb === "x" || verb === "X") s = (v.n < 0 ? "-" : "") + Math.abs(v.n).toString(16)[verb === "x" ? "toLowerCase" : "toUpperCase"]();
      else if (verb === "o") s = v.n.toString(8);
      else if (verb === "b") s = v.n.toString(2);
      else if (verb === "c") s = String.fromCodePoint(v.n);
    } else if (typeof v === "string") {
      const t = prec === undefined ? v : [...v].slice(0, prec).join("");
      if (verb === "s" || verb === "v") s = t;
      else if (verb === "q") s = goQuote(t);
      else if (verb === "x" || verb === "X") s = [...new TextEncoder().encode(t)].map((b) => b.toString(16).padStart(2, "0")).join("")[verb === "x" ? "toLowerCase" : "toUpperCase"]();
    } else if (typeof v === "boolean") {
      if (verb === "t" || verb === "v") s = String(v);
    } else if (verb === "v" || (verb === "s" && v !== null)) s = fmtV(v);
    if (s === undefined) {
      out += bad;
      continue;
    }
    if (numeric && !s.startsWith("-") && (flags.includes("+") || flags.includes(" "))) s = (flags.includes("+") ? "+" : " ") + s;
    const width = Number(w || 0);
    if (s.length < width) {
      if (flags.includes("-")) s = s.padEnd(width);
      else if (flags.includes("0") && !/Inf|NaN/.test(s)) {
        const signLen = numeric && /^[-+ ]/.test(s) ? 1 : 0;
        s = s.slice(0, signLen) + s.slice(signLen).padStart(width - signLen, "0");
      } else s = s.padStart(width);
    }
    out += s;
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => (a === null ? "<nil>" : `${goType(a)}=${fmtV(a)}`)).join(", ")})`;
  return out;
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function goSprint(args: readonly Value[]): string {
  return args.map((a, i) => (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string" ? " " : "") + fmtV(a)).join("");
}

export function toFloat(v: Value): number {
  if (typeof v === "number") return v;
  if (v instanceof GoInt) return v.n;
  if (typeof v === "string") {
    const s = v.replace(/_/g, "");
    if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(s)) return NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
    throw new Error(`strconv.ParseFloat: parsing ${goQuote(v)}: invalid syntax`);
  }
  throw new Error(`can't convert ${goType(v)} to float`);
}

export function str(v: Value): string {
  if (typeof v !== "string") throw new ExecError(`wrong type for value; expected string; got ${goType(v)}`);
  return v;
}
