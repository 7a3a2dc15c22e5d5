import { parse } from "yaml";
import type { RangeSeries } from "../../lib/prometheus/types";
import { backtestAlert } from "../../lib/rules/backtest";
import { parseDuration } from "../../lib/rules/document";

/**
 * Alert history for the backfilled past. Prometheus writes `ALERTS` and
 * `ALERTS_FOR_STATE` only for evaluations it runs itself, and `promtool tsdb
 * create-blocks-from rules` backfills recording rules only (alerting rules are
 * skipped), so imported history has no alerts. This evaluates each alerting rule of
 * the given rule files over the imported history with range queries on the running
 * Prometheus, replays Prometheus's pending/firing state machine on the result
 * (lib/rules/backtest.ts, the rule backtest's), and writes the series the rule manager
 * would have written, at the history's resolution, for promtool to import:
 *
 *   ALERTS{alertname, alertstate="pending"|"firing", <expr labels>, <rule labels>} 1
 *   ALERTS_FOR_STATE{alertname, <expr labels>, <rule labels>} <activeAt>
 *
 * One difference remains: a resolved alert gets no staleness marker (OpenMetrics
 * cannot carry one), so range queries see an ended episode for up to the lookback
 * (5 min) longer. Readers of alert history that need exact ends read the raw samples
 * (`ALERTS[…]`), as lib/reviews/incidents.ts does.
 */

interface RuleFile {
  groups?: { name: string; rules?: { alert?: string; expr?: string; for?: string; keep_firing_for?: string; labels?: Record<string, string> }[] }[];
}

/** Prometheus refuses range queries over 11,000 points; stay below. */
const MAX_POINTS = 10_000;

async function rangeQuery(prometheusUrl: string, query: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
  const merged = new Map<string, RangeSeries>();
  for (let from = start; from <= end; from += MAX_POINTS * step) {
    const to = Math.min(end, from + (MAX_POINTS - 1) * step);
    const params = new URLSearchParams({ query, start: String(from), end: String(to), step: String(step) });
    const res = await fetch(`${prometheusUrl}/api/v1/query_range`, { method: "POST", body: params });
    const body = (await res.json()) as { status: string; error?: string; data?: { result: RangeSeries[] } };
    if (body.status !== "success" || !body.data) throw new Error(`alert history: ${query}: ${body.error ?? res.status}`);
    for (const s of body.data.result) {
      const key = JSON.stringify(s.metric);
      const m = merged.get(key);
      if (m) m.values.push(...s.values);
      else merged.set(key, { metric: s.metric, values: [...s.values] });
    }
  }
  return [...merged.values()];
}

function labelText(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]!.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
}

/** OpenMetrics lines (without `# EOF`) of the alerts the rules would have raised in [start, end]. */
export async function alertHistory(prometheusUrl: string, ruleFiles: string[], start: number, end: number, step: number): Promise<{ text: string; episodes: number }> {
  let text = "";
  let episodes = 0;
  const alerts: { name: string; expr: string; forSeconds: number; keep: number; labels: Record<string, string> }[] = [];
  for (const file of ruleFiles) {
    for (const g of (parse(file) as RuleFile).groups ?? []) {
      for (const r of g.rules ?? []) {
        if (r.alert && r.expr) alerts.push({ name: r.alert, expr: r.expr, forSeconds: parseDuration(r.for) ?? 0, keep: parseDuration(r.keep_firing_for) ?? 0, labels: r.labels ?? {} });
      }
    }
  }
  const byMetric: Record<"ALERTS" | "ALERTS_FOR_STATE", string[]> = { ALERTS: [], ALERTS_FOR_STATE: [] };
  for (const a of alerts) {
    const series = await rangeQuery(prometheusUrl, a.expr, start, end, step);
    const result = backtestAlert(series, { start, end, step, forSeconds: a.forSeconds, keepFiringForSeconds: a.keep });
    for (const s of result.series) {
      const base = { ...s.labels, ...a.labels, alertname: a.name };
      let activeAt = 0;
      let prev: (typeof s.intervals)[number] | undefined;
      for (const iv of s.intervals) {
        // activeAt: when the condition became true (the pending start, or the firing start with `for: 0`)
        if (iv.state === "pending" || !(prev?.state === "pending" && prev.end === iv.start)) activeAt = iv.start;
        if (iv.state === "firing") episodes++;
        const alertsLabels = labelText({ ...base, alertstate: iv.state });
        const forLabels = labelText(base);
        // the last evaluation inside the half-open interval [start, end)
        const last = iv.open ? iv.end : iv.end - step;
        for (let t = iv.start; t <= last; t += step) {
          byMetric.ALERTS.push(`ALERTS{${alertsLabels}} 1 ${t}`);
          byMetric.ALERTS_FOR_STATE.push(`ALERTS_FOR_STATE{${forLabels}} ${activeAt} ${t}`);
        }
        prev = iv;
      }
    }
  }
  text += "# TYPE ALERTS gauge\n" + byMetric.ALERTS.map((l) => l + "\n").join("");
  text += "# TYPE ALERTS_FOR_STATE gauge\n" + byMetric.ALERTS_FOR_STATE.map((l) => l + "\n").join("");
  return { text, episodes };
}
