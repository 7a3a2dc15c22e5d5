import Link from "next/link";
import type { ReactNode } from "react";
import { StaticChart } from "@/components/charts/static-chart";
import { changesCsv, figuresCsv, incidentsCsv, slosCsv, tableCsv } from "@/lib/reviews/export";
import { formatChange, formatFigure, formatMinutes, utc } from "@/lib/reviews/format";
import { comparable, trendDirection, type Figure, type Report, type ReportChart, type ReportTable, type ServiceReport } from "@/lib/reviews/report";
import { DownloadButton } from "./csv-button";
import { RoadmapSection } from "./roadmap-section";

/**
 * A report as sections (summary, SLOs, incidents, changes, endpoints, data layer,
 * capacity): the same sections on the page, in meeting mode (one per screen) and in
 * print / PDF. No hooks: server and client components both render it.
 */

export interface Section {
  id: string;
  title: string;
  body: ReactNode;
}

const SERVICE_LEVEL = ["requests", "request-rate", "p95", "p99", "error-ratio", "availability"];

function FigureTable({ figures, csv, name, compare }: { figures: Figure[]; csv?: () => string; name: string; compare: boolean }) {
  return (
    <table className="figure-table" data-testid={`figures-${name}`}>
      <thead>
        <tr>
          <th>Figure</th>
          <th className="num">This period</th>
          <th className="num">Previous</th>
          <th className="num">Change</th>
          <th>Targets</th>
          <th>How it is computed</th>
        </tr>
      </thead>
      <tbody>
        {figures.map((f) => {
          const dir = compare ? trendDirection(f) : null;
          return (
            <tr key={f.id} data-figure={f.id}>
              <td>{f.label}</td>
              <td className="num">{formatFigure(f.value, f.unit)}</td>
              <td className="num muted">{formatFigure(f.previous, f.unit)}</td>
              <td className={`num ${dir === "better" ? "trend-better" : dir === "worse" ? "trend-worse" : ""}`}>{compare ? formatChange(f.value, f.previous, f.unit) : "—"}</td>
              <td>
                {f.targets.map((t) => (
                  <div key={t.label} className={t.met === null ? "muted" : t.met ? "target-met" : "target-missed"}>
                    {t.met === null ? "no data" : t.met ? "met" : "missed"}: {t.label}
                  </div>
                ))}
              </td>
              <td className="how">
                {f.how}
                {f.query && (
                  <details className="no-print">
                    <summary>PromQL</summary>
                    <code>{f.query}</code>
                  </details>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
      {csv && (
        <caption style={{ captionSide: "bottom", textAlign: "right" }}>
          <DownloadButton text={csv} fileName={`${name}.csv`} />
        </caption>
      )}
    </table>
  );
}

function Chart({ chart }: { chart: ReportChart }) {
  const series = chart.threshold ? [...chart.series, { name: `target ${chart.threshold.label}`, points: chart.series[0]?.points.map(([t]): [number, number | null] => [t, chart.threshold!.value]) ?? [] }] : chart.series;
  return (
    <figure className="panel" style={{ margin: 0 }} data-testid={`chart-${chart.id}`}>
      <figcaption>{chart.title}</figcaption>
      <StaticChart series={series} unit={chart.unit} start={chart.start} end={chart.end} width={560} height={200} zone="utc" />
    </figure>
  );
}

function CompareTable({ service, table, downloads, compare }: { service: string; table: ReportTable; downloads: boolean; compare: boolean }) {
  const rated = table.rows.some((r) => r.rating);
  return (
    <div className="panel">
      <div className="panel-head">
        <h3 style={{ margin: 0, fontSize: 14 }}>{table.title}</h3>
        {downloads && <DownloadButton text={() => tableCsv(service, table)} fileName={`${service}-${table.id}.csv`} />}
      </div>
      <table data-testid={`table-${service}-${table.id}`}>
        <thead>
          <tr>
            <th />
            <th className="num">This period</th>
            <th className="num">Previous</th>
            <th className="num">Change</th>
            {rated && <th>Rating</th>}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => {
            const dir = compare ? trendDirection({ value: r.value, previous: r.previous, better: table.better }) : null;
            return (
              <tr key={r.name}>
                <td>{r.name}</td>
                <td className="num">{formatFigure(r.value, table.unit)}</td>
                <td className="num muted">{formatFigure(r.previous, table.unit)}</td>
                <td className={`num ${dir === "better" ? "trend-better" : dir === "worse" ? "trend-worse" : ""}`}>{compare ? formatChange(r.value, r.previous, table.unit) : "—"}</td>
                {rated && <td className={r.rating === "good" ? "target-met" : r.rating === "poor" ? "target-missed" : "muted"}>{r.rating?.replace("-", " ")}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="how">{table.how}</p>
    </div>
  );
}

/** Says when a period is only partly covered by data, so its figures are not compared. */
function Coverage({ s, report }: { s: ServiceReport; report: Report }) {
  if (comparable(s)) return null;
  const pct = (v: number | null) => (v === null ? "no" : `${Math.round(v * 100)} %`);
  return (
    <p className="panel-warning" data-testid="coverage-note">
      {s.service}: Prometheus has data for {pct(s.coverage.current)} of {report.period.label} and {pct(s.coverage.previous)} of {report.previous.label}
      {report.previousUntil !== undefined && report.previousUntil < report.previous.end ? " (as far into it as this period has run)" : ""}: the periods are not compared.
    </p>
  );
}

function Errors({ s }: { s: ServiceReport }) {
  return s.errors.map((e) => (
    <p key={e.part} className="panel-error" role="alert">
      {s.service}: {e.part} could not be computed: {e.message}
    </p>
  ));
}

/**
 * `downloads`: CSV buttons (their text is made in the browser, so only where the
 * sections render in a client component; print and PDF leave them out).
 */
export function reportSections(report: Report, { downloads = true }: { downloads?: boolean } = {}): Section[] {
  const Download = downloads ? DownloadButton : () => null;
  const many = report.services.length > 1;
  const by = (s: ServiceReport) => (many ? <h3>{s.service}</h3> : null);
  const stamp = `${report.period.label}`;
  return [
    {
      id: "summary",
      title: "Service levels",
      body: (
        <>
          <p className="muted">
            {report.period.label}: {utc(report.period.start)} → {utc(report.period.end)} UTC{report.evaluatedAt < report.period.end ? ` (so far, to ${utc(report.evaluatedAt)})` : ""}, compared with {report.previous.label}
            {report.previousUntil !== undefined && report.previousUntil < report.previous.end ? ` over the same length (to ${utc(report.previousUntil)})` : ""}.
          </p>
          {report.services.map((s) => (
            <div key={s.service} className="report-section">
              {by(s)}
              <Errors s={s} />
              <Coverage s={s} report={report} />
              <FigureTable compare={comparable(s)} figures={s.figures.filter((f) => SERVICE_LEVEL.includes(f.id))} name={`${s.service}-service-levels`} csv={downloads ? () => figuresCsv({ ...report, services: [{ ...s, figures: s.figures.filter((f) => SERVICE_LEVEL.includes(f.id)) }] }) : undefined} />
              <div className="report-charts">{s.charts.map((c) => <Chart key={c.id} chart={c} />)}</div>
            </div>
          ))}
        </>
      ),
    },
    {
      id: "slos",
      title: "SLOs",
      body: (
        <>
          <div className="toolbar"><Download text={() => slosCsv(report)} fileName={`slos-${stamp}.csv`} /></div>
          {report.services.every((s) => s.slos.length === 0) ? <p className="muted">No SLO is defined for {report.services.map((s) => s.service).join(", ")}.</p> : null}
          <table data-testid="slo-table">
            <thead><tr><th>Service</th><th>SLO</th><th className="num">Objective</th><th className="num">Attained</th><th className="num">Budget consumed</th><th /></tr></thead>
            <tbody>
              {report.services.flatMap((s) => s.slos.map((o) => (
                <tr key={o.id}>
                  <td>{s.service}</td>
                  <td><Link href={`/slos/${encodeURIComponent(o.id)}`} prefetch={false}>{o.name}</Link></td>
                  <td className="num">{o.objective} %</td>
                  <td className="num">{formatFigure(o.attained, "ratio")}</td>
                  <td className="num">{formatFigure(o.budgetConsumed, "ratio")}</td>
                  <td className={o.met === null ? "muted" : o.met ? "target-met" : "target-missed"}>{o.error ?? (o.met === null ? "no data" : o.met ? "met" : "missed")}</td>
                </tr>
              )))}
            </tbody>
          </table>
          <p className="how">Each SLO&apos;s error ratio over the whole period, at its end: from its recording rule where Prometheus records that window, from raw events otherwise; budget consumed = error ratio ÷ (1 − objective).</p>
        </>
      ),
    },
    {
      id: "incidents",
      title: "Incidents",
      body: (
        <>
          <div className="toolbar"><Download text={() => incidentsCsv(report)} fileName={`incidents-${stamp}.csv`} /></div>
          {report.services.map((s) => (
            <p key={s.service}>
              {many ? `${s.service}: ` : ""}
              <strong>{s.incidentSummary.count}</strong> alert episode{s.incidentSummary.count === 1 ? "" : "s"} (previous period {s.previousIncidentSummary.count}), {formatMinutes(s.incidentSummary.firingSeconds)} firing in all
              {s.incidentSummary.mttrSeconds !== null ? `, mean time to recover ${formatMinutes(s.incidentSummary.mttrSeconds)}` : ""}.
            </p>
          ))}
          <table data-testid="incident-table">
            <thead><tr><th>Service</th><th>Alert</th><th>Severity</th><th>Fired (UTC)</th><th className="num">Firing</th><th className="num">Time to recover</th></tr></thead>
            <tbody>
              {report.services.flatMap((s) => s.incidents.map((i, n) => (
                <tr key={`${s.service}-${n}`}>
                  <td>{i.service || s.service}</td>
                  <td>{i.alertname}</td>
                  <td>{i.severity}</td>
                  <td>{utc(i.start)}</td>
                  <td className="num">{formatMinutes(i.firingSeconds)}{i.open ? " (still firing)" : ""}</td>
                  <td className="num">{formatMinutes(i.recoverSeconds)}</td>
                </tr>
              )))}
            </tbody>
          </table>
          <p className="how">From Prometheus&apos;s ALERTS series: an episode is a run of firing evaluations; time to recover counts from the first pending evaluation to the one that found it resolved.</p>
          {report.services.some((s) => (s.activeAlerts ?? []).length > 0) && (
            <>
              <h3>Firing now, in Alertmanager</h3>
              <table data-testid="active-alerts">
                <thead><tr><th>Service</th><th>Alert</th><th>Severity</th><th>Since (UTC)</th><th>State</th><th>Summary</th></tr></thead>
                <tbody>
                  {report.services.flatMap((s) => (s.activeAlerts ?? []).map((a, n) => (
                    <tr key={`${s.service}-${n}`}>
                      <td>{s.service}</td>
                      <td>{a.alertname}</td>
                      <td>{a.severity}</td>
                      <td>{utc(a.startsAt)}</td>
                      <td>{a.silenced ? "silenced" : a.state}</td>
                      <td>{a.summary}</td>
                    </tr>
                  )))}
                </tbody>
              </table>
            </>
          )}
        </>
      ),
    },
    {
      id: "changes",
      title: "Changes",
      body: (
        <>
          <div className="toolbar"><Download text={() => changesCsv(report)} fileName={`changes-${stamp}.csv`} /></div>
          {report.changesError && <p className="panel-error" role="alert">The audit log could not be read: {report.changesError}</p>}
          {report.changes.length === 0 && !report.changesError ? <p className="muted">No rule, SLO or scaling pushes and no silences in this period.</p> : null}
          <table data-testid="change-table">
            <thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Target</th><th>Outcome</th><th>Message</th></tr></thead>
            <tbody>
              {report.changes.map((c) => (
                <tr key={c.id}>
                  <td>{utc(c.at)}</td>
                  <td>{c.actorEmail}</td>
                  <td><code>{c.action}</code></td>
                  <td>{c.href ? <Link href={c.href} prefetch={false}>{c.targetName ?? c.targetId ?? c.targetType}</Link> : (c.targetName ?? c.targetId ?? c.targetType)}</td>
                  <td className={c.outcome === "ok" ? "" : "bad"}>{c.outcome}</td>
                  <td>{c.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ),
    },
    {
      id: "loadtests",
      title: "Load tests",
      body: (
        <>
          {report.services.every((s) => (s.loadTests ?? []).length === 0) ? <p className="muted">No k6 run was imported for this period (<Link href="/loadtests" prefetch={false}>load tests</Link>).</p> : (
            <table data-testid="loadtest-table">
              <thead><tr><th>Service</th><th>Run</th><th>Started (UTC)</th><th>Thresholds (k6)</th><th>Thresholds (console)</th><th>p95 &lt; 200 ms, failures &lt; 1 %</th><th className="num">p95</th><th className="num">Failure rate</th><th className="num">Requests/s</th></tr></thead>
              <tbody>
                {report.services.flatMap((s) => (s.loadTests ?? []).map((r) => (
                  <tr key={r.id}>
                    <td>{s.service}</td>
                    <td><Link href={`/loadtests?service=${encodeURIComponent(s.service)}&run=${encodeURIComponent(r.id)}`} prefetch={false}>{r.name}</Link></td>
                    <td>{utc(r.runAt)}</td>
                    <td className={r.k6 === "failed" ? "target-missed" : r.k6 === "passed" ? "target-met" : "muted"}>{r.k6 ?? "none"}</td>
                    <td className={r.console === "failed" ? "target-missed" : r.console === "passed" ? "target-met" : "muted"}>{r.console ?? "none"}</td>
                    <td className={r.slo === "failed" ? "target-missed" : r.slo === "passed" ? "target-met" : "muted"}>{r.slo === "unknown" ? "cannot tell" : r.slo}</td>
                    <td className="num">{formatFigure(r.headline.p95Ms === null ? null : r.headline.p95Ms / 1000, "seconds")}</td>
                    <td className="num">{formatFigure(r.headline.failureRate, "ratio")}</td>
                    <td className="num">{formatFigure(r.headline.rps, "reqps")}</td>
                  </tr>
                )))}
              </tbody>
            </table>
          )}
        </>
      ),
    },
    {
      id: "endpoints",
      title: "Endpoints, real users and data layer",
      body: report.services.map((s) => (
        <div key={s.service} className="report-section">
          {by(s)}
          <div className="grid">{s.tables.map((t) => <CompareTable key={t.id} service={s.service} table={t} downloads={downloads} compare={comparable(s)} />)}</div>
        </div>
      )),
    },
    {
      id: "capacity",
      title: "Capacity",
      body: report.services.map((s) => (
        <div key={s.service} className="report-section">
          {by(s)}
          <FigureTable compare={comparable(s)} figures={s.figures.filter((f) => !SERVICE_LEVEL.includes(f.id))} name={`${s.service}-capacity`} csv={downloads ? () => figuresCsv({ ...report, services: [{ ...s, figures: s.figures.filter((f) => !SERVICE_LEVEL.includes(f.id)) }] }) : undefined} />
        </div>
      )),
    },
    ...(report.roadmap || report.roadmapError ? [{ id: "roadmap", title: "Roadmap", body: <RoadmapSection roadmap={report.roadmap} error={report.roadmapError} /> }] : []),
  ];
}

/** Every section in order, one after another (the page and print). */
export function ReportBody({ sections }: { sections: Section[] }) {
  return sections.map((s) => (
    <section key={s.id} className="report-section print-section" id={s.id} data-section={s.id}>
      <h2>{s.title}</h2>
      {s.body}
    </section>
  ));
}
