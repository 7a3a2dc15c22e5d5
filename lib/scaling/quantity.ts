/**
 * Kubernetes resource quantities ("500m", "4Gi", "1.5", "2e3", or a JSON number) as
 * numbers in base units (cores, bytes, plain values), after apimachinery's
 * resource.Quantity: decimal SI suffixes (n u m k M G T P E), binary ones (Ki … Ei) and
 * decimal exponents; null when the text is not a quantity. Pure.
 */

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

// apimachinery's splitQuantityString: sign, digits with an optional fraction, then a suffix or an exponent
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

export function parseQuantity(q: string | number | undefined | null): number | null {
  if (typeof q === "number") return Number.isFinite(q) ? q : null;
  if (typeof q !== "string") return null;
  const m = QUANTITY.exec(q.trim() === q ? q : "");
  if (!m) return null;
  const base = Number(m[1]);
  if (m[3] !== undefined) return base * 10 ** Number(m[3]);
  return base * SUFFIX[m[2] ?? ""]!;
}

/** A quantity for people: 0.5 → "500m", 536870912 → "512Mi" (bytes), 2 → "2". */
export function formatQuantity(value: number, kind: "cpu" | "memory" | "plain" = "plain"): string {
  if (kind === "memory") {
    for (const [s, f] of [["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]] as const) if (value >= f && Number.isInteger(value / f)) return `${value / f}${s}`;
    for (const [s, f] of [["Gi", 2 ** 30], ["Mi", 2 ** 20]] as const) if (value >= f) return `${Math.round((value / f) * 10) / 10}${s}`;
    return String(Math.round(value));
  }
  if (kind === "cpu" && !Number.isInteger(value)) return `${Math.round(value * 1000)}m`;
  return String(Math.round(value * 1000) / 1000);
}
