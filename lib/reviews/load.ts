import "server-only";
import { changesBetween } from "@/lib/audit/query";
import { getConfig } from "@/lib/config";
import { toChartSeries } from "@/lib/overview/transform";
import { SERVICE_DISCOVERY_METRIC } from "@/lib/overview/queries";
import { labelValues, queryRawSamples } from "@/lib/prometheus/client";
import type { InstantSeries } from "@/lib/prometheus/types";
import { cachedInstant, cachedRange } from "@/lib/query/run";
import { sloOverPeriod, type SloPeriodFigure } from "@/lib/slo/load";
import { listSlos } from "@/lib/slo/store";
import { describeFailure } from "@/lib/upstream/errors";
import { alerts as alertmanagerAlerts } from "@/lib/alertmanager/client";
import { loadTestRunsBetween, type RunRow } from "@/lib/loadtest/store";
import { ActionFailure } from "@/lib/errors/action-failure";
import { alertEpisodes, summarizeIncidents, type Incident } from "./incidents";
import { evaluatedUntil, previousPeriod, type Period } from "./period";
import { alertSamplesQuery, chartQuery, coverageQuery, periodQueries } from "./queries";
import { periodFromParam, reportRequestSchema, resolvePeriod } from "./request";
import { AVAILABILITY_TARGETS, compareTable, mergeErrors, P95_TARGETS, total, withTargets, type ActiveAlert, type Figure, type Report, type ReportChart, type ReportTable, type ServiceReport } from "./report";

/**
 * Computes a period report from Prometheus (through the dashboards' own query
 * builders and the query cache), the SLOs, the alert history and the audit log.
 * Each part of each service fails alone and says so.
 */

/** The dashboard panels a report reads, by id. */
export const REPORT_PANELS = [
  "request-rate",
  "response-time-p95",
  "error-rate",
  "endpoint-p95",
  "database-performance",
  "cache-hit-rate",
  "active-connections",
  "cpu",
  "memory",
  "replicas",
  "web-vitals-lcp",
  "web-vitals-inp",
  "web-vitals-cls",
  "cdn-hit-ratio",
  "db-replica-latency",
  "replication-lag",
] as const;

/**
 * At most this many report queries run at once in this process, across every report
 * and print page being computed (Prometheus runs 20 by default; dashboards need the
 * rest): one viewer's quarter-long report cannot take Prometheus from everyone.
 */
const CONCURRENCY = 6;

function limiter(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await work();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

const run = limiter(CONCURRENCY);

export interface ReportRequest {
  period: Period;
  /** none: every service Prometheus knows in the period */
  services?: string[];
}

export async function loadReport(req: ReportRequest, signal?: AbortSignal, now = Date.now() / 1000): Promise<Report> {
  const started = Date.now();
  const cfg = getConfig().prometheus;
  const { period } = req;
  const previous = previousPeriod(period);
  const at = evaluatedUntil(period, now);
  const seconds = at - period.start;
  if (seconds < 60) throw new ActionFailure("invalid", period.start > now ? `period: ${period.label} has not started yet` : `period: ${period.label} began less than a minute ago: there is nothing to report yet`);
  // a running period is compared with the same length of the previous one (month to date
  // with the same days of last month); a complete one with the whole previous period
  const prevAt = at < period.end ? Math.min(previous.end, previous.start + seconds) : previous.end;
  const prevSeconds = prevAt - previous.start;
  const instant = (q: string, t: number) => run(() => cachedInstant(cfg, q, t, 300_000, signal)).then((r) => r.data);

  const services = req.services?.length
    ? req.services
    : await labelValues(cfg, "service", { match: [SERVICE_DISCOVERY_METRIC], start: period.start, end: at }, signal).then((r) => [...r.data].sort());
  const slos = await listSlos().catch(() => []);
  const changes = changesBetween(new Date(period.start * 1000), new Date(at * 1000), services.length === 1 ? services[0] : undefined)
    .then((rows) => ({ rows }))
    .catch((err: unknown) => ({ rows: [], error: describeFailure(err).message }));

  const reports = await Promise.all(
    services.map((service) =>
      serviceReport(service, { period, previous, at, seconds, prevAt, prevSeconds, slos: slos.filter((s) => s.spec.service === service), instant, run, signal }),
    ),
  );
  const ch = await changes;
  return {
    period,
    previous,
    evaluatedAt: at,
    previousUntil: prevAt,
    services: reports,
    changes: ch.rows,
    changesError: "error" in ch ? ch.error : undefined,
    generatedAt: new Date().toISOString(),
    tookMs: Date.now() - started,
  };
}

interface Ctx {
  period: Period;
  previous: Period;
  at: number;
  seconds: number;
  /** where and over how long the previous period is read */
  prevAt: number;
  prevSeconds: number;
  slos: Awaited<ReturnType<typeof listSlos>>;
  instant: (q: string, t: number) => Promise<InstantSeries[]>;
  run: ReturnType<typeof limiter>;
  signal?: AbortSignal;
}

async function serviceReport(service: string, ctx: Ctx): Promise<ServiceReport> {
  const errors: ServiceReport["errors"] = [];
  const guard = async <T>(part: string, work: Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work;
    } catch (err) {
      errors.push({ part, message: describeFailure(err).message });
      return fallback;
    }
  };
  const queries = periodQueries(service, ctx.seconds, REPORT_PANELS);
  const previousQueries = periodQueries(service, ctx.prevSeconds, REPORT_PANELS);
  // each query fails alone: one slow panel does not take the others with it
  const results = await Promise.all(
    queries.map(async (q, i) => {
      const [cur, prev] = await Promise.all([
        guard(`${q.title} (${q.panel})`, ctx.instant(q.expr, ctx.at), [] as InstantSeries[]),
        guard(`${q.title} (${q.panel}), previous period`, ctx.instant(previousQueries[i]!.expr, ctx.prevAt), [] as InstantSeries[]),
      ]);
      return { q, cur, prev };
    }),
  );
  const find = (panel: string, legend?: string) => results.find((r) => r.q.panel === panel && (legend === undefined || ("name" in r.q.legend && r.q.legend.name === legend)));

  const figures: Figure[] = [];
  const push = (f: Omit<Figure, "targets"> & { targets?: Figure["targets"] }) => figures.push({ targets: [], ...f });
  const hours = ctx.seconds / 3600;
  const prevHours = ctx.prevSeconds / 3600;
  const requests = find("request-rate");
  if (requests) {
    const v = total(requests.cur);
    const p = total(requests.prev);
    push({ id: "requests", label: "Requests", unit: "count", value: v === null ? null : v * ctx.seconds, previous: p === null ? null : p * ctx.prevSeconds, better: "none", how: `${requests.q.how} Summed over endpoints and statuses, × the period's length (the increase of the request counter).`, query: requests.q.expr });
    push({ id: "request-rate", label: "Mean request rate", unit: "reqps", value: v, previous: p, better: "none", how: requests.q.how, query: requests.q.expr });
  }
  for (const [legend, label, targets] of [["p95", "p95 latency", P95_TARGETS], ["p99", "p99 latency", []]] as const) {
    const r = find("response-time-p95", legend);
    if (r) {
      const v = total(r.cur);
      push({ id: legend, label, unit: "seconds", value: v, previous: total(r.prev), better: "lower", targets: withTargets([...targets], v), how: `${r.q.how} (${legend} of every request of the period)`, query: r.q.expr });
    }
  }
  const err = find("error-rate");
  if (err) {
    const v = total(err.cur);
    const p = total(err.prev);
    push({ id: "error-ratio", label: "5xx ratio", unit: "ratio", value: v, previous: p, better: "lower", how: err.q.how, query: err.q.expr });
    const a = v === null ? null : 1 - v;
    push({ id: "availability", label: "Availability", unit: "ratio", value: a, previous: p === null ? null : 1 - p, better: "higher", targets: withTargets(AVAILABILITY_TARGETS, a), how: "1 − the 5xx ratio of the period: the share of requests answered without a server error.", query: err.q.expr });
  }
  const replicas = find("replicas", "deployment");
  if (replicas) {
    const v = total(replicas.cur);
    const p = total(replicas.prev);
    push({ id: "replicas", label: "Mean replicas", unit: "number", value: v, previous: p, better: "none", how: replicas.q.how, query: replicas.q.expr });
    push({ id: "pod-hours", label: "Pod-hours", unit: "hours", value: v === null ? null : v * hours, previous: p === null ? null : p * prevHours, better: "lower", how: "Mean replicas × the period's hours.", query: replicas.q.expr });
  }
  for (const [panel, used, requested, unit, label] of [["cpu", "used (cores)", "requested (cores)", "number", "CPU"], ["memory", "working set", "requested", "bytes", "Memory"]] as const) {
    const u = find(panel, used);
    const q = find(panel, requested);
    if (!u || !q) continue;
    const [uv, up, qv, qp] = [total(u.cur), total(u.prev), total(q.cur), total(q.prev)];
    push({ id: `${panel}-used`, label: `${label} used (mean)`, unit, value: uv, previous: up, better: "none", how: u.q.how, query: u.q.expr });
    push({ id: `${panel}-requested`, label: `${label} requested (mean)`, unit, value: qv, previous: qp, better: "none", how: q.q.how, query: q.q.expr });
    const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
    push({ id: `${panel}-utilisation`, label: `${label} used / requested`, unit: "ratio", value: ratio(uv, qv), previous: ratio(up, qp), better: "higher", how: `Mean ${label.toLowerCase()} used ÷ mean ${label.toLowerCase()} requested: below 1 is headroom, far below is waste.` });
  }
  const cdn = find("cdn-hit-ratio", "all POPs");
  if (cdn && total(cdn.cur) !== null) push({ id: "cdn-hit-ratio", label: "CDN hit ratio", unit: "ratio", value: total(cdn.cur), previous: total(cdn.prev), better: "higher", how: cdn.q.how, query: cdn.q.expr });
  const conns = find("active-connections");
  if (conns) push({ id: "connections", label: "Active connections (mean)", unit: "number", value: total(conns.cur), previous: total(conns.prev), better: "none", how: conns.q.how, query: conns.q.expr });

  const tables: ReportTable[] = [];
  const table = (panel: string, title: string, better: ReportTable["better"]) => {
    const r = find(panel);
    const t = r && compareTable(panel, title, r.q, r.cur, r.prev, better);
    // a signal the service does not have (no pages, no CDN, no replica) is left out
    if (t && t.rows.length) tables.push(t);
  };
  table("endpoint-p95", "Endpoints: p95 latency (largest regression first)", "lower");
  table("database-performance", "Database: p95 query time by operation and table", "lower");
  table("cache-hit-rate", "Caches: mean hit rate", "higher");
  table("db-replica-latency", "Database: p95 query time, primary and replica", "lower");
  table("replication-lag", "Replication lag (mean) by server", "lower");
  table("web-vitals-lcp", "Real users: LCP p75 by page", "lower");
  table("web-vitals-inp", "Real users: INP p75 by page", "lower");
  table("web-vitals-cls", "Real users: CLS p75 by page", "lower");

  const coverage = coverageQuery(service, ctx.seconds);
  const previousCoverage = coverageQuery(service, ctx.prevSeconds);
  const [slos, incidents, previousIncidents, charts, covered, previouslyCovered, loadTests, activeAlerts] = await Promise.all([
    guard("SLOs", ctx.slos.length ? sloOverPeriod(ctx.slos, ctx.at, ctx.seconds, ctx.signal) : Promise.resolve([] as SloPeriodFigure[]), []),
    guard("incidents", episodes(service, ctx.period.start, ctx.at, ctx), [] as Incident[]),
    guard("incidents (previous period)", episodes(service, ctx.previous.start, ctx.prevAt, ctx), [] as Incident[]),
    guard("charts", reportCharts(service, ctx), [] as ReportChart[]),
    coverage ? guard("coverage", ctx.instant(coverage, ctx.at).then(total), null) : null,
    previousCoverage ? guard("coverage (previous period)", ctx.instant(previousCoverage, ctx.prevAt).then(total), null) : null,
    guard("load tests", loadTestRunsBetween(service, new Date(ctx.period.start * 1000), new Date(ctx.at * 1000)), [] as RunRow[]),
    // Alertmanager keeps no history: what it holds matters only for a period that runs now
    ctx.at >= ctx.period.end ? ([] as ActiveAlert[]) : guard("alerts in Alertmanager", activeAlertsOf(service, ctx.signal), [] as ActiveAlert[]),
  ]);
  return { service, figures, tables, slos, incidents, incidentSummary: summarizeIncidents(incidents), previousIncidentSummary: summarizeIncidents(previousIncidents), charts, loadTests, activeAlerts, coverage: { current: covered === null ? null : Math.min(1, covered), previous: previouslyCovered === null ? null : Math.min(1, previouslyCovered) }, errors: mergeErrors(errors) };
}

async function activeAlertsOf(service: string, signal?: AbortSignal): Promise<ActiveAlert[]> {
  const list = await alertmanagerAlerts(getConfig().alertmanager, signal);
  return list
    .filter((a) => a.labels.service === service)
    .map((a) => ({ alertname: a.labels.alertname ?? "", severity: a.labels.severity ?? "", startsAt: a.startsAt, state: a.status.state, silenced: a.status.silencedBy.length > 0, summary: a.annotations.summary ?? "" }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

async function episodes(service: string, start: number, end: number, ctx: Ctx): Promise<Incident[]> {
  const cfg = getConfig().prometheus;
  const res = await ctx.run(() => queryRawSamples(cfg, alertSamplesQuery(service, end - start), end, ctx.signal));
  return alertEpisodes(res.data, { start, end });
}

/** Charts across the period: about 170 points (hourly over a week). */
async function reportCharts(service: string, ctx: Ctx): Promise<ReportChart[]> {
  const cfg = getConfig().prometheus;
  const step = Math.max(300, Math.round(ctx.seconds / 168 / 300) * 300);
  const start = Math.ceil(ctx.period.start / step) * step;
  const end = Math.floor(ctx.at / step) * step;
  const specs: { id: string; title: string; panel: string; legend?: string; sum?: boolean; threshold?: ReportChart["threshold"] }[] = [
    { id: "p95", title: "p95 latency", panel: "response-time-p95", legend: "p95", threshold: { value: P95_TARGETS[0]!.value, label: "200 ms" } },
    { id: "errors", title: "5xx ratio", panel: "error-rate" },
    { id: "requests", title: "Request rate", panel: "request-rate", sum: true },
  ];
  return Promise.all(
    specs.map(async (s): Promise<ReportChart> => {
      const q = chartQuery(service, s.panel, s.legend, step);
      if (!q) return { id: s.id, title: s.title, unit: "number", series: [], start, end };
      const expr = s.sum ? `sum(${q.expr})` : q.expr;
      const res = await ctx.run(() => cachedRange(cfg, { query: expr, start, end, step }, ctx.signal));
      return { id: s.id, title: s.title, unit: q.unit, series: toChartSeries(res.data, () => s.legend ?? s.title, start, end, step), start, end, threshold: s.threshold };
    }),
  );
}


/** A report from URL parameters (`period`, `service`…), for the print page: the report, or what is wrong. */
export async function reportFromParams(sp: Record<string, string | string[] | undefined>, now = Date.now() / 1000): Promise<{ report: Report } | { error: string }> {
  const parsed = reportRequestSchema.safeParse({ period: periodFromParam(String(sp.period ?? "last:week"), now), services: ([] as string[]).concat(sp.service ?? []) });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  let period;
  try {
    period = resolvePeriod(parsed.data.period, now);
  } catch (err) {
    return { error: `period: ${(err as Error).message}` };
  }
  return { report: await loadReport({ period, services: parsed.data.services }, undefined, now) };
}
