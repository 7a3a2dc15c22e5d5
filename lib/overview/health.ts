/**
 * Health of a service against its targets. Until SLOs are defined in the console,
 * the targets are those of the reference alert rules: 5xx ratio under 1 %
 * (HighErrorRate) and p95 under 0.5 s (HighResponseTime). Pure.
 */
export const DEFAULT_TARGETS = { errorRatio: 0.01, p95Seconds: 0.5 };

export type HealthLevel = "healthy" | "at risk" | "breaching" | "unknown";

export interface Health {
  /** the worst of value/target over the signals; 1 = exactly at target */
  score: number | null;
  level: HealthLevel;
}

export function healthOf(errorRatio: number | null | undefined, p95: number | null | undefined, targets = DEFAULT_TARGETS): Health {
  const parts = [
    errorRatio == null ? null : errorRatio / targets.errorRatio,
    p95 == null ? null : p95 / targets.p95Seconds,
  ].filter((x): x is number => x !== null);
  if (parts.length === 0) return { score: null, level: "unknown" };
  const score = Math.max(...parts);
  return { score, level: score > 1 ? "breaching" : score > 0.8 ? "at risk" : "healthy" };
}

/** Worst first; unknown last; ties by name. */
export function rankByHealth<T extends { name: string; health: Health }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => {
    const sa = a.health.score ?? -1;
    const sb = b.health.score ?? -1;
    return sb - sa || a.name.localeCompare(b.name);
  });
}
