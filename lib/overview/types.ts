import type { FailureInfo } from "@/lib/upstream/errors";

/** What the overview sends to the browser: every panel succeeds or fails on its own. */

export type Panel<T> = { ok: true; data: T; warnings: string[] } | { ok: false; error: FailureInfo };

export interface ChartSeries {
  name: string;
  /** [unix seconds, value]; null where Prometheus had no sample or the value is NaN */
  points: [number, number | null][];
}

export interface OverviewData {
  range: { preset: string; start: number; end: number; step: number };
  services: Panel<string[]>;
  summary: {
    rate: Panel<Record<string, number | null>>;
    errorRatio: Panel<Record<string, number | null>>;
    p95: Panel<Record<string, number | null>>;
  };
  charts: {
    rate: Panel<ChartSeries[]>;
    errorRatio: Panel<ChartSeries[]>;
    p95: Panel<ChartSeries[]>;
  };
}
