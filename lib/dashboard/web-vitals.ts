/**
 * Core Web Vitals: the published thresholds (web.dev; the `web-vitals` library's
 * LCPThresholds, INPThresholds, CLSThresholds) and the rating of a value, which the
 * field data judges at the 75th percentile of page loads. The one home of these
 * numbers: panels draw them, reports rate with them. Pure.
 */

import type { ChartSeries } from "@/lib/charts/types";
import type { Threshold } from "./thresholds";

export type { Threshold } from "./thresholds";

export type WebVital = "lcp" | "inp" | "cls";
export type VitalRating = "good" | "needs-improvement" | "poor";

export interface VitalThresholds {
  /** good at or below this */
  good: number;
  /** poor above this; needs improvement in between */
  poor: number;
  unit: "seconds" | "number";
  label: string;
}

export const WEB_VITAL_THRESHOLDS: Readonly<Record<WebVital, VitalThresholds>> = {
  lcp: { good: 2.5, poor: 4, unit: "seconds", label: "Largest Contentful Paint" },
  inp: { good: 0.2, poor: 0.5, unit: "seconds", label: "Interaction to Next Paint" },
  cls: { good: 0.1, poor: 0.25, unit: "number", label: "Cumulative Layout Shift" },
};

/** The percentile at which a page's vitals are judged. */
export const WEB_VITAL_PERCENTILE = 0.75;

export function rateVital(metric: WebVital, value: number): VitalRating {
  const t = WEB_VITAL_THRESHOLDS[metric];
  if (value <= t.good) return "good";
  if (value <= t.poor) return "needs-improvement";
  return "poor";
}


function show(v: number, unit: VitalThresholds["unit"]): string {
  return unit === "seconds" ? (v < 1 ? `${Math.round(v * 1000)} ms` : `${v} s`) : String(v);
}

/** The two lines a web-vitals panel draws: the end of "good" and the start of "poor". */
export function vitalThresholdLines(metric: WebVital): Threshold[] {
  const t = WEB_VITAL_THRESHOLDS[metric];
  return [
    { value: t.good, label: `good ≤ ${show(t.good, t.unit)}`, severity: "warning" },
    { value: t.poor, label: `poor > ${show(t.poor, t.unit)}`, severity: "critical" },
  ];
}

/** The latest value of each series (a page's p75 now) with its rating; series without a value are left out. */
export function latestRatings(metric: WebVital, series: ChartSeries[]): { name: string; value: number; rating: VitalRating }[] {
  const out: { name: string; value: number; rating: VitalRating }[] = [];
  for (const s of series) {
    for (let i = s.points.length - 1; i >= 0; i--) {
      const v = s.points[i]![1];
      if (v !== null && Number.isFinite(v)) {
        out.push({ name: s.name, value: v, rating: rateVital(metric, v) });
        break;
      }
    }
  }
  return out;
}
