import "server-only";
import { downsampleMinMax } from "@/lib/charts/downsample";
import { getConfig } from "@/lib/config";
import type { ChartSeries } from "@/lib/charts/types";
import { queryInstant } from "@/lib/prometheus/client";
import type { RangeSeries } from "@/lib/prometheus/types";
import { splitThreshold } from "@/lib/promql/comparison";
import { cachedRange } from "@/lib/query/run";
import { backtestAlert, recordingPreview, type BacktestResult, type RecordingPreview } from "./backtest";
import { parseDuration } from "./document";
import { renderTemplate, TEMPLATE_BUDGET, type TemplateData } from "./template";

/**
 * Running a draft rule against real data before it is saved: the backtest of an
 * alert (when would it have fired over the last 1/7/30 days), the preview of a
 * recording rule's output, and annotation templates rendered against current series.
 */

export const BACKTEST_WINDOWS = { "1d": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 } as const;
export type BacktestWindow = keyof typeof BACKTEST_WINDOWS;

/** At most ~10,000 evaluations per series (Prometheus allows 11,000), never finer than 15 s. */
export function backtestStep(rangeSeconds: number): number {
  return Math.max(15, Math.ceil(rangeSeconds / 10_000 / 15) * 15);
}

const MAX_CHART_SERIES = 10;

function seriesName(labels: Record<string, string>): string {
  const entries = Object.entries(labels).filter(([k]) => k !== "__name__");
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(", ")}}` : "{}";
}

function chartSeries(result: RangeSeries[], maxPoints: number): ChartSeries[] {
  return result.slice(0, MAX_CHART_SERIES).map((s) => ({
    name: seriesName(s.metric),
    points: downsampleMinMax(
      s.values.map(([t, v]) => {
        const n = Number(v);
        return [t, Number.isFinite(n) ? n : null];
      }),
      maxPoints,
    ),
  }));
}

export interface BacktestView {
  window: BacktestWindow;
  range: { start: number; end: number; step: number };
  kind: "alert" | "record";
  /** the expression's values; for an alert `X > 0.01`, the values of X, with the threshold */
  chart: ChartSeries[];
  threshold?: { op: string; value: number };
  totalSeries: number;
  alert?: BacktestResult;
  recording?: RecordingPreview;
  warnings: string[];
}

export async function backtest(
  input: { kind: "alert" | "record"; expr: string; for?: string; keepFiringFor?: string; window: BacktestWindow },
  signal?: AbortSignal,
): Promise<BacktestView> {
  const range = BACKTEST_WINDOWS[input.window];
  const step = backtestStep(range);
  const end = Math.floor(Date.now() / 1000 / step) * step;
  const start = end - range;
  const cfg = getConfig().prometheus;
  const split = input.kind === "alert" ? splitThreshold(input.expr) : undefined;
  const [res, values] = await Promise.all([
    cachedRange(cfg, { query: input.expr, start, end, step }, signal),
    split ? cachedRange(cfg, { query: split.value, start, end, step }, signal) : undefined,
  ]);
  const view: BacktestView = {
    window: input.window,
    range: { start, end, step },
    kind: input.kind,
    chart: chartSeries((values ?? res).data, 800),
    threshold: split ? { op: split.op, value: split.threshold } : undefined,
    totalSeries: res.data.length,
    warnings: [...res.warnings],
  };
  if (res.data.length > MAX_CHART_SERIES) view.warnings.push(`showing ${MAX_CHART_SERIES} of ${res.data.length} series on the chart`);
  if (input.kind === "alert") {
    const forSeconds = parseDuration(input.for) ?? 0;
    view.alert = backtestAlert(res.data, { start, end, step, forSeconds, keepFiringForSeconds: parseDuration(input.keepFiringFor) ?? 0 });
    if (forSeconds > 0 && forSeconds < step) {
      view.warnings.push(`for: ${input.for} is shorter than the backtest's step (${step}s): pending periods shorter than a step are not visible`);
    }
  } else {
    view.recording = recordingPreview(res.data, 20);
  }
  return view;
}

/** Wall time one template preview may spend rendering, all templates and series together. */
export const PREVIEW_MS = 1000;

export interface TemplatePreview {
  /** one entry per current series of the expression (at most 5) */
  alerts: { labels: Record<string, string>; value: string; annotations: Record<string, string>; errors: Record<string, string> }[];
  totalSeries: number;
  note?: string;
}

/**
 * Renders annotation (and label) templates against the series the expression
 * returns now, the way Prometheus would fill them in for each alert. Output is text.
 */
export async function previewTemplates(
  input: { expr: string; labels: Record<string, string>; annotations: Record<string, string> },
  signal?: AbortSignal,
): Promise<TemplatePreview> {
  const cfg = getConfig().prometheus;
  let res = await queryInstant(cfg, input.expr, undefined, signal);
  let note: string | undefined;
  const split = splitThreshold(input.expr);
  if (res.data.length === 0 && split) {
    res = await queryInstant(cfg, split.value, undefined, signal);
    note = `Nothing crosses the threshold (${split.op} ${split.threshold}) now; shown for the current values of the expression without it.`;
  } else if (res.data.length === 0) {
    note = "The expression returns no series now, so there is nothing to fill the templates in with.";
  }
  // one viewer's preview never holds the server for more than a second, however many templates it sends
  const deadline = performance.now() + PREVIEW_MS;
  const render = (tmpl: string, data: TemplateData) => renderTemplate(tmpl, data, { deadline: Math.min(deadline, performance.now() + TEMPLATE_BUDGET.ms) });
  const alerts = res.data.slice(0, 5).map((s) => {
    const labels = Object.fromEntries(Object.entries(s.metric).filter(([k]) => k !== "__name__"));
    const value = Number(s.value[1]);
    const data = { labels, value };
    const out: Record<string, string> = {};
    const errors: Record<string, string> = {};
    for (const [k, tmpl] of Object.entries(input.annotations)) {
      try {
        out[k] = render(tmpl, data);
      } catch (err) {
        errors[k] = err instanceof Error ? err.message : String(err);
      }
    }
    const alertLabels = { ...labels };
    for (const [k, tmpl] of Object.entries(input.labels)) {
      try {
        alertLabels[k] = render(tmpl, data);
      } catch (err) {
        errors[`label ${k}`] = err instanceof Error ? err.message : String(err);
      }
    }
    return { labels: alertLabels, value: s.value[1], annotations: out, errors };
  });
  return {
    alerts,
    totalSeries: res.data.length,
    note,
  };
}
