/**
 * Small pure helpers of the trace view: durations in µs/ms/s, a stable colour per
 * service, the time ruler's ticks and the dashboard window around a trace.
 */

import { formatDurationUs } from "../format";

/** A duration given in µs ("850 µs", "12.4 ms", "1.25 s", "2.5 min"): the one formatter of the trace pages. */
export const formatUs = formatDurationUs;

/** A signed difference in µs: "+1.2 ms", "−300 µs", "0 µs". */
export function formatDeltaUs(us: number): string {
  if (us === 0) return "0 µs";
  return `${us > 0 ? "+" : "−"}${formatUs(Math.abs(us))}`;
}

/** FNV-1a over the UTF-16 code units. */
function fnv1a(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The hue of a service: the same name always gets the same hue. */
export const hashHue = (name: string) => fnv1a(name) % 360;

const colors = new Map<string, string>();

/**
 * The colour of a service's swatch, chip and bars (readable on the dark theme): hue
 * from the name's hash, and one of two lightnesses from other bits of it, so two
 * names with close hues still tell apart more often than not.
 */
export function serviceColor(service: string): string {
  let c = colors.get(service);
  if (c === undefined) {
    const h = fnv1a(service);
    c = `hsl(${h % 360} 62% ${(h >>> 12) & 1 ? 68 : 52}%)`;
    if (colors.size < 10_000) colors.set(service, c);
  }
  return c;
}

/** Ticks of the ruler: `count` + 1 evenly spaced points over [startUs, endUs] (0, 25 %, …, 100 %). */
export function rulerTicks(startUs: number, endUs: number, count = 4): { fraction: number; label: string }[] {
  const span = Math.max(0, endUs - startUs);
  return Array.from({ length: count + 1 }, (_, i) => {
    const fraction = i / count;
    return { fraction, label: formatUs(startUs + span * fraction) };
  });
}

/** ms since the epoch of a trace start given as decimal nanoseconds (beyond 2^53). */
export function startMsOf(startNs: string): number {
  if (!/^\d+$/.test(startNs)) return 0;
  const ns = BigInt(startNs);
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

const PAD_MS = 5 * 60 * 1000;

/** The service dashboard around a trace: from 5 min before its start to 5 min after its end. */
export function dashboardHref(service: string, startMs: number, durationUs: number): string {
  const from = new Date(Math.floor(startMs - PAD_MS)).toISOString();
  const to = new Date(Math.ceil(startMs + durationUs / 1000 + PAD_MS)).toISOString();
  return `/services/${encodeURIComponent(service)}?${new URLSearchParams({ from, to }).toString()}`;
}

/** Local wall-clock time with milliseconds, e.g. "2024-03-22 21:30:46.940". */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** A bar's place in a window, in % of the window: left and width (clipped to the window). */
export function barPlacement(startUs: number, durationUs: number, viewStart: number, viewEnd: number): { left: number; width: number } | undefined {
  const span = viewEnd - viewStart;
  if (!(span > 0)) return undefined;
  const s = Math.max(startUs, viewStart);
  const e = Math.min(startUs + durationUs, viewEnd);
  // a zero-length span at the window's edge still shows (as its minimum width)
  if (e < s || startUs > viewEnd || startUs + durationUs < viewStart) return undefined;
  return { left: ((s - viewStart) / span) * 100, width: ((e - s) / span) * 100 };
}
