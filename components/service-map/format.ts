import { formatValue } from "@/lib/format/units";
import { DEFAULT_TARGETS, type HealthLevel } from "@/lib/overview/health";
import type { RangePreset } from "@/lib/promql/time-range";

/** Display helpers of the service map: colours, counts, labels, links. Pure. */

/** The CSS modifier of a health level (colours in app/globals.css: --ok, --warn, --bad, --muted). */
export const HEALTH_SLUG: Record<HealthLevel, "ok" | "warn" | "bad" | "unknown"> = {
  healthy: "ok",
  "at risk": "warn",
  breaching: "bad",
  unknown: "unknown",
};

/** What each level means, from the targets healthOf uses (at risk: above 80 % of a target). */
export const HEALTH_MEANING: Record<HealthLevel, string> = {
  healthy: `errors ≤ ${formatValue(DEFAULT_TARGETS.errorRatio * 0.8, "ratio")} and p95 ≤ ${formatValue(DEFAULT_TARGETS.p95Seconds * 0.8, "seconds")}`,
  "at risk": "above 80% of a target",
  breaching: `errors > ${formatValue(DEFAULT_TARGETS.errorRatio, "ratio")} or p95 > ${formatValue(DEFAULT_TARGETS.p95Seconds, "seconds")}`,
  unknown: "no metrics from Prometheus",
};

/** A call count, short: 950, 12.3k, 4.5M. */
export function formatCalls(n: number): string {
  if (!Number.isFinite(n)) return "–";
  const short = (v: number, unit: string) => `${Number(v.toPrecision(3))}${unit}`;
  if (Math.abs(n) >= 1e6) return short(n / 1e6, "M");
  if (Math.abs(n) >= 1e3) return short(n / 1e3, "k");
  return String(Math.round(n));
}

export interface ServiceNumbers {
  rate: number | null;
  errorRatio: number | null;
  p95: number | null;
}

/** The error ratio as shown: "no requests" when nothing was served (0/0), "–" when unknown. */
export function errorText(m: ServiceNumbers): string {
  return m.rate === 0 ? "no requests" : formatValue(m.errorRatio, "ratio");
}

/** A node's accessible name: "order-service: healthy, p95 120 ms, errors 0.1%". */
export function nodeLabel(name: string, level: HealthLevel, m: ServiceNumbers): string {
  const known = (s: string) => (s === "–" ? "unknown" : s);
  return `${name}: ${level}, p95 ${known(formatValue(m.p95, "seconds"))}, errors ${known(errorText(m))}`;
}

/** The dashboard of a service, over the same range. */
export const serviceHref = (name: string, range: RangePreset) => `/services/${encodeURIComponent(name)}?range=${range}`;

/** A name cut to `max` characters with an ellipsis (the full name goes in a tooltip). */
export function clip(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
