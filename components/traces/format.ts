/** Display helpers for the trace search: durations, counts, the duration axis. Pure. */

/** Three significant digits, trailing zeros dropped ("12.3", "1.24", "845"). */
function sig3(n: number): string {
  return Number(n.toPrecision(3)).toString();
}

/**
 * A duration in µs as people read it: 845 µs, 12.3 ms, 1.24 s, 2.5 min. The value is
 * rounded before the unit is chosen, so 999.7 µs reads "1 ms", not "1000 µs".
 */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us)) return "—";
  if (us < 0) return `-${formatDurationUs(-us)}`;
  if (us === 0) return "0 µs";
  const r = Number(us.toPrecision(3));
  if (r < 1000) return `${sig3(r)} µs`;
  if (r < 1e6) return `${sig3(r / 1000)} ms`;
  if (r < 60e6) return `${sig3(r / 1e6)} s`;
  if (r < 3600e6) return `${sig3(r / 60e6)} min`;
  return `${sig3(r / 3600e6)} h`;
}

/** A duration in ms (the scatter's axis unit) in the same style. */
export const formatDurationMs = (ms: number) => formatDurationUs(ms * 1000);

let startFormat: Intl.DateTimeFormat | undefined;

/**
 * A trace's start in the browser's zone, as formatTimestamp writes it
 * ("06/12/2026, 07:41:10"), from one shared Intl formatter: toLocaleString builds a
 * new one per call, about 50× slower, which a table of 1,500 rows notices.
 */
export function formatStartMs(ms: number): string {
  startFormat ??= new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  return Number.isFinite(ms) ? startFormat.format(ms) : "—";
}

/** The page of one trace. */
export const traceHref = (id: string) => `/traces/${encodeURIComponent(id)}`;

/** "1 trace", "120 traces". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

export interface DurationAxis {
  scale: "linear" | "log";
  /** set for the log scale: powers of ten around the data, so ticks read 1 ms, 10 ms, … */
  domain?: [number, number];
  ticks?: number[];
}

/**
 * The y axis for durations (ms): logarithmic when the longest is more than 100× the
 * shortest (a few slow traces would otherwise flatten every other dot onto the axis).
 * Zero durations count as 1 µs, since a log axis cannot show 0.
 */
export function durationAxis(durationsMs: readonly number[]): DurationAxis {
  if (durationsMs.length === 0) return { scale: "linear" };
  let min = Infinity;
  let max = 0;
  for (const d of durationsMs) {
    const v = Math.max(d, 0.001);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max / min <= 100) return { scale: "linear" };
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) ticks.push(Number((10 ** e).toPrecision(1)));
  return { scale: "log", domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}
