import type { Point } from "@/lib/charts/downsample";
import { formatValue } from "@/lib/format/units";
import type { TargetStatus } from "@/lib/roadmap/evaluate";
import type { ItemStatus } from "@/lib/roadmap/item";
import type { TargetUnit } from "@/lib/roadmap/kinds";
import type { Target } from "@/lib/roadmap/templates";

/** How the roadmap page words and colours things. Pure. */

export const TARGET_STATUS: Record<TargetStatus, { label: string; className: string }> = {
  met: { label: "met", className: "status-ok" },
  "at-risk": { label: "at risk", className: "status-warn" },
  missed: { label: "missed", className: "status-bad" },
  "no-data": { label: "no data", className: "muted" },
};

export const ITEM_STATUS_CLASS: Record<ItemStatus, string> = { done: "status-ok", in_progress: "status-warn", planned: "", dropped: "muted" };

export function fmt(v: number | null | undefined, unit: TargetUnit): string {
  return formatValue(v, unit);
}

/** "2026-05-04 13:00 UTC"; "now" for the live evaluation; null → "not in the last 30 days" */
export function lastMetText(lastMet: number | null, liveAt: number, historySeconds: number): string {
  if (lastMet === null) return `not in the last ${Math.round(historySeconds / 86400)} days`;
  if (lastMet >= liveAt) return "now";
  return `${new Date(lastMet * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "order-service p95 < 100 ms over 7d" */
export function targetText(t: Target): string {
  const what = t.template ? `${t.template.service} ${t.template.kind === "latency-p95" ? "p95" : "availability"}` : "value";
  return `${what} ${t.comparator} ${fmt(t.threshold, t.unit)} over ${t.window}`;
}

/** "2026-Q3" → "Q3 2026" */
export function quarterLabel(q: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  return m ? `Q${m[2]} ${m[1]}` : q;
}

export interface SparkGeometry {
  /** one path per run of values without gaps */
  paths: string[];
  /** y of the threshold line */
  thresholdY: number;
}

/** The sparkline's paths and threshold line in a width × height box (threshold always in view). */
export function sparkGeometry(points: Point[], threshold: number, width: number, height: number, pad = 2): SparkGeometry | null {
  const values = points.filter((p): p is [number, number] => p[1] !== null);
  if (values.length === 0) return null;
  const t0 = points[0]![0];
  const t1 = points[points.length - 1]![0];
  let lo = threshold;
  let hi = threshold;
  for (const [, v] of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi === lo) {
    hi += Math.abs(hi) * 0.1 || 1;
    lo -= Math.abs(lo) * 0.1 || 1;
  }
  const x = (t: number) => (t1 === t0 ? width / 2 : pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = (v: number) => pad + (1 - (v - lo) / (hi - lo)) * (height - 2 * pad);
  const paths: string[] = [];
  let d = "";
  for (const [t, v] of points) {
    if (v === null) {
      if (d) paths.push(d);
      d = "";
      continue;
    }
    d += `${d ? "L" : "M"}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
  }
  if (d) paths.push(d);
  return { paths, thresholdY: Number(y(threshold).toFixed(1)) };
}
