"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { getDashboard } from "@/app/actions/dashboard";
import { HeatmapChart } from "@/components/charts/heatmap";
import { StaticChart } from "@/components/charts/static-chart";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { Panel } from "@/components/ui/panel";
import type { DashboardData, ExemplarPoint } from "@/lib/dashboard/types";
import { refreshIntervalMs, serializeViewState } from "@/lib/view/state";
import { TimeControls } from "./time-controls";
import { useViewState } from "./use-view-state";

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
  /** the first load, done by the server with the page */
  initial?: DashboardData;
  initialWidth: number;
}

export function ServiceDashboard({ service, initial, initialWidth }: Props) {
  const [state, setState] = useViewState();
  const [gridRef, width, measured] = usePanelWidth(initialWidth);
  const [initialState] = useState(() => JSON.stringify([state.range, state.compare]));
  const [viewId] = useState(() => Math.random().toString(36).slice(2));
  const [lastStep, setLastStep] = useState<number | undefined>(initial?.range.step);
  const [exemplar, setExemplar] = useState<ExemplarPoint | null>(null);
  // Bucket the width so that resizing by a few pixels does not refetch.
  const widthBucket = Math.max(200, Math.round(width / 100) * 100);

  const query = useQuery({
    queryKey: ["dashboard", service, state.range, state.compare, widthBucket],
    queryFn: async () => {
      const res = await getDashboard({ service, range: state.range, widthPx: widthBucket, compare: state.compare, viewId });
      if (!res.ok) throw new Error(res.error.message);
      setLastStep(res.data.range.step);
      return res.data;
    },
    refetchInterval: lastStep === undefined ? false : refreshIntervalMs(state.refresh, lastStep),
    placeholderData: (prev) => prev,
    // the server's first load counts only for the view it was made for
    initialData: widthBucket === initialWidth && JSON.stringify([state.range, state.compare]) === initialState ? initial : undefined,
  });
  const data = query.data;
  const annotations = data?.annotations?.ok ? data.annotations.data : undefined;
  const zoom = useCallback(
    (from: number, to: number) => setState({ ...state, range: { kind: "absolute", from: Math.floor(from), to: Math.ceil(to) } }),
    [state, setState],
  );

  return (
    <div>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>
          <Link href={`/?${serializeViewState({ ...state, compare: false })}`} className="muted">
            Services
          </Link>{" "}
          / <span data-testid="dashboard-service">{service}</span>
        </h1>
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
          {data?.traceUrl ? (
            <a href={`${data.traceUrl}/trace/${exemplar.traceId}`} target="_blank" rel="noreferrer">
              Open in Jaeger
            </a>
          ) : (
            <span className="muted">Set JAEGER_URL (or JAEGER_UI_URL) to open traces from here.</span>
          )}
        </div>
      )}
      <div
        className="grid dashboard-grid"
        ref={gridRef}
        data-step={data?.range.step}
        data-start={data?.range.start}
        data-end={data?.range.end}
        data-panels-drawn={data ? data.panels.length : 0}
      >
        {(data?.panels ?? []).map((p, i) =>
          p.ok ? (
            <Panel
              key={p.data.id}
              title={p.data.title}
              testId={`panel-${p.data.id}`}
              warnings={p.warnings}
              actions={
                <details className="panel-query">
                  <summary className="muted">PromQL</summary>
                  <div className="muted">{p.data.description}</div>
                  {p.data.queries.map((q) => (
                    <code key={q}>{q}</code>
                  ))}
                </details>
              }
            >
              {p.data.kind === "heatmap" && p.data.heatmap ? (
                <HeatmapChart heatmap={p.data.heatmap} zone={state.tz} />
              ) : !measured ? (
                // painted with the HTML; the interactive chart takes over once measured
                <StaticChart series={p.data.series} unit={p.data.unit} start={data?.range.start ?? 0} end={data?.range.end ?? 0} width={Math.max(150, width - 30)} zone={state.tz} />
              ) : (
                <TimeSeriesChart
                  series={p.data.series}
                  previous={p.data.previous}
                  unit={p.data.unit}
                  exemplars={p.data.exemplars}
                  annotations={annotations}
                  zone={state.tz}
                  width={Math.max(150, width - 30)}
                  onZoom={zoom}
                  onExemplarClick={setExemplar}
                />
              )}
            </Panel>
          ) : (
            <Panel key={`failed-${i}`} title={`Panel ${i + 1}`} testId="panel-failed" error={p.error} onRetry={() => void query.refetch()} />
          ),
        )}
        {!data && query.isPending && <Panel title="Loading panels" loading />}
      </div>
    </div>
  );
}
