import type { ChartSeries } from "@/lib/charts/types";
import { DEFAULT_TRACE_LIMIT, serializeSearchState } from "@/lib/traces/query";
import type { RangeSpec } from "@/lib/view/state";

/**
 * The link from an exemplar to its trace in the Jaeger UI, or undefined when there is
 * no UI address or the id is not a trace id (1–32 hex digits, as OpenTelemetry and
 * Jaeger write them). The id is encoded: an exemplar label is data from the scraped
 * service, never trusted into a URL as is. Pure.
 */
export function traceLink(uiUrl: string | undefined, traceId: string): string | undefined {
  if (!uiUrl || !/^[0-9a-fA-F]{1,32}$/.test(traceId)) return undefined;
  return `${uiUrl.replace(/\/+$/, "")}/trace/${encodeURIComponent(traceId.toLowerCase())}`;
}


/** The console's own page for a trace (when the console reads Jaeger), or undefined for an id that is not a trace id. Pure. */
export function consoleTraceLink(traceId: string): string | undefined {
  if (!/^[0-9a-fA-F]{1,32}$/.test(traceId)) return undefined;
  return `/traces/${encodeURIComponent(traceId.toLowerCase())}`;
}

/**
 * The typical p95 latency (s) a p95 panel shows: per timestamp the highest of its
 * series (the slowest endpoint), then the median over time; undefined without data.
 * "Traces slower than this" is then a search for the slow tail of the window. Pure.
 */
export function typicalP95(series: ChartSeries[]): number | undefined {
  const byTime = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.points) if (v !== null && Number.isFinite(v)) byTime.set(t, Math.max(byTime.get(t) ?? 0, v));
  const values = [...byTime.values()].sort((a, b) => a - b);
  return values.length ? values[Math.floor(values.length / 2)] : undefined;
}

/** The trace search for a service over a dashboard's range, slower than `minSeconds` when given. Pure. */
export function tracesHref(service: string, range: RangeSpec, minSeconds?: number): string {
  const minDuration = minSeconds !== undefined && minSeconds > 0 ? `${Math.max(1, Math.round(minSeconds * 1000))}ms` : "";
  return `/traces?${serializeSearchState({ service, operation: "", tags: "", minDuration, maxDuration: "", limit: DEFAULT_TRACE_LIMIT, range })}`;
}
