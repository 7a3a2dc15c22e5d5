"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getDashboard } from "@/app/actions/dashboard";
import { HeatmapChart } from "@/components/charts/heatmap";
import { StaticChart } from "@/components/charts/static-chart";
import type { TimeSeriesChart as TimeSeriesChartType } from "@/components/charts/time-series-chart";
import { Panel } from "@/components/ui/panel";
import type { Annotation, DashboardData, ExemplarPoint, PanelResult } from "@/lib/dashboard/types";
import { dashboardFromWire, type WireDashboard } from "@/lib/dashboard/wire";
import type { Zone } from "@/lib/format/time";
import type { Panel as PanelData } from "@/lib/query/panel";
import { refreshIntervalMs, serializeViewState } from "@/lib/view/state";
import { TimeControls } from "./time-controls";
import { useViewState } from "./use-view-state";
import { consoleTraceLink, traceLink, tracesHref, typicalP95 } from "@/lib/dashboard/trace-link";
import { thresholdSeries } from "@/lib/dashboard/thresholds";
import { VitalRatings } from "./vital-ratings";

/** The width of one panel, and whether it has been measured yet (charts wait for it: one render, not two). */
function usePanelWidth(initial: number): [React.RefObject<HTMLDivElement | null>, number, boolean] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(initial);
  const [measured, setMeasured] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // two columns from 900 px (see .dashboard-grid), one below; 16 px gap
    const measure = () => {
      setWidth(Math.max(200, Math.floor(el.clientWidth > 900 ? (el.clientWidth - 16) / 2 : el.clientWidth)));
      setMeasured(true);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width, measured];
}

interface Props {
  service: string;
  /** only these panels (ids of lib/dashboard/panels.ts), e.g. on a scaling profile's page */
  panels?: string[];
  /** the first load, done by the server with the page */
  initial?: WireDashboard;
  initialWidth: number;
}

interface PanelViewProps {
  id: string;
  service: string;
  /** drawn inside another page (a scaling profile's): no link back to it */
  embedded: boolean;
  title: string;
  panel: PanelData<PanelResult>;
  range: DashboardData["range"];
  /** the interactive chart once its code has loaded; until then the static chart painted with the HTML */
  Interactive: typeof TimeSeriesChartType | null;
  width: number;
  /** the static chart's drawing width (it scales to the panel) */
  staticWidth: number;
  zone: Zone;
  annotations?: Annotation[];
  onZoom: (from: number, to: number) => void;
  onExemplar: (e: ExemplarPoint) => void;
  onRetry: () => void;
}

/** One panel, drawn as a static SVG until the page is live. */
/** The panels a scaling profile acts on link to the workload's profiles. */
const SCALING_PANELS = new Set(["cpu", "memory", "replicas"]);

function PanelView({ id, service, embedded, title, panel: p, range, Interactive, width, staticWidth, zone, annotations, onZoom, onExemplar, onRetry }: PanelViewProps) {
  // reference lines (web vitals' thresholds) drawn as labelled constant series, only beside data
  const data = p.ok ? p.data : undefined;
  const drawn = useMemo(() => (data ? [...data.series, ...thresholdSeries(data.thresholds, data.series)] : []), [data]);
  if (!p.ok) return <Panel title={title} testId="panel-failed" error={p.error} onRetry={onRetry} />;
  const chartWidth = Math.max(150, width - 30);
  return (
    <Panel
      title={p.data.title}
      testId={`panel-${id}`}
      warnings={p.warnings}
      actions={
        <>
        {SCALING_PANELS.has(id) && !embedded && (
          <Link href={`/profiles?workload=${encodeURIComponent(service)}`} prefetch={false} data-testid={`panel-${id}-profile`}>
            Scaling profile →
          </Link>
        )}
        <details className="panel-query">
          <summary className="muted">PromQL</summary>
          <div className="muted">{p.data.description}</div>
          {p.data.queries.map((q) => (
            <code key={q}>{q}</code>
          ))}
        </details>
        </>
      }
    >
      {p.data.kind === "heatmap" && p.data.heatmap ? (
        <HeatmapChart heatmap={p.data.heatmap} zone={zone} />
      ) : !Interactive ? (
        // painted with the HTML; the interactive chart takes over once the page is live
        <StaticChart series={drawn} unit={p.data.unit} start={range.start} end={range.end} width={staticWidth} zone={zone} />
      ) : (
        <Interactive
          series={drawn}
          previous={p.data.previous}
          unit={p.data.unit}
          exemplars={p.data.exemplars}
          annotations={annotations}
          zone={zone}
          width={chartWidth}
          onZoom={onZoom}
          onExemplarClick={onExemplar}
        />
      )}
      {p.data.vital && <VitalRatings id={id} vital={p.data.vital} unit={p.data.unit} series={p.data.series} />}
    </Panel>
  );
}

export function ServiceDashboard({ service, panels, initial, initialWidth }: Props) {
  const [state, setState] = useViewState();
  const [gridRef, width, measured] = usePanelWidth(initialWidth);
  const [initialState] = useState(() => JSON.stringify([state.range, state.compare]));
  const [viewId] = useState(() => Math.random().toString(36).slice(2));
  const [lastStep, setLastStep] = useState<number | undefined>(initial?.range.step);
  const [exemplar, setExemplar] = useState<ExemplarPoint | null>(null);
  // Bucket the width so that resizing by a few pixels does not refetch.
  const widthBucket = Math.max(200, Math.round(width / 100) * 100);

  // The interactive charts (Recharts) are loaded and swapped in when the browser is
  // idle after the first paint: their code is not part of the page's first
  // JavaScript, so nothing delays the painting of the panels that came with the HTML.
  const [Interactive, setInteractive] = useState<typeof TimeSeriesChartType | null>(null);
  useEffect(() => {
    if (!measured) return;
    let done = false;
    const load = () =>
      void import("@/components/charts/time-series-chart").then((m) => {
        if (!done) setInteractive(() => m.TimeSeriesChart);
      });
    const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };
    const id = w.requestIdleCallback ? w.requestIdleCallback(load, { timeout: 500 }) : window.setTimeout(load, 0);
    return () => {
      done = true;
      if (w.cancelIdleCallback) w.cancelIdleCallback(id);
      else window.clearTimeout(id);
    };
  }, [measured]);

  const query = useQuery({
    queryKey: ["dashboard", service, state.range, state.compare, widthBucket, panels?.join(",")],
    queryFn: async () => {
      const res = await getDashboard({ service, range: state.range, widthPx: widthBucket, compare: state.compare, viewId, panels });
      if (!res.ok) throw new Error(res.error.message);
      setLastStep(res.data.range.step);
      return res.data;
    },
    refetchInterval: lastStep === undefined ? false : refreshIntervalMs(state.refresh, lastStep),
    placeholderData: (prev) => prev,
    // the server's first load counts only for the view it was made for
    initialData: widthBucket === initialWidth && JSON.stringify([state.range, state.compare]) === initialState ? initial : undefined,
  });
  // series arrive in the compact wire format; converted once per response
  const data = useMemo(() => (query.data ? dashboardFromWire(query.data) : undefined), [query.data]);
  const annotations = data?.annotations?.ok ? data.annotations.data : undefined;
  const zoom = useCallback(
    (from: number, to: number) => setState({ ...state, range: { kind: "absolute", from: Math.floor(from), to: Math.ceil(to) } }),
    [state, setState],
  );
  const retry = useCallback(() => void query.refetch(), [query]);
  const slots = data ? data.titles.map((t, i) => ({ ...t, panel: data.panels[i]! })) : [];
  // the slow tail of this window: traces slower than the p95 the latency panel shows
  const p95Panel = data?.panels.find((p) => p.ok && p.data.id === "response-time-p95");
  const p95 = p95Panel?.ok ? typicalP95(p95Panel.data.series) : undefined;
  return (
    <div>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>
          <Link href={`/?${serializeViewState({ ...state, compare: false })}`} className="muted" prefetch={false}>
            Services
          </Link>{" "}
          / <span data-testid="dashboard-service">{service}</span>
        </h1>
        {data?.tracesEnabled && (
          <Link href={tracesHref(service, state.range, p95)} prefetch={false} data-testid="slow-traces">
            {p95 !== undefined ? `Traces slower than p95 (${Math.round(p95 * 1000)} ms)` : "Traces in this window"}
          </Link>
        )}
      </div>
      <TimeControls
        key={JSON.stringify(data?.range ?? state.range) + state.tz}
        state={state}
        shown={data?.range}
        stepSeconds={data?.range.step}
        onChange={setState}
        onRefresh={() => void query.refetch()}
        refreshing={query.isFetching}
      />
      {query.error && (
        <div className="panel-error" role="alert" style={{ marginBottom: 12 }}>
          {query.error.message}
        </div>
      )}
      {data?.annotations && !data.annotations.ok && <p className="panel-warning">Annotations unavailable: {data.annotations.error.message}</p>}
      {exemplar && (
        <div className="panel" role="dialog" aria-label="Exemplar" style={{ minHeight: 0, marginBottom: 12 }}>
          <div className="panel-head">
            <h2>Trace {exemplar.traceId}</h2>
            <button type="button" onClick={() => setExemplar(null)}>
              Close
            </button>
          </div>
          <div className="muted">
            {exemplar.series} · {(exemplar.value * 1000).toFixed(1)} ms at {new Date(exemplar.t * 1000).toLocaleString()}
          </div>
          <div style={{ display: "flex", gap: 12 }}>
            {data?.tracesEnabled && consoleTraceLink(exemplar.traceId) && <Link href={consoleTraceLink(exemplar.traceId)!}>Open trace</Link>}
            {traceLink(data?.traceUrl, exemplar.traceId) && (
              <a href={traceLink(data?.traceUrl, exemplar.traceId)} target="_blank" rel="noreferrer">
                Open in Jaeger UI
              </a>
            )}
            {!consoleTraceLink(exemplar.traceId) ? (
              <span className="muted">This exemplar&apos;s trace id is not a trace id (1–32 hexadecimal digits).</span>
            ) : (
              !data?.tracesEnabled && !data?.traceUrl && <span className="muted">Set JAEGER_URL to open traces in the console.</span>
            )}
          </div>
        </div>
      )}
      <div
        className="grid dashboard-grid"
        ref={gridRef}
        data-step={data?.range.step}
        data-start={data?.range.start}
        data-end={data?.range.end}
        data-panels-drawn={slots.length}
      >
        {data &&
          slots.map((slot) => (
            <PanelView
              key={slot.id}
              id={slot.id}
              service={service}
              embedded={Boolean(panels)}
              title={slot.title}
              panel={slot.panel}
              range={data.range}
              Interactive={Interactive}
              width={width}
              staticWidth={initialWidth - 30}
              zone={state.tz}
              annotations={annotations}
              onZoom={zoom}
              onExemplar={setExemplar}
              onRetry={retry}
            />
          ))}
        {!data && query.isPending && <Panel title="Loading panels" loading />}
      </div>
    </div>
  );
}
