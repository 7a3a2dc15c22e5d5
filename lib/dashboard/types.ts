import type { Unit } from "@/lib/format/units";
import type { Panel } from "@/lib/query/panel";
import type { ChartSeries } from "@/lib/charts/types";
import type { Heatmap } from "./heatmap";
import type { Threshold, WebVital } from "./web-vitals";

export interface ExemplarPoint {
  t: number;
  value: number;
  traceId: string;
  series: string;
}

export interface PanelResult {
  id: string;
  title: string;
  description: string;
  unit: Unit;
  kind: "line" | "heatmap";
  queries: string[];
  series: ChartSeries[];
  /** the same queries one period earlier, shifted onto this period's time axis */
  previous?: ChartSeries[];
  heatmap?: Heatmap;
  exemplars?: ExemplarPoint[];
  /** horizontal reference lines to draw (PanelSpec.thresholds) */
  thresholds?: Threshold[];
  /** the web vital the panel shows at p75 (PanelSpec.vital) */
  vital?: WebVital;
}

export type Annotation =
  | { kind: "alert"; name: string; start: number; end: number }
  | { kind: "change"; at: number; text: string };

export interface DashboardData {
  service: string;
  range: { start: number; end: number; step: number };
  /** every panel's id and title, in order (a failed panel has no data to name it) */
  titles: { id: string; title: string }[];
  panels: Panel<PanelResult>[];
  /** absent when only some panels were requested */
  annotations?: Panel<Annotation[]>;
  /** Jaeger UI's address for "open in Jaeger UI" links (JAEGER_UI_URL) */
  traceUrl?: string;
  /** the console reads traces itself (JAEGER_URL is set): exemplars open in /traces/<id> */
  tracesEnabled?: boolean;
}

