"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { getOverview } from "@/app/actions/overview";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { LinkPending } from "@/components/ui/link-pending";
import { Panel } from "@/components/ui/panel";
import { formatValue, type Unit } from "@/lib/format/units";
import { DEFAULT_TARGETS, healthOf, rankByHealth, type HealthLevel } from "@/lib/overview/health";
import type { OverviewData } from "@/lib/overview/types";
import type { Panel as PanelData } from "@/lib/query/panel";

const HEALTH_CLASS: Record<HealthLevel, string> = { healthy: "status-ok", "at risk": "status-warn", breaching: "status-bad", unknown: "muted" };
import { RANGE_PRESETS, type RangePreset } from "@/lib/promql/time-range";
import { tracesHref } from "@/lib/dashboard/trace-link";

const DEFAULT_RANGE: RangePreset = "1h";

const CHARTS: { key: keyof OverviewData["charts"]; title: string; unit: Unit; testId: string }[] = [
  { key: "rate", title: "Request rate", unit: "reqps", testId: "panel-rate" },
  { key: "errorRatio", title: "Error ratio (5xx)", unit: "ratio", testId: "panel-error-ratio" },
  { key: "p95", title: "p95 latency", unit: "seconds", testId: "panel-p95" },
];

function valueOf(panel: PanelData<Record<string, number | null>>, service: string): number | null | undefined {
  return panel.ok ? panel.data[service] : undefined;
}

function ServicesTable({ data, range }: { data: OverviewData; range: RangePreset }) {
  const { services, summary } = data;
  if (!services.ok) return null;
  const rows = rankByHealth(
    services.data.map((name) => ({ name, health: healthOf(valueOf(summary.errorRatio, name), valueOf(summary.p95, name)) })),
  );
  const cell = (panel: PanelData<Record<string, number | null>>, service: string, render: (v: number | null | undefined) => string) =>
    panel.ok ? render(valueOf(panel, service)) : "error";
  return (
    <table data-testid="services-table">
      <thead>
        <tr>
          <th>Service</th>
          <th title={`Worst of 5xx ratio / ${DEFAULT_TARGETS.errorRatio * 100}% and p95 / ${DEFAULT_TARGETS.p95Seconds * 1000} ms (the reference alert thresholds)`}>
            Health
          </th>
          <th className="num">Request rate</th>
          <th className="num">Error ratio (5xx)</th>
          <th className="num">p95 latency</th>
          {data.tracesEnabled && <th>Traces</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ name: service, health }) => {
          const rate = valueOf(summary.rate, service);
          const errors = valueOf(summary.errorRatio, service);
          const p95 = valueOf(summary.p95, service);
          return (
            <tr key={service} data-service={service}>
              <td>
                <Link href={`/services/${encodeURIComponent(service)}${range === "1h" ? "" : `?range=${range}`}`}>
                  {service}
                  <LinkPending />
                </Link>
              </td>
              <td className={HEALTH_CLASS[health.level]} data-metric="health">
                {health.level}
                {health.score !== null && <span className="muted"> ({Math.round(health.score * 100)}%)</span>}
              </td>
              <td className="num" data-metric="rate">
                {cell(summary.rate, service, (v) => formatValue(v, "reqps"))}
              </td>
              <td
                className={`num ${errors != null && errors > DEFAULT_TARGETS.errorRatio ? "status-bad" : ""}`}
                data-metric="error-ratio"
                title={rate === 0 ? "No requests in this range, so no errors" : undefined}
              >
                {cell(summary.errorRatio, service, (v) => (rate === 0 ? "no requests" : formatValue(v, "ratio")))}
              </td>
              <td className={`num ${p95 != null && p95 > DEFAULT_TARGETS.p95Seconds ? "status-bad" : ""}`} data-metric="p95">
                {cell(summary.p95, service, (v) => formatValue(v, "seconds"))}
              </td>
              {data.tracesEnabled && (
                <td>
                  <Link href={tracesHref(service, { kind: "relative", preset: range }, p95 ?? undefined)} prefetch={false} data-testid="slow-traces">
                    {p95 != null ? "slower than p95" : "recent"}
                  </Link>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function firstError(...panels: PanelData<unknown>[]) {
  for (const p of panels) if (!p.ok) return p.error;
  return null;
}

export function ServicesOverview() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const requested = params.get("range");
  const range: RangePreset = (RANGE_PRESETS as readonly string[]).includes(requested ?? "")
    ? (requested as RangePreset)
    : DEFAULT_RANGE;

  const query = useQuery({
    queryKey: ["overview", range],
    queryFn: async () => {
      const width = typeof window === "undefined" ? 800 : Math.min(4000, Math.max(300, Math.round(window.innerWidth / 2)));
      const res = await getOverview({ range, widthPx: width });
      if (!res.ok) throw new Error(res.error.message);
      return res.data;
    },
    refetchInterval: 30_000,
  });

  const setRange = (r: RangePreset) => {
    const next = new URLSearchParams(params);
    next.set("range", r);
    router.replace(`${pathname}?${next.toString()}`);
  };

  const data = query.data;
  const fatal = query.error ? { kind: "internal" as const, message: query.error.message } : null;
  const retry = () => void query.refetch();

  return (
    <div>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>Services</h1>
        <div className="segmented" role="group" aria-label="Time range">
          {RANGE_PRESETS.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} onClick={() => setRange(r)}>
              {r}
            </button>
          ))}
        </div>
        <button type="button" onClick={retry} disabled={query.isFetching}>
          {query.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
        <Panel
          title={`Services over the last ${range}`}
          testId="panel-services"
          loading={query.isPending}
          error={fatal ?? (data && !data.services.ok ? data.services.error : data ? firstError(data.summary.rate) : null)}
          warnings={data?.services.ok ? data.services.warnings : undefined}
          onRetry={retry}
        >
          {data && data.services.ok && data.services.data.length === 0 ? (
            <p className="muted">
              Prometheus has no <code>http_requests_total</code> series with a <code>service</code> label in this range.
            </p>
          ) : (
            data && <ServicesTable data={data} range={range} />
          )}
        </Panel>
        <div className="grid">
          {CHARTS.map(({ key, title, unit, testId }) => {
            const chart = data?.charts[key];
            return (
              <Panel
                key={key}
                title={title}
                testId={testId}
                loading={query.isPending}
                error={fatal ?? (chart && !chart.ok ? chart.error : null)}
                warnings={chart?.ok ? chart.warnings : undefined}
                onRetry={retry}
              >
                {chart?.ok && <TimeSeriesChart series={chart.data} unit={unit} />}
              </Panel>
            );
          })}
        </div>
      </div>
    </div>
  );
}
