import type { RangeSeries } from "@/lib/prometheus/types";

/**
 * Incidents of a period from the raw samples of Prometheus's `ALERTS` series (one
 * sample per rule evaluation while an alert is pending or firing). Pure.
 *
 * An episode is a run of firing samples whose gaps are no longer than twice the
 * series' evaluation interval (the median gap between its samples); it ends one
 * interval after its last sample (the evaluation that found it resolved). Its
 * detection is the first pending sample right before it (the condition held from
 * there; with `for: 0` there is none and detection is the first firing sample), and
 * time to recover is from detection to the end.
 */

export interface Incident {
  alertname: string;
  service: string;
  severity: string;
  /** unix seconds: first firing evaluation */
  start: number;
  /** unix seconds: the evaluation that found it resolved (estimated: last sample + interval) */
  end: number;
  /** when the condition first held (the pending start), unix seconds */
  detectedAt: number;
  firingSeconds: number;
  /** detection → resolution */
  recoverSeconds: number;
  /** still firing at the period's end */
  open: boolean;
  /** already firing at the period's start (its start is the period's) */
  openAtStart: boolean;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : 0;
}

function runs(times: number[], maxGap: number): [number, number][] {
  const out: [number, number][] = [];
  for (const t of times) {
    const last = out.at(-1);
    if (last && t - last[1] <= maxGap) last[1] = t;
    else out.push([t, t]);
  }
  return out;
}

/** The sample interval of a set of sorted times: the median gap, or `fallback` with fewer than two samples. */
export function sampleInterval(times: number[], fallback: number): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push((times[i] as number) - (times[i - 1] as number));
  const m = median(gaps.filter((g) => g > 0));
  return m > 0 ? m : fallback;
}

/**
 * Episodes from `ALERTS{alertstate=~"pending|firing"}[period]` evaluated at `period.end`.
 * `evaluationInterval` is used when a series has too few samples to tell its own.
 */
export function alertEpisodes(series: RangeSeries[], period: { start: number; end: number }, evaluationInterval = 60): Incident[] {
  const byAlert = new Map<string, { labels: Record<string, string>; firing: number[]; pending: number[] }>();
  for (const s of series) {
    const { __name__: _n, alertstate, ...labels } = s.metric;
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = byAlert.get(key) ?? { labels, firing: [], pending: [] };
    const times = s.values.map(([t]) => Number(t)).filter((t) => t > period.start && t <= period.end);
    if (alertstate === "firing") entry.firing.push(...times);
    else if (alertstate === "pending") entry.pending.push(...times);
    byAlert.set(key, entry);
  }
  const incidents: Incident[] = [];
  for (const { labels, firing, pending } of byAlert.values()) {
    firing.sort((a, b) => a - b);
    pending.sort((a, b) => a - b);
    const interval = sampleInterval([...firing, ...pending].sort((a, b) => a - b), evaluationInterval);
    // twice the interval, and never under 150 s: a series may mix intervals (60 s backfill
    // before 15 s live evaluation, or a rule group whose interval changed)
    for (const [first, last] of runs(firing, Math.max(2 * interval, 150))) {
      // the pending run that led into this firing run
      const before = pending.filter((t) => t < first && t >= first - 24 * 3600);
      let detectedAt = first;
      for (let i = before.length - 1; i >= 0; i--) {
        const t = before[i] as number;
        if (detectedAt - t > Math.max(2 * interval, 150)) break;
        detectedAt = t;
      }
      const open = period.end - last <= 2 * interval;
      const end = open ? period.end : Math.min(period.end, last + interval);
      incidents.push({
        alertname: labels.alertname ?? "",
        service: labels.service ?? "",
        severity: labels.severity ?? "",
        start: first,
        end,
        detectedAt,
        firingSeconds: end - first,
        recoverSeconds: end - detectedAt,
        open,
        openAtStart: first - period.start <= 2 * interval && detectedAt === first,
      });
    }
  }
  return incidents.sort((a, b) => a.start - b.start || a.alertname.localeCompare(b.alertname));
}

export interface IncidentSummary {
  count: number;
  firingSeconds: number;
  /** mean time to recover over episodes that started and ended in the period */
  mttrSeconds: number | null;
  longestSeconds: number;
}

export function summarizeIncidents(incidents: Incident[]): IncidentSummary {
  const closed = incidents.filter((i) => !i.open && !i.openAtStart);
  return {
    count: incidents.length,
    firingSeconds: incidents.reduce((s, i) => s + i.firingSeconds, 0),
    mttrSeconds: closed.length ? closed.reduce((s, i) => s + i.recoverSeconds, 0) / closed.length : null,
    longestSeconds: incidents.reduce((m, i) => Math.max(m, i.firingSeconds), 0),
  };
}
