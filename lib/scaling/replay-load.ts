import "server-only";
import { getConfig } from "@/lib/config";
import { queryRange } from "@/lib/prometheus/client";
import { describeFailure } from "@/lib/upstream/errors";
import { controllerSpecOf, metricPlans, toleranceOf, type HpaSpecInput } from "./hpa-spec";
import { demandQuery, podRequestQuery, podUsageQuery, replicasQuery, type WorkloadRef } from "./queries";
import { REPLAY_STEP_SECONDS, replayHpa, type ReplayResult } from "./replay";
import { recommendCpu, recommendMemoryFromPeaks, type Recommendation } from "./vpa-recommender";

/**
 * Loads history from Prometheus and replays profiles on it. Range queries are cut into
 * pieces of at most 10,000 steps (Prometheus refuses 11,000 points per series) and run
 * a few at a time; the windows are 1, 7 or 14 days at the controller's 15 s.
 */

export const REPLAY_WINDOWS = { "1d": 86400, "7d": 7 * 86400, "14d": 14 * 86400 } as const;
export type ReplayWindow = keyof typeof REPLAY_WINDOWS;

const MAX_STEPS = 10_000;

/** A range query over [start, end) at `step`, as one array aligned to start + i·step (NaN where absent). */
export async function rangeArray(query: string, start: number, end: number, step: number, signal?: AbortSignal): Promise<Float64Array> {
  const n = Math.round((end - start) / step);
  const out = new Float64Array(n).fill(Number.NaN);
  const pieces: [number, number][] = [];
  for (let i = 0; i < n; i += MAX_STEPS) pieces.push([start + i * step, start + Math.min(n, i + MAX_STEPS) * step - step]);
  const prom = getConfig().prometheus;
  for (let i = 0; i < pieces.length; i += 4) {
    await Promise.all(
      pieces.slice(i, i + 4).map(async ([s, e]) => {
        const r = await queryRange(prom, { query, start: s, end: e, step }, signal);
        for (const series of r.data) {
          for (const [t, v] of series.values) {
            const k = Math.round((Number(t) - start) / step);
            if (k >= 0 && k < n) out[k] = Number(v);
          }
        }
      }),
    );
  }
  return out;
}

export interface HpaReplay {
  window: ReplayWindow;
  start: number;
  step: number;
  /** what ran: kube_deployment_status_replicas */
  actual: Float64Array;
  current: ReplayResult;
  edited: ReplayResult;
  /** the metrics replayed, and those left out with the reason */
  metrics: { label: string; replayed: boolean; reason?: string }[];
  /** where history was missing or a query failed */
  notes: string[];
  /** server time of the replay itself (both profiles), ms */
  replayMs: number;
  loadMs: number;
}

/** Replays the current and the edited HPA spec on the same history of the workload's demand. */
export async function replayHpaProfiles(w: WorkloadRef, current: HpaSpecInput, edited: HpaSpecInput, window: ReplayWindow, end: number, signal?: AbortSignal): Promise<HpaReplay> {
  const step = REPLAY_STEP_SECONDS;
  const stop = Math.floor(end / step) * step;
  const start = stop - REPLAY_WINDOWS[window];
  const t0 = performance.now();
  const notes: string[] = [];
  // the union of both profiles' metrics: each replays with its own targets on the same demand
  const plans = [...metricPlans(current), ...metricPlans(edited)];
  const queries = [...new Set(plans.map((p) => demandQuery(p, w)).filter((q): q is string => q !== null))];
  const demand = new Map<string, Float64Array>();
  const [actual] = await Promise.all([
    rangeArray(replicasQuery(w), start, stop, step, signal).catch((err: unknown) => {
      notes.push(`actual replicas: ${describeFailure(err).message}`);
      return new Float64Array(0);
    }),
    ...queries.map(async (q) => {
      try {
        demand.set(q, await rangeArray(q, start, stop, step, signal));
      } catch (err) {
        notes.push(`${q}: ${describeFailure(err).message}`);
      }
    }),
  ]);
  const loadMs = performance.now() - t0;
  const run = (spec: HpaSpecInput) => {
    const metrics = metricPlans(spec).flatMap((p) => {
      const q = demandQuery(p, w);
      const d = q ? demand.get(q) : undefined;
      if (p.kind === "unsupported" || !d) return [];
      return [{ label: p.label, target: p.kind === "pods" ? p.target : p.target.value, demand: d }];
    });
    const c = controllerSpecOf(spec);
    const first = actual.find((v) => Number.isFinite(v));
    return replayHpa(c, { start, step, metrics, initialReplicas: first ?? c.minReplicas, tolerance: toleranceOf(c) });
  };
  const t1 = performance.now();
  const cur = run(current);
  const ed = run(edited);
  const replayMs = performance.now() - t1;
  const metrics = metricPlans(edited).map((p) => {
    if (p.kind === "unsupported") return { label: p.label, replayed: false, reason: p.reason };
    const q = demandQuery(p, w);
    const d = q ? demand.get(q) : undefined;
    if (!d) return { label: p.label, replayed: false, reason: q ? "its history could not be read" : "the console has no query for it" };
    const known = d.reduce((n, v) => (Number.isFinite(v) ? n + 1 : n), 0);
    if (known < d.length * 0.5) notes.push(`${p.label}: history covers ${Math.round((known / d.length) * 100)} % of the window`);
    return { label: p.label, replayed: true };
  });
  return { window, start, step, actual, current: cur, edited: ed, metrics, notes, replayMs, loadMs };
}

export interface VpaReplay {
  window: ReplayWindow;
  perResource: {
    resource: "cpu" | "memory";
    request: number | null;
    recommendation: Recommendation | null;
    /** request − target, per pod (positive: savings, negative: shortfall) */
    delta: number | null;
    pods: number;
  }[];
  notes: string[];
}

/** The recommendation the VPA recommender would make from the window's usage, against what the pods request now. */
export async function replayVpa(w: WorkloadRef, limits: Record<"cpu" | "memory", { min?: number; max?: number }>, window: ReplayWindow, end: number, signal?: AbortSignal): Promise<VpaReplay> {
  const step = 60;
  const stop = Math.floor(end / step) * step;
  const start = stop - REPLAY_WINDOWS[window];
  const days = REPLAY_WINDOWS[window] / 86400;
  const notes: string[] = [];
  const prom = getConfig().prometheus;
  const perResource = await Promise.all(
    (["cpu", "memory"] as const).map(async (resource) => {
      const samples: number[] = [];
      // memory: each pod's daily peaks, by the samples' own timestamps
      const peaks = new Map<string, number>();
      let pods = 0;
      try {
        for (let s = start; s < stop; s += MAX_STEPS * step) {
          const r = await queryRange(prom, { query: podUsageQuery(w, resource), start: s, end: Math.min(stop, s + MAX_STEPS * step) - step, step }, signal);
          pods = Math.max(pods, r.data.length);
          for (const series of r.data) {
            for (const [t, v] of series.values) {
              const x = Number(v);
              samples.push(x);
              const k = `${series.metric.pod ?? ""}/${Math.floor(Number(t) / 86400)}`;
              peaks.set(k, Math.max(peaks.get(k) ?? -Infinity, x));
            }
          }
        }
      } catch (err) {
        notes.push(`${resource} usage: ${describeFailure(err).message}`);
      }
      const req = await rangeArray(podRequestQuery(w, resource), stop - 300, stop, 60, signal).catch(() => new Float64Array(0));
      const request = [...req].reverse().find((v) => Number.isFinite(v)) ?? null;
      const recommendation = resource === "cpu" ? recommendCpu(samples, days, limits.cpu) : recommendMemoryFromPeaks([...peaks.values()], days, limits.memory);
      return { resource, request, recommendation, delta: request !== null && recommendation ? request - recommendation.target : null, pods };
    }),
  );
  return { window, perResource, notes };
}
