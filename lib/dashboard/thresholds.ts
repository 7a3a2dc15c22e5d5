import type { ChartSeries } from "@/lib/charts/types";

/** A horizontal reference line on a panel's chart. */
export interface Threshold {
  value: number;
  label: string;
  /** what crossing it means: above a "critical" line is bad */
  severity: "warning" | "critical";
}

/**
 * Reference lines as constant series over the times the panel's series have, so any
 * line chart draws them (labelled in its legend and tooltip). None when the panel has
 * no data: "no data" stays "no data". Pure.
 */
export function thresholdSeries(thresholds: Threshold[] | undefined, series: ChartSeries[]): ChartSeries[] {
  if (!thresholds?.length || series.length === 0) return [];
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  if (times.length === 0) return [];
  return thresholds.map((th) => ({ name: th.label, points: times.map((t): [number, number] => [t, th.value]) }));
}
