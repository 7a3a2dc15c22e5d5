/**
 * Prometheus's template functions and Go's builtins as the preview evaluates them
 * (FUNCS: humanize*, match and reReplaceAll through RE2, printf, eq, …; and/or are
 * the evaluator's, for they short-circuit), and why the rest need Prometheus
 * (UNSUPPORTED). Pure.
 */
import { RE2JS } from "re2js";
import { bytesExceeded, overBytes } from "./template-budget";
import { AlertData, fmtV, formatFloat, GoInt, GoMap, goSprint, goSprintf, goType, str, toFloat, truth, type Value } from "./template-gofmt";
import { goQuote } from "./template-lex";

const g4 = (v: number) => formatFloat(v, "g", 4);

function scaled(v: number, base: number, prefixes: string[]): string {
  let prefix = "";
  for (const p of prefixes) {
    if (Math.abs(v) < base) break;
    prefix = p;
    v /= base;
  }
  return g4(v) + prefix;
}

function small(v: number): [number, string] {
  let prefix = "";
  for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return [v, prefix];
}

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  if (Math.abs(v) >= 1) return scaled(v, 1000, ["k", "M", "G", "T", "P", "E", "Z", "Y"]);
  const [m, p] = small(v);
  return g4(m) + p;
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? "-" : "";
    const a = Math.abs(v);
    const t = Math.trunc(a);
    const [d, h, m, s] = [Math.trunc(t / 86400), Math.trunc(t / 3600) % 24, Math.trunc(t / 60) % 60, t % 60];
    if (d) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h) return `${sign}${h}h ${m}m ${s}s`;
    if (m) return `${sign}${m}m ${s}s`;
    return `${sign}${g4(a)}s`;
  }
  const [m, p] = small(v);
  return `${g4(m)}${p}s`;
}

function humanizeTimestamp(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  const ns = v * 1e9;
  if (ns >= 2 ** 63 || ns < -(2 ** 63)) throw new Error(`${fmtV(v)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  // Prometheus goes through model.Time: millisecond precision, truncated.
  const ms = Number(BigInt(Math.trunc(ns)) / 1_000_000n);
  const [date, time] = new Date(ms).toISOString().slice(0, -1).split("T") as [string, string];
  const [hms, frac] = time.split(".") as [string, string];
  const f = frac.replace(/0+$/, "");
  return `${date} ${hms}${f ? `.${f}` : ""} +0000 UTC`;
}

/** net.SplitHostPort */
function splitHostPort(s: string): [string, string] | undefined {
  const i = s.lastIndexOf(":");
  if (i < 0) return undefined;
  let host: string;
  if (s.startsWith("[")) {
    const end = s.indexOf("]");
    if (end < 0 || end + 1 !== i) return undefined;
    host = s.slice(1, end);
  } else {
    host = s.slice(0, i);
    if (host.includes(":")) return undefined;
  }
  if (/[[\]]/.test(host) || /[[\]]/.test(s.slice(i + 1))) return undefined;
  return [host, s.slice(i + 1)];
}

const isIP = (h: string) => /^(\d{1,3}\.){3}\d{1,3}$/.test(h) || (h.includes(":") && /^[0-9a-fA-F:.]+$/.test(h));

/** Go's regexp (RE2) through re2js: linear time, Go's syntax and error messages. */
function goRegExp(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    throw new Error((e as Error).message.startsWith("error parsing regexp") ? (e as Error).message : `error parsing regexp: ${(e as Error).message}`);
  }
}

/** regexp.ReplaceAllString: Go's match loop (no empty match right after a match) and Expand ($1, ${name}, $$). */
function reReplaceAll(pattern: string, repl: string, text: string): string {
  const re = goRegExp(pattern);
  const names = re.namedGroups();
  const m = re.matcher(text);
  let out = "";
  let last = 0;
  let lastMatchEnd = 0;
  while (m.find()) {
    const [a0, a1] = [m.start(), m.end()];
    out += text.slice(last, a0);
    last = a0;
    if (a1 > lastMatchEnd || a0 === 0) {
      out += repl.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (all, _x, braced?: string, bare?: string) => {
        if (all === "$$") return "$";
        const name = (braced ?? bare)!;
        const index = /^\d+$/.test(name) ? Number(name) : names[name];
        return index !== undefined && index <= m.groupCount() ? (m.group(index) ?? "") : "";
      });
      last = a1;
      if (overBytes(out)) throw new Error(bytesExceeded());
    }
    lastMatchEnd = a1;
  }
  return out + text.slice(last);
}

/** url.QueryEscape */
const queryEscape = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");

const DURATION_UNITS: Record<string, number> = { y: 31536000, w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

function compare(name: "eq" | "lt", a: Value, b: Value): boolean {
  const kind = (v: Value) =>
    v === null ? "nil" : typeof v === "number" ? "float" : v instanceof GoInt ? "int" : typeof v === "string" || typeof v === "boolean" ? typeof v : "other";
  const [ka, kb] = [kind(a), kind(b)];
  if (name === "lt" && [ka, kb].some((k) => k === "nil" || k === "other" || k === "boolean")) throw new Error("invalid type for comparison");
  if (ka === "nil" || kb === "nil") return ka === kb;
  if (ka !== kb) throw new Error("incompatible types for comparison");
  if (ka === "other") throw new Error(`non-comparable type ${fmtV(a)}: ${goType(a)}`);
  const [x, y] = [a instanceof GoInt ? a.n : a, b instanceof GoInt ? b.n : b] as [string | number | boolean, string | number | boolean];
  return name === "eq" ? x === y : x < y;
}

type Fn = { min: number; max?: number; fn: (args: Value[], data: AlertData, externalURL: string) => Value };
const one = (fn: (v: Value) => Value): Fn => ({ min: 1, max: 1, fn: ([v]) => fn(v!) });

export const FUNCS: Record<string, Fn> = {
  not: one((v) => !truth(v)),
  len: one((v) => {
    if (typeof v === "string") return new GoInt(new TextEncoder().encode(v).length);
    if (v instanceof GoMap) return new GoInt(Object.keys(v.m).length);
    throw new Error(`len of type ${goType(v)}`);
  }),
  index: {
    min: 1,
    fn: ([item, ...keys]) =>
      keys.reduce<Value>((cur, k) => {
        if (cur instanceof GoMap && typeof k === "string") return cur.m[k] ?? "";
        if (typeof cur === "string" && k instanceof GoInt) {
          const b = new TextEncoder().encode(cur)[k.n];
          if (b === undefined) throw new Error(`index out of range: ${k.n}`);
          return new GoInt(b);
        }
        throw new Error(`can't index item of type ${goType(cur)}`);
      }, item!),
  },
  print: { min: 0, fn: (a) => goSprint(a) },
  println: { min: 0, fn: (a) => `${a.map(fmtV).join(" ")}\n` },
  printf: { min: 1, fn: ([f, ...a]) => goSprintf(str(f!), a) },
  urlquery: { min: 0, fn: (a) => queryEscape(goSprint(a)) },
  html: {
    min: 0,
    fn: (a) => goSprint(a).replace(/[&'<>"\0]/g, (c) => ({ "&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "\0": "\uFFFD" })[c]!),
  },
  eq: { min: 2, fn: ([a, ...bs]) => bs.some((b) => compare("eq", a!, b)) },
  ne: { min: 2, max: 2, fn: ([a, b]) => !compare("eq", a!, b!) },
  lt: { min: 2, max: 2, fn: ([a, b]) => compare("lt", a!, b!) },
  le: { min: 2, max: 2, fn: ([a, b]) => compare("lt", a!, b!) || compare("eq", a!, b!) },
  gt: { min: 2, max: 2, fn: ([a, b]) => !(compare("lt", a!, b!) || compare("eq", a!, b!)) },
  ge: { min: 2, max: 2, fn: ([a, b]) => !compare("lt", a!, b!) },
  humanize: one((v) => humanize(toFloat(v))),
  humanize1024: one((v) => {
    const f = toFloat(v);
    return Math.abs(f) <= 1 || !Number.isFinite(f) ? g4(f) : scaled(f, 1024, ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"]);
  }),
  humanizeDuration: one((v) => humanizeDuration(toFloat(v))),
  humanizePercentage: one((v) => `${g4(toFloat(v) * 100)}%`),
  humanizeTimestamp: one((v) => humanizeTimestamp(toFloat(v))),
  toUpper: one((v) => str(v).toUpperCase()),
  toLower: one((v) => str(v).toLowerCase()),
  title: one((v) => str(v).replace(/(^|[^\p{L}\p{N}_'’])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase())),
  safeHtml: one((v) => str(v)),
  match: {
    min: 2,
    max: 2,
    fn: ([p, t]) => {
      return goRegExp(str(p!)).matcher(str(t!)).find();
    },
  },
  reReplaceAll: {
    min: 3,
    max: 3,
    fn: ([p, repl, t]) => reReplaceAll(str(p!), str(repl!), str(t!)),
  },
  stripPort: one((v) => splitHostPort(str(v))?.[0] ?? (v as string)),
  stripDomain: one((v) => {
    const s = str(v);
    const [host, port] = splitHostPort(s) ?? [s, ""];
    if (isIP(host)) return s;
    const short = host.split(".")[0]!;
    return port ? `${short.includes(":") ? `[${short}]` : short}:${port}` : short;
  }),
  graphLink: one((v) => `/graph?g0.expr=${queryEscape(str(v))}&g0.tab=0`),
  tableLink: one((v) => `/graph?g0.expr=${queryEscape(str(v))}&g0.tab=1`),
  externalURL: { min: 0, max: 0, fn: (_a, _d, url) => url },
  pathPrefix: { min: 0, max: 0, fn: (_a, _d, url) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? "" },
  parseDuration: one((v) => {
    const s = str(v);
    const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
    if (!m || s === "") {
      if (s === "0") return 0;
      throw new Error(`not a valid duration string: ${goQuote(s)}`);
    }
    return ["y", "w", "d", "h", "m", "s", "ms"].reduce((sum, u, i) => sum + Number(m[i + 1] ?? 0) * DURATION_UNITS[u]!, 0);
  }),
};

export const UNSUPPORTED: Record<string, string> = {
  query: "runs a PromQL query when the alert fires",
  first: "works on query results",
  label: "works on query results",
  value: "works on query results",
  strvalue: "works on query results",
  sortByLabel: "works on query results",
  toTime: "returns a time value",
  toDuration: "returns a duration value",
  now: "returns the current time",
};
