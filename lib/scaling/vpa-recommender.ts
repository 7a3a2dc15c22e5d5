/**
 * The VPA recommender's numbers for one container (kubernetes/autoscaler,
 * vertical-pod-autoscaler/pkg/recommender/logic): from usage samples, CPU target /
 * lower / upper bound = the 90th / 50th / 95th percentile of CPU usage; memory the same
 * percentiles of each day's peak working set; each plus a 15 % safety margin, floored at
 * 25 millicores and 250 MiB (pod minimums); with little history the bounds widen by a
 * confidence factor (upper × (1 + 1/days), lower × (1 + 0.001/days)^-2), as the
 * recommender does. Then the container policy's minAllowed / maxAllowed cap them.
 * The recommender weighs samples with a 24 h half-life; this takes the window's samples
 * as they are (a plain percentile), which the replay states. Pure.
 */

export interface Recommendation {
  lowerBound: number;
  target: number;
  upperBound: number;
  /** target before minAllowed / maxAllowed */
  uncappedTarget: number;
}

export const VPA_DEFAULTS = { safetyMargin: 0.15, minCpuCores: 0.025, minMemoryBytes: 250 * 2 ** 20, targetPercentile: 0.9, lowerPercentile: 0.5, upperPercentile: 0.95 } as const;

/** The q-th percentile (0–1) of values, by nearest rank; NaN when there are none. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const finite = Array.from(values).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!finite.length) return Number.NaN;
  return finite[Math.min(finite.length - 1, Math.max(0, Math.ceil(q * finite.length) - 1))]!;
}

/** Each day's peak of a series sampled every `stepSeconds` from `start` (memory is judged by daily peaks). */
export function dailyPeaks(values: ArrayLike<number>, start: number, stepSeconds: number): number[] {
  const peaks = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const day = Math.floor((start + i * stepSeconds) / 86400);
    peaks.set(day, Math.max(peaks.get(day) ?? -Infinity, v));
  }
  return [...peaks.values()];
}

function bounds(samples: ArrayLike<number>, floor: number, historyDays: number, limits: { min?: number; max?: number }): Recommendation | null {
  const p = (q: number) => percentile(samples, q) * (1 + VPA_DEFAULTS.safetyMargin);
  const target = p(VPA_DEFAULTS.targetPercentile);
  if (!Number.isFinite(target)) return null;
  const days = Math.max(historyDays, 1 / 24);
  const lower = Math.max(floor, p(VPA_DEFAULTS.lowerPercentile) * (1 + 0.001 / days) ** -2);
  const upper = Math.max(floor, p(VPA_DEFAULTS.upperPercentile) * (1 + 1 / days));
  const cap = (v: number) => Math.min(limits.max ?? Infinity, Math.max(limits.min ?? 0, v));
  const uncapped = Math.max(floor, target);
  return { lowerBound: cap(lower), target: cap(uncapped), upperBound: cap(upper), uncappedTarget: uncapped };
}

/** CPU (cores) from usage samples over `historyDays`. */
export function recommendCpu(usageCores: ArrayLike<number>, historyDays: number, limits: { min?: number; max?: number } = {}): Recommendation | null {
  return bounds(usageCores, VPA_DEFAULTS.minCpuCores, historyDays, limits);
}

/** Memory (bytes) from working-set samples of one container: percentiles of its daily peaks. */
export function recommendMemory(workingSetBytes: ArrayLike<number>, start: number, stepSeconds: number, historyDays: number, limits: { min?: number; max?: number } = {}): Recommendation | null {
  return recommendMemoryFromPeaks(dailyPeaks(workingSetBytes, start, stepSeconds), historyDays, limits);
}

/** Memory (bytes) from daily peaks already taken (of one or several pods). */
export function recommendMemoryFromPeaks(peaks: ArrayLike<number>, historyDays: number, limits: { min?: number; max?: number } = {}): Recommendation | null {
  return bounds(peaks, VPA_DEFAULTS.minMemoryBytes, historyDays, limits);
}

/** Whether the updater would evict to apply a recommendation: the request is outside [lowerBound, upperBound]. */
export function outsideBounds(request: number, r: Recommendation): boolean {
  return request < r.lowerBound || request > r.upperBound;
}
