/**
 * Kubernetes resource.Quantity, ported from k8s.io/apimachinery/pkg/api/resource
 * (quantity.go ParseQuantity, CanonicalizeBytes, UnmarshalJSON). Values are kept exact
 * (a BigInt mantissa and a power of ten) because the server decides "must be positive"
 * and prints values in error messages from the exact value: "0.0000000001" rounds up to
 * 1n (positive), and a negative value prints in canonical form ("-0.5" as "-500m").
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  /** value = mantissa × 10^exponent, exact */
  mantissa: bigint;
  exponent: number;
  format: QuantityFormat;
  /** the input string when Go keeps it as the printed form (its "already canonical" fast path) */
  cached?: string;
}

export type QuantityParse = { ok: true; quantity: Quantity } | { ok: false; error: string };

const SPLIT_RE_STRING = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${SPLIT_RE_STRING}'`;
export const ERR_NUMERIC = "unable to parse numeric part of quantity";
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const INT64_MAX = (1n << 63n) - 1n;
const NANO = -9;
const DECIMAL_SUFFIXES: Record<string, number> = { "": 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const fail = (error: string): QuantityParse => ({ ok: false, error });

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: a permissive scanner; the suffix is interpreted afterwards. */
function scan(str: string): Scanned | null {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === "-") [positive, pos] = [false, 1];
  else if (str[0] === "+") pos = 1;
  while (str[pos] === "0") pos++;
  if (pos >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };
  const numStart = pos;
  while (isDigit(str[pos])) pos++;
  let num = str.slice(numStart, pos);
  if (pos >= end) return { positive, value: str, num, denom: "", suffix: "" };
  if (num === "") num = "0";
  let denom = "";
  if (str[pos] === ".") {
    const denomStart = ++pos;
    while (isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
    if (pos >= end) return { positive, value: str, num, denom, suffix: "" };
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && "eEinumkKMGTP".includes(str[pos] ?? "")) pos++;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  while (isDigit(str[pos])) pos++;
  if (pos < end) return null;
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

function interpretSuffix(suffix: string): Suffix | null {
  const dec = DECIMAL_SUFFIXES[suffix];
  if (dec !== undefined) return { base: 10, exponent: dec, format: "DecimalSI" };
  const bin = BINARY_SUFFIXES[suffix];
  if (bin !== undefined) return { base: 2, exponent: bin, format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return null;
    const parsed = BigInt(digits);
    if (parsed > INT64_MAX || parsed < -INT64_MAX - 1n) return null; // strconv.ParseInt range error
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: "DecimalExponent" }; // Go keeps int32(parsed)
  }
  return null;
}

function digitCount(n: bigint): number {
  return (n < 0n ? -n : n).toString().length;
}

/** Go rounds any non-zero value to a whole number of nano-units, away from zero. */
function roundUpToNano(abs: bigint, exponent: number): [bigint, number] {
  if (abs === 0n || exponent >= NANO) return [abs, exponent];
  const shift = NANO - exponent;
  if (shift > digitCount(abs)) return [1n, NANO];
  const divisor = 10n ** BigInt(shift);
  return [(abs + divisor - 1n) / divisor, NANO];
}

/**
 * The cases ParseQuantity handles with int64 arithmetic (undefined when it takes the slow
 * path), and there the input string when Go keeps it as the printed form ("" when not).
 */
function fastPathCache(str: string, s: Scanned, suffix: Suffix): string | undefined {
  const binaryFast = suffix.base === 2 && s.denom.length === 0;
  const precision =
    suffix.base === 10
      ? 18 - (s.num.length + s.denom.length)
      : binaryFast
        ? 15 - s.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1
        : -1;
  if (precision < 0) return undefined;
  const scale = (suffix.base === 10 ? suffix.exponent : 0) - s.denom.length;
  if (scale < NANO) return undefined;
  const shifted = s.num + s.denom;
  const value = BigInt(shifted);
  if (value * (suffix.base === 2 ? 1n << BigInt(suffix.exponent) : 1n) > INT64_MAX) return undefined;
  if (suffix.base === 2) return suffix.exponent % 10 === 0 && (value & 7n) !== 0n ? str : "";
  return scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0" ? str : "";
}

/** resource.ParseQuantity. */
export function parseQuantityText(str: string): QuantityParse {
  if (str.length === 0) return fail(ERR_FORMAT_WRONG);
  if (str === "0") return { ok: true, quantity: { mantissa: 0n, exponent: 0, format: "DecimalSI", cached: "0" } };
  const s = scan(str);
  if (s === null) return fail(ERR_FORMAT_WRONG);
  const suffix = interpretSuffix(s.suffix);
  if (suffix === null) return fail(ERR_SUFFIX);
  const cached = fastPathCache(str, s, suffix);
  // the slow path re-reads the number with inf.Dec, which needs at least one digit
  if (cached === undefined && !/[0-9]/.test(s.value)) return fail(ERR_NUMERIC);
  const digits = BigInt(s.num + s.denom);
  let abs = suffix.base === 2 ? digits << BigInt(suffix.exponent) : digits;
  let exponent = (suffix.base === 10 ? suffix.exponent : 0) - s.denom.length;
  let format = suffix.format;
  if (cached === undefined) {
    [abs, exponent] = roundUpToNano(abs, exponent);
    if (format === "BinarySI" && abs > INT64_MAX * 10n ** BigInt(-exponent)) [abs, exponent] = [INT64_MAX, 0];
    if (format === "BinarySI" && abs > 0n && abs < 10n ** BigInt(-exponent)) format = "DecimalSI";
  }
  const mantissa = s.positive ? abs : -abs;
  return { ok: true, quantity: { mantissa, exponent, format, cached: cached === "" ? undefined : cached } };
}

// strings.TrimSpace applied to the raw JSON text: control characters arrive escaped ("\n") and so are not trimmed
const JSON_TRIMMED_SPACE = /^[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g;

/** Quantity.UnmarshalJSON: a JSON string (spaces trimmed) or a JSON number's text; anything else fails to parse. */
export function quantityFromJson(value: unknown): QuantityParse {
  if (typeof value === "string") return parseQuantityText(value.replace(JSON_TRIMMED_SPACE, ""));
  if (typeof value === "number" && Number.isFinite(value)) return parseQuantityText(String(value));
  return fail(ERR_FORMAT_WRONG);
}

export function quantitySign(q: Quantity): -1 | 0 | 1 {
  return q.mantissa > 0n ? 1 : q.mantissa < 0n ? -1 : 0;
}

function removeFactors(abs: bigint, base: bigint): [bigint, number] {
  let times = 0;
  while (abs >= base && abs % base === 0n) {
    abs /= base;
    times++;
  }
  return [abs, times];
}

function decimalCanonical(abs: bigint, exponent: number, format: QuantityFormat): [string, string] {
  const [stripped, times] = removeFactors(abs, 10n);
  let amount = stripped;
  exponent += times;
  while (exponent % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  if (format === "DecimalExponent") return [amount.toString(), exponent === 0 ? "" : `e${exponent}`];
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent)?.[0] ?? ""; // Go prints no suffix past E
  return [amount.toString(), suffix];
}

/** Beyond this power of ten a value is printed as mantissa e exponent rather than expanded (no real quantity comes near). */
const MAX_PRINTED_EXPONENT = 4000;

/** Quantity.String / MarshalJSON: the canonical form ("1.5" → "1500m", "1536Mi" for 1.5Gi). */
export function quantityString(q: Quantity): string {
  if (q.cached !== undefined) return q.cached;
  if (q.mantissa === 0n) return "0";
  const sign = q.mantissa < 0n ? "-" : "";
  const abs = q.mantissa < 0n ? -q.mantissa : q.mantissa;
  // a caller's "1e16000001" must not cost the server a 16-million-digit power of ten (quadratic
  // BigInt work on every keystroke of the editor): such values are printed as given
  if (Math.abs(q.exponent) > MAX_PRINTED_EXPONENT) return `${sign}${abs}e${q.exponent}`;
  const unit = 10n ** BigInt(Math.max(0, -q.exponent));
  const scaled = q.exponent >= 0 ? abs * 10n ** BigInt(q.exponent) : abs; // only binary values (exponent ≤ 0) use `scaled`
  const isInteger = q.exponent >= 0 || abs % unit === 0n;
  if (q.format === "BinarySI" && isInteger && (q.exponent >= 0 ? scaled : abs / unit) >= 1024n) {
    const [amount, times] = removeFactors(q.exponent >= 0 ? scaled : abs / unit, 1024n);
    return `${sign}${amount}${["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][times] ?? ""}`;
  }
  const [number, suffix] = decimalCanonical(abs, q.exponent, q.format === "BinarySI" ? "DecimalSI" : q.format);
  return `${sign}${number}${suffix}`;
}

export function quantityToNumber(q: Quantity): number {
  return Number(`${q.mantissa}e${q.exponent}`);
}

/** The value of a quantity in base units ("500m" → 0.5, "4Gi" → 4294967296), or null when the server would refuse it. */
export function parseQuantity(q: string | number): number | null {
  const parsed = quantityFromJson(q);
  return parsed.ok ? quantityToNumber(parsed.quantity) : null;
}

/** Exact comparison of two quantities (-1, 0, 1), as Quantity.Cmp. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const sa = quantitySign(a);
  const sb = quantitySign(b);
  if (sa !== sb || sa === 0) return sa < sb ? -1 : sa > sb ? 1 : 0;
  const gap = a.exponent - b.exponent;
  if (Math.abs(gap) > 4000) {
    const larger = gap > 0 ? sa : -sa; // the magnitudes are then too far apart to need the digits
    return larger > 0 ? 1 : -1;
  }
  const left = gap > 0 ? a.mantissa * 10n ** BigInt(gap) : a.mantissa;
  const right = gap < 0 ? b.mantissa * 10n ** BigInt(-gap) : b.mantissa;
  return left < right ? -1 : left > right ? 1 : 0;
}
