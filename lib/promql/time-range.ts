/**
 * Time ranges, steps and alignment for range queries. Start and end are multiples
 * of the step so that identical views produce identical, cacheable queries.
 */

export const RANGE_PRESETS = ["5m", "15m", "1h", "3h", "6h", "12h", "24h", "2d", "7d", "14d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Prometheus rejects range queries above 11,000 points per series. */
export const MAX_POINTS = 11_000;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "90s", "5m", "24h", "7d" → seconds. Returns undefined for anything else. */
export function parseDurationSeconds(text: string): number | undefined {
  const m = /^(\d+)([smhdw])$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = UNIT_SECONDS[m[2] as string];
  if (unit === undefined || n <= 0) return undefined;
  return n * unit;
}

/** Seconds → the shortest PromQL duration literal ("300" → "5m", "5400" → "90m"). */
export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  for (const [unit, size] of [
    ["w", 604800],
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
  ] as const) {
    if (s % size === 0) return `${s / size}${unit}`;
  }
  return `${s}s`;
}

const NICE_STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * The step for a range drawn `widthPx` wide: about one point per 2 pixels, rounded
 * up to a "nice" step, at least `minStep` (the data's resolution) and never more
 * than MAX_POINTS points.
 */
export function stepFor(rangeSeconds: number, widthPx: number, minStep = 1): number {
  const points = Math.max(2, Math.floor(widthPx / 2));
  const raw = Math.max(rangeSeconds / points, rangeSeconds / MAX_POINTS, minStep);
  const nice = NICE_STEPS.find((s) => s >= raw);
  return nice ?? Math.ceil(raw / 86400) * 86400;
}

export interface AlignedRange {
  start: number;
  end: number;
  step: number;
}

/**
 * The range ending at or just before `endSeconds`, on multiples of the step (unix
 * seconds). The end is rounded down, never into the future: evaluating rate() past
 * the newest sample draws a false drop at the right edge of every chart.
 */
export function alignRangeToStep(endSeconds: number, rangeSeconds: number, step: number): AlignedRange {
  const end = Math.floor(endSeconds / step) * step;
  const start = end - Math.ceil(rangeSeconds / step) * step;
  return { start, end, step };
}

/**
 * Window for rate()/increase() over data of `scrapeSeconds` resolution at `step`:
 * at least 4 scrapes, and at least the step so that no sample falls between points.
 */
export function rateWindowSeconds(step: number, scrapeSeconds: number): number {
  return Math.max(4 * scrapeSeconds, step);
}

/**
 * Resolution of the data the console reads: steps below `minStepSeconds` show nothing
 * new, and rate windows must span at least four scrapes of the coarsest data
 * (backfilled history is at 60 s, live scrapes at 5 s).
 */
export const DATA_RESOLUTION = { minStepSeconds: 15, scrapeSeconds: 60 } as const;
