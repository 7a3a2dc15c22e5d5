import { parseQuantity as parseExact } from "./validate-quantity";

/**
 * Kubernetes resource quantities ("500m", "4Gi", "1.5", "2e3", or a JSON number) as
 * numbers in base units (cores, bytes, plain values), for arithmetic: parsed exactly as
 * apimachinery's resource.Quantity does (validate-quantity.ts is the one parser), null
 * when it is not a quantity; and written back for people. Pure.
 */

export function parseQuantity(q: string | number | undefined | null): number | null {
  if (typeof q === "number") return Number.isFinite(q) ? q : null;
  if (typeof q !== "string") return null;
  return parseExact(q);
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
