import "server-only";
import { getConfig } from "@/lib/config";
import { formatValue } from "@/lib/format/units";
import { toChartSeries } from "@/lib/overview/transform";
import { alignRangeToStep } from "@/lib/promql/time-range";
import { toPanel, type Panel } from "@/lib/query/panel";
import { cachedInstant, cachedRange } from "@/lib/query/run";
import { evaluateTarget, type TargetEvaluation } from "./evaluate";
import { inputFromTarget, readStoredTarget, type TargetInput } from "./item";
import { listRoadmapItems, type RoadmapRow } from "./store";
import { MAX_TARGET_EXPR } from "./target";
import type { Target } from "./templates";

/**
 * The roadmap page's data: every item, and each target evaluated live and over its
 * history through the cached query layer (lib/query/run.ts). Targets are evaluated
 * concurrently (a few at a time) and each fails alone: an item whose query fails
 * carries its error, the others their figures.
 *
 * A target's expression is written by an editor and run for every viewer, so it runs
 * under the budget Explore's queries have (docs/SECURITY.md): its length is capped
 * (MAX_TARGET_EXPR, checked when saved and again here), every request is cut after
 * QUERY_TIMEOUT_MS (lib/upstream, which also cancels it in Prometheus), the history
 * has a bounded number of points (HISTORY_MAX_POINTS), at most MAX_EVALUATED targets
 * are evaluated per load, EVAL_CONCURRENCY at a time, and a result of more than one
 * series is refused, not drawn.
 */

/** How far back the history (and "last met") looks, and at which step. */
export const HISTORY_SECONDS = 30 * 86400;
export const HISTORY_STEP_SECONDS = 3600;
export const HISTORY_MAX_POINTS = 800;
/** the live value is evaluated at `now` rounded down to this, and cached as long */
export const LIVE_STEP_SECONDS = 15;
export const MAX_EVALUATED = 50;
export const EVAL_CONCURRENCY = 4;

export interface RoadmapItemView extends Omit<RoadmapRow, "targetJson"> {
  target: Target | null;
  /** the target as the editor opens it (template or raw) */
  targetInput: TargetInput | null;
  /** null without a target; else the evaluation or its own error */
  evaluation: Panel<TargetEvaluation> | null;
}

export interface RoadmapView {
  items: RoadmapItemView[];
  /** unix seconds */
  evaluatedAt: number;
  historySeconds: number;
  notes: string[];
}

/** The step of a history of `seconds`: HISTORY_STEP_SECONDS, or coarser to stay within HISTORY_MAX_POINTS. */
export function historyStep(seconds: number): number {
  return Math.max(HISTORY_STEP_SECONDS, Math.ceil(seconds / HISTORY_MAX_POINTS / 60) * 60);
}

function seriesNames(metrics: Record<string, string>[]): string {
  const shown = metrics.slice(0, 3).map((m) => `{${Object.entries(m).map(([k, v]) => `${k}="${v}"`).join(", ")}}`);
  return shown.join(", ") + (metrics.length > 3 ? ", …" : "");
}

function oneSeriesError(n: number, metrics: Record<string, string>[]): Error {
  return new Error(`the expression returns ${n} series (${seriesNames(metrics)}); a target compares one value: aggregate them, e.g. max(…) or sum(…)`);
}

/** One target: its live value at `now` and its history over HISTORY_SECONDS, judged. */
export async function evaluateLive(target: Target, now: number): Promise<{ data: TargetEvaluation; warnings: string[] }> {
  if (target.expr.length > MAX_TARGET_EXPR) throw new Error(`the expression is longer than ${MAX_TARGET_EXPR} characters`);
  const prom = getConfig().prometheus;
  const at = Math.floor(now / LIVE_STEP_SECONDS) * LIVE_STEP_SECONDS;
  const range = alignRangeToStep(now, HISTORY_SECONDS, historyStep(HISTORY_SECONDS));
  const [live, history] = await Promise.all([cachedInstant(prom, target.expr, at, LIVE_STEP_SECONDS * 1000), cachedRange(prom, { query: target.expr, ...range })]);
  if (live.data.length > 1) throw oneSeriesError(live.data.length, live.data.map((s) => s.metric));
  if (history.data.length > 1) throw oneSeriesError(history.data.length, history.data.map((s) => s.metric));
  const value = live.data[0] ? Number(live.data[0].value[1]) : null;
  const points = history.data.length ? toChartSeries(history.data, () => "value", range.start, range.end, range.step)[0]!.points : [];
  const evaluation = evaluateTarget(target, { value, at }, { ...range, points }, (v) => formatValue(v, target.unit));
  return { data: evaluation, warnings: [...new Set([...live.warnings, ...history.warnings])] };
}

/** Runs `work` over `items`, `limit` at a time, keeping the order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function loadRoadmap(now = Date.now() / 1000): Promise<RoadmapView> {
  const rows = await listRoadmapItems();
  const notes: string[] = [];
  let evaluated = 0;
  const prepared = rows.map(({ targetJson, ...row }) => {
    const stored = readStoredTarget(targetJson);
    const evaluate = stored.target !== null && evaluated++ < MAX_EVALUATED;
    return { row, stored, evaluate };
  });
  if (evaluated > MAX_EVALUATED) notes.push(`Only the first ${MAX_EVALUATED} targets are evaluated (the roadmap has ${evaluated}).`);
  const items = await pool(prepared, EVAL_CONCURRENCY, async ({ row, stored, evaluate }): Promise<RoadmapItemView> => {
    const target = stored.target;
    let evaluation: Panel<TargetEvaluation> | null = null;
    if (stored.error) evaluation = { ok: false, error: { kind: "internal", message: stored.error } };
    else if (target && evaluate) evaluation = await toPanel(evaluateLive(target, now));
    else if (target) evaluation = { ok: false, error: { kind: "internal", message: `not evaluated: only the first ${MAX_EVALUATED} targets are` } };
    return { ...row, target, targetInput: target ? inputFromTarget(target) : null, evaluation };
  });
  return { items, evaluatedAt: now, historySeconds: HISTORY_SECONDS, notes };
}
