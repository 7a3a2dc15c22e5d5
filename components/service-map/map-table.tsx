import Link from "next/link";
import { LinkPending } from "@/components/ui/link-pending";
import { formatValue } from "@/lib/format/units";
import { DEFAULT_TARGETS, healthOf, rankByHealth, type Health } from "@/lib/overview/health";
import type { RangePreset } from "@/lib/promql/time-range";
import type { ServiceMap, ServiceMetrics } from "@/lib/traces/service-map";
import { errorText, formatCalls, HEALTH_SLUG, serviceHref } from "./format";

/**
 * The table under the map: one row per service, worst health first. Its rows come
 * from the graph when Jaeger answered (calls in/out known) and from Prometheus's
 * numbers alone when it did not (calls unknown), so either half still shows.
 */

export interface MapRow extends ServiceMetrics {
  name: string;
  health: Health;
  /** null: Jaeger did not answer */
  callsIn: number | null;
  callsOut: number | null;
}

/** The table's rows from whichever halves loaded (undefined: nothing to show). */
export function tableRows(map: ServiceMap | undefined, metrics: Record<string, ServiceMetrics> | undefined): MapRow[] | undefined {
  if (map) return rankByHealth(map.nodes.map((n) => ({ ...n })));
  if (!metrics) return undefined;
  return rankByHealth(
    Object.entries(metrics).map(([name, m]) => ({ name, ...m, health: healthOf(m.errorRatio, m.p95), callsIn: null, callsOut: null })),
  );
}

const calls = (n: number | null) => (n === null ? "–" : formatCalls(n));

export function MapTable({ rows, range }: { rows: MapRow[]; range: RangePreset }) {
  return (
    <table data-testid="service-map-table">
      <thead>
        <tr>
          <th>Service</th>
          <th className="num">Calls in</th>
          <th className="num">Calls out</th>
          <th className="num">p95 latency</th>
          <th className="num">Error ratio (5xx)</th>
          <th title={`Worst of 5xx ratio / ${formatValue(DEFAULT_TARGETS.errorRatio, "ratio")} and p95 / ${formatValue(DEFAULT_TARGETS.p95Seconds, "seconds")}`}>Health</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name} data-row={r.name}>
            <td>
              <Link href={serviceHref(r.name, range)} prefetch={false}>
                {r.name}
                <LinkPending />
              </Link>
            </td>
            <td className="num" data-metric="calls-in" title={r.callsIn === null ? "Jaeger did not answer" : `${r.callsIn.toLocaleString("en-GB")} calls`}>
              {calls(r.callsIn)}
            </td>
            <td className="num" data-metric="calls-out" title={r.callsOut === null ? "Jaeger did not answer" : `${r.callsOut.toLocaleString("en-GB")} calls`}>
              {calls(r.callsOut)}
            </td>
            <td className={`num ${r.p95 != null && r.p95 > DEFAULT_TARGETS.p95Seconds ? "status-bad" : ""}`} data-metric="p95">
              {formatValue(r.p95, "seconds")}
            </td>
            <td className={`num ${r.errorRatio != null && r.errorRatio > DEFAULT_TARGETS.errorRatio ? "status-bad" : ""}`} data-metric="error-ratio">
              {errorText(r)}
            </td>
            <td data-metric="health">
              <span className={`sm-swatch sm-${HEALTH_SLUG[r.health.level]}`} aria-hidden="true" /> {r.health.level}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
