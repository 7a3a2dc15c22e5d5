"use client";

import { useQuery } from "@tanstack/react-query";
import { serviceMapAction } from "@/app/actions/service-map";
import { useViewState } from "@/components/dashboard/use-view-state";
import { unwrap } from "@/components/ui/action";
import { DEFAULT_VIEW } from "@/lib/view/state";
import { RANGE_PRESETS, type RangePreset } from "@/lib/promql/time-range";
import type { FailureInfo } from "@/lib/upstream/errors";
import type { ServiceMapData } from "@/lib/traces/service-map-load";
import { Legend, MapGraph } from "./map-graph";
import { MapTable, tableRows } from "./map-table";

/**
 * The service map page: Jaeger's dependency graph over the selected range with each
 * service coloured by its health from Prometheus, a legend, and a table of the same
 * services. The range lives in the URL (`?range=6h`, default 1h) through the view
 * state of the dashboards. One action per refresh; each half shows its own error
 * (role="alert") while the other still draws.
 */

const DEFAULT_RANGE = (DEFAULT_VIEW.range as { preset: RangePreset }).preset;

function Failure({ error, onRetry }: { error: FailureInfo; onRetry: () => void }) {
  return (
    <div className="panel-error" role="alert">
      <div>{error.message}</div>
      <button type="button" onClick={onRetry} style={{ marginTop: 6 }}>
        Retry
      </button>
    </div>
  );
}

function Warnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="panel-warning">
      {warnings.map((w) => (
        <div key={w}>⚠ {w}</div>
      ))}
    </div>
  );
}

function MapPart({ data, range, loading, fatal, onRetry }: { data?: ServiceMapData; range: RangePreset; loading: boolean; fatal: FailureInfo | null; onRetry: () => void }) {
  const graph = data?.graph;
  const error = fatal ?? (graph && !graph.ok ? graph.error : null);
  return (
    <figure className="panel sm-figure" data-testid="service-map" aria-busy={loading || undefined}>
      <figcaption className="panel-head">
        <h2>Calls between services over the last {range}</h2>
      </figcaption>
      {error ? (
        <Failure error={error} onRetry={onRetry} />
      ) : !graph || !graph.ok ? (
        <div className="loading">Loading…</div>
      ) : graph.data.nodes.length === 0 ? (
        <p className="muted">Neither Jaeger nor Prometheus saw any service in this range.</p>
      ) : (
        <>
          <MapGraph map={graph.data} range={range} />
          {graph.data.edges.length === 0 && <p className="muted">Jaeger recorded no calls between services in this range.</p>}
          <Legend />
        </>
      )}
      {graph?.ok && <Warnings warnings={graph.warnings} />}
    </figure>
  );
}

function TablePart({ data, range, loading, onRetry }: { data?: ServiceMapData; range: RangePreset; loading: boolean; onRetry: () => void }) {
  const metrics = data?.metrics;
  const graph = data?.graph;
  const rows = data ? tableRows(graph?.ok ? graph.data : undefined, metrics?.ok ? metrics.data : undefined) : undefined;
  return (
    <section className="panel" data-testid="service-map-metrics" aria-busy={loading || undefined}>
      <div className="panel-head">
        <h2>Services</h2>
      </div>
      {metrics && !metrics.ok && <Failure error={metrics.error} onRetry={onRetry} />}
      {rows && rows.length > 0 ? (
        <MapTable rows={rows} range={range} />
      ) : rows ? (
        <p className="muted">No services in this range.</p>
      ) : (
        !data && loading && <div className="loading">Loading…</div>
      )}
      {metrics?.ok && <Warnings warnings={metrics.warnings} />}
    </section>
  );
}

export function ServiceMapView() {
  const [view, setView] = useViewState();
  const range: RangePreset = view.range.kind === "relative" ? view.range.preset : DEFAULT_RANGE;

  const query = useQuery({
    queryKey: ["service-map", range],
    queryFn: () => unwrap(serviceMapAction({ range })),
    refetchInterval: 60_000,
    retry: false,
  });
  const fatal: FailureInfo | null = query.error ? { kind: "internal", message: query.error.message } : null;
  const retry = () => void query.refetch();
  const data = fatal ? undefined : query.data;

  return (
    <div className="sm-root">
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>Service map</h1>
        <label className="sm-range">
          Range{" "}
          <select value={range} onChange={(e) => setView({ ...view, range: { kind: "relative", preset: e.target.value as RangePreset } })}>
            {RANGE_PRESETS.map((r) => (
              <option key={r} value={r}>
                last {r}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={retry} disabled={query.isFetching}>
          {query.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <MapPart data={data} range={range} loading={query.isFetching} fatal={fatal} onRetry={retry} />
      {!fatal && <TablePart data={data} range={range} loading={query.isPending} onRetry={retry} />}
    </div>
  );
}
