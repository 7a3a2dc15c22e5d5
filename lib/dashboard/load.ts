import "server-only";
import { setMaxListeners } from "node:events";
import { downsampleMinMax, roundForDisplay } from "@/lib/charts/downsample";
import { getConfig } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { toChartSeries } from "@/lib/overview/transform";
import type { Panel } from "@/lib/query/panel";
import type { ChartSeries } from "@/lib/charts/types";
import { alignRangeToStep, DATA_RESOLUTION, rateWindowSeconds, stepFor } from "@/lib/promql/time-range";
import { toPanel } from "@/lib/query/panel";
import { cachedExemplars, cachedRange } from "@/lib/query/run";
import { resolveRange, type RangeSpec } from "@/lib/view/state";
import { alertIntervals } from "./annotations";
import { roundHeatmap, toHeatmap } from "./heatmap";
import { alertsQuery, seriesName, servicePanels, type PanelSpec } from "./panels";
import type { Annotation, DashboardData, ExemplarPoint, PanelResult } from "./types";

/** Audit actions that change nothing running (drafts, imports): not chart annotations. */
const DRAFT_ACTIONS = ["rules.save", "rules.create", "rules.import", "slo.save", "slo.create", "profiles.save", "profiles.create"];
const MAX_EXEMPLARS = 300;

export interface DashboardRequest {
  service: string;
  range: RangeSpec;
  /** drawing width of one panel in CSS pixels */
  widthPx: number;
  compare: boolean;
  /** load only these panels (a single panel's retry; benchmarks); no annotations then */
  only?: string[];
  /** show only these panels (annotations included): the scaling profile page's view of its workload */
  panels?: string[];
}

function shift(series: ChartSeries[], by: number): ChartSeries[] {
  return series.map((s) => ({ name: s.name, points: s.points.map(([t, v]) => [t + by, v] as [number, number | null]) }));
}

/** Keeps the slowest exemplar per time bucket so a few hundred points cover the range. */
function pickExemplars(points: ExemplarPoint[], start: number, end: number): ExemplarPoint[] {
  if (points.length <= MAX_EXEMPLARS) return points;
  const size = (end - start) / MAX_EXEMPLARS;
  const best = new Map<number, ExemplarPoint>();
  for (const p of points) {
    const b = Math.floor((p.t - start) / size);
    const cur = best.get(b);
    if (!cur || p.value > cur.value) best.set(b, p);
  }
  return [...best.values()].sort((a, b) => a.t - b.t);
}

export async function loadDashboard(req: DashboardRequest, signal?: AbortSignal, now = Date.now() / 1000): Promise<DashboardData> {
  const cfg = getConfig();
  const prom = cfg.prometheus;
  const { from, to } = resolveRange(req.range, now);
  const step = stepFor(to - from, req.widthPx, DATA_RESOLUTION.minStepSeconds);
  const range = alignRangeToStep(to, to - from, step);
  const window = rateWindowSeconds(step, DATA_RESOLUTION.scrapeSeconds);
  const span = range.end - range.start;
  const specs = servicePanels(req.service, window, step).filter((p) => (!req.only || req.only.includes(p.id)) && (!req.panels || req.panels.includes(p.id)));
  const maxPoints = Math.max(50, Math.round(req.widthPx));
  // Every query of every panel (twice with the comparison) waits on the one request's signal at
  // once, each removing its listener when it settles: many listeners, not a leak.
  if (signal) setMaxListeners(10 + specs.reduce((n, p) => n + p.queries.length * 2 + (p.exemplars ? 1 : 0), 0), signal);

  const runQueries = async (spec: PanelSpec, offset: number): Promise<{ series: ChartSeries[]; warnings: string[] }> => {
    const results = await Promise.all(
      spec.queries.map((q) => cachedRange(prom, { query: q.expr, start: range.start - offset, end: range.end - offset, step }, signal)),
    );
    const warnings = results.flatMap((r) => r.warnings);
    const series = results.flatMap((r, i) =>
      toChartSeries(r.data, (m) => seriesName(spec.queries[i]!.legend, m), range.start - offset, range.end - offset, step),
    );
    return { series, warnings };
  };

  const loadPanel = (spec: PanelSpec): Promise<Panel<PanelResult>> =>
    toPanel(
      (async () => {
        const [current, previous, exemplars] = await Promise.all([
          runQueries(spec, 0),
          req.compare && spec.kind === "line" ? runQueries(spec, span) : Promise.resolve(undefined),
          spec.exemplars
            ? // exemplars are points, not evaluations: include the step in progress
              cachedExemplars(prom, spec.exemplars, { start: range.start, end: range.end + step, step }, signal).catch(() => undefined)
            : Promise.resolve(undefined),
        ]);
        const downsample = (list: ChartSeries[]) => list.map((s) => ({ name: s.name, points: roundForDisplay(downsampleMinMax(s.points, maxPoints)) }));
        const exemplarPoints = exemplars?.data.flatMap((e) =>
          e.exemplars
            .filter((x) => x.labels.trace_id)
            .map((x) => ({ t: x.timestamp, value: Number(x.value), traceId: x.labels.trace_id as string, series: e.seriesLabels.endpoint ?? "" })),
        );
        const data: PanelResult = {
          id: spec.id,
          title: spec.title,
          description: spec.description,
          unit: spec.unit,
          kind: spec.kind,
          queries: spec.queries.map((q) => q.expr),
          series: spec.kind === "heatmap" ? [] : downsample(current.series),
          previous: previous ? downsample(shift(previous.series, span)) : undefined,
          heatmap: spec.kind === "heatmap" ? roundHeatmap(toHeatmap(current.series)) : undefined,
          exemplars: exemplarPoints ? pickExemplars(exemplarPoints, range.start, range.end) : undefined,
          ...(spec.thresholds ? { thresholds: spec.thresholds } : {}),
          ...(spec.vital ? { vital: spec.vital } : {}),
        };
        return { data, warnings: [...current.warnings, ...(previous?.warnings ?? [])] };
      })(),
    );

  // Drafts saved in the console change nothing that runs; pushes and silences do.
  const annotations = req.only ? Promise.resolve(undefined) : toPanel(
    (async (): Promise<{ data: Annotation[]; warnings: string[] }> => {
      const [alerts, changes] = await Promise.all([
        cachedRange(prom, { query: alertsQuery(req.service), ...range }, signal).then((r) =>
          alertIntervals(
            toChartSeries(r.data, "alertname", range.start, range.end, step),
            step,
          ),
        ),
        prisma()
          .auditLog.findMany({
            where: { at: { gte: new Date(range.start * 1000), lte: new Date(range.end * 1000) }, targetType: { not: "user" }, action: { notIn: DRAFT_ACTIONS } },
            orderBy: { at: "asc" },
            take: 100,
          })
          // a scaling profile's push belongs on its workload's dashboard only
          .then((rows) => rows.filter((r) => r.targetType !== "scaling_profile" || (r.after as { workload?: string } | null)?.workload === req.service))
          .then((rows) => rows.map((r): Annotation => ({ kind: "change", at: r.at.getTime() / 1000, text: `${r.actorEmail}: ${r.action}${r.message ? ` — ${r.message}` : ""}` }))),
      ]);
      return { data: [...alerts, ...changes], warnings: [] };
    })(),
  );

  const [panels, notes] = await Promise.all([Promise.all(specs.map(loadPanel)), annotations]);
  return { service: req.service, range, titles: specs.map((s) => ({ id: s.id, title: s.title })), panels, annotations: notes, traceUrl: cfg.jaegerUiUrl, tracesEnabled: Boolean(cfg.jaeger) };
}
