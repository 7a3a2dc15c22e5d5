import type { AuditRow } from "@/lib/audit/query";
import type { ChartSeries } from "@/lib/charts/types";
import type { Unit } from "@/lib/format/units";
import type { InstantSeries } from "@/lib/prometheus/types";
import type { RoadmapView } from "@/lib/roadmap/load";
import type { RunRow } from "@/lib/loadtest/store";
import { rateVital } from "@/lib/dashboard/web-vitals";
import type { SloPeriodFigure } from "@/lib/slo/load";
import type { Incident, IncidentSummary } from "./incidents";
import type { Period } from "./period";
import type { PeriodQuery } from "./queries";
import { LOADTEST_P95, meets, ROADMAP_P95, SLA_AVAILABILITY, type Target } from "@/lib/targets/reference";

/**
 * A period report: what a weekly or monthly review discusses, per service. The
 * types, and the pure steps that turn query results into figures. Every figure keeps
 * how it was computed (`how`, and the PromQL in `query`).
 */

export type FigureUnit = Unit | "count" | "hours";

export interface Figure {
  id: string;
  label: string;
  unit: FigureUnit;
  value: number | null;
  previous: number | null;
  /** which way is better, for the trend's colour */
  better: "lower" | "higher" | "none";
  targets: (Target & { met: boolean | null })[];
  how: string;
  query?: string;
}

export interface TableRow {
  name: string;
  value: number | null;
  previous: number | null;
  /** web vitals: good / needs-improvement / poor (web.dev thresholds) */
  rating?: string;
}

export interface ReportTable {
  id: string;
  title: string;
  unit: FigureUnit;
  better: "lower" | "higher" | "none";
  /** sorted: the worst change first when comparing makes sense */
  rows: TableRow[];
  how: string;
}

export interface ReportChart {
  id: string;
  title: string;
  unit: Unit;
  series: ChartSeries[];
  start: number;
  end: number;
  /** a horizontal line to draw (a target) */
  threshold?: { value: number; label: string };
}

export interface ActiveAlert {
  alertname: string;
  severity: string;
  startsAt: string;
  state: string;
  silenced: boolean;
  summary: string;
}

export interface ServiceReport {
  service: string;
  figures: Figure[];
  tables: ReportTable[];
  slos: SloPeriodFigure[];
  incidents: Incident[];
  incidentSummary: IncidentSummary;
  previousIncidentSummary: IncidentSummary;
  charts: ReportChart[];
  /** k6 runs of the service in the period (lib/loadtest) */
  loadTests: RunRow[];
  /** alerts Alertmanager holds as firing now, for a period still running */
  activeAlerts: ActiveAlert[];
  /** share of each period with data (coverageQuery); a trend needs both near 1 */
  coverage: { current: number | null; previous: number | null };
  /** parts that failed, each alone */
  errors: { part: string; message: string }[];
}

export interface Report {
  period: Period;
  previous: Period;
  /** the instant the current period is read at (its end, or now while it runs) */
  evaluatedAt: number;
  /** where the previous period is read to: its end, or as far into it as the current period has run */
  previousUntil?: number;
  services: ServiceReport[];
  changes: AuditRow[];
  changesError?: string;
  generatedAt: string;
  /** milliseconds the report took to compute */
  tookMs: number;
  /** the roadmap's targets as evaluated when the review was held (monthly SLA / roadmap reviews) */
  roadmap?: RoadmapView;
  roadmapError?: string;
}

/** Sum of the finite values of an instant result; null when there is none. */
export function total(series: readonly InstantSeries[] | undefined): number | null {
  const vs = (series ?? []).map((s) => Number(s.value[1])).filter(Number.isFinite);
  return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
}

/** One value per series, named by the query's legend. */
export function rowsOf(q: Pick<PeriodQuery, "legend">, series: readonly InstantSeries[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of series ?? []) {
    const name = "name" in q.legend ? q.legend.name : q.legend.label.split(",").map((l) => s.metric[l] ?? "").join(" ");
    const v = Number(s.value[1]);
    if (Number.isFinite(v)) out.set(name, v);
  }
  return out;
}

/** A table of one labelled query now and in the previous period; worst change first (for `better: "lower"`, the largest increase). */
export function compareTable(id: string, title: string, q: Pick<PeriodQuery, "legend" | "unit" | "how" | "vital">, current: readonly InstantSeries[] | undefined, previous: readonly InstantSeries[] | undefined, better: ReportTable["better"]): ReportTable {
  const cur = rowsOf(q, current);
  const prev = rowsOf(q, previous);
  const rows: TableRow[] = [...new Set([...cur.keys(), ...prev.keys()])].map((name) => {
    const value = cur.get(name) ?? null;
    return { name, value, previous: prev.get(name) ?? null, ...(q.vital && value !== null ? { rating: rateVital(q.vital, value) } : {}) };
  });
  const change = (r: TableRow) => (r.value !== null && r.previous !== null && r.previous > 0 ? r.value / r.previous - 1 : -Infinity);
  rows.sort((a, b) => (better === "higher" ? change(a) - change(b) : change(b) - change(a)) || a.name.localeCompare(b.name));
  return { id, title, unit: q.unit, better, rows, how: q.how };
}

/**
 * Failed parts with the same cause said once ("p95 latency, 5xx ratio and 12 more
 * could not be computed: Prometheus is unreachable"), in the order they failed.
 */
export function mergeErrors(errors: readonly { part: string; message: string }[]): { part: string; message: string }[] {
  const byMessage = new Map<string, string[]>();
  for (const e of errors) byMessage.set(e.message, [...(byMessage.get(e.message) ?? []), e.part]);
  return [...byMessage].map(([message, parts]) => {
    const unique = [...new Set(parts)];
    const shown = unique.slice(0, 3).join(", ");
    return { part: unique.length > 3 ? `${shown} and ${unique.length - 3} more` : shown, message };
  });
}

/** Periods whose data covers less than this share are not compared. */
export const MIN_COVERAGE = 0.9;

/** Whether a service's figures may be compared with the previous period's. */
export function comparable(s: Partial<Pick<ServiceReport, "coverage">>): boolean {
  return (s.coverage?.current ?? 0) >= MIN_COVERAGE && (s.coverage?.previous ?? 0) >= MIN_COVERAGE;
}

/** Relative change of a figure against the previous period; null when either side is missing or the previous is 0. */
export function relativeChange(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return value / previous - 1;
}

/** "better", "worse" or "same" (within 1 %) for a figure's trend. */
export function trendDirection(f: Pick<Figure, "value" | "previous" | "better">): "better" | "worse" | "same" | null {
  // a ratio near 1 where higher is better (availability, hit ratios) is judged by what it
  // misses: 99.99 % → 99.0 % is a hundred times the errors, not a 1 % change
  if (f.better === "higher" && f.value !== null && f.previous !== null && f.value > 0.9 && f.previous > 0.9 && f.value <= 1 && f.previous <= 1) {
    return trendDirection({ value: 1 - f.value, previous: 1 - f.previous, better: "lower" });
  }
  const c = relativeChange(f.value, f.previous);
  if (c === null) return null;
  if (Math.abs(c) < 0.01 || f.better === "none") return "same";
  return (c < 0) === (f.better === "lower") ? "better" : "worse";
}

export function withTargets(targets: Target[], value: number | null): Figure["targets"] {
  return targets.map((t) => ({ ...t, met: meets(value, t) }));
}

export const P95_TARGETS = [LOADTEST_P95, ROADMAP_P95];
export const AVAILABILITY_TARGETS = [SLA_AVAILABILITY];
