import type { ChartSeries } from "@/lib/charts/types";
import type { Panel } from "@/lib/query/panel";

/** What the overview sends to the browser: every panel succeeds or fails on its own. */

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
  /** the console reads traces (JAEGER_URL is set): rows link to each service's slow traces */
  tracesEnabled?: boolean;
}
