/**
 * Geometry of a static line chart: SVG paths for each series, nice y ticks, time
 * ticks. It is what a dashboard paints with its HTML, before any JavaScript runs;
 * the interactive chart replaces it once the page is live. Pure.
 */

export interface StaticSeries {
  name: string;
  points: [number, number | null][];
}

export interface StaticGeometry {
  paths: { name: string; d: string }[];
  yTicks: { y: number; value: number }[];
  xTicks: { x: number; t: number }[];
  plot: { left: number; top: number; width: number; height: number };
}

/** 1, 2, 2.5, 5 × 10^n: the step of about `count` ticks over [0, max]. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

export function staticGeometry(
  series: StaticSeries[],
  opts: { width: number; height: number; start: number; end: number; left?: number; bottom?: number },
): StaticGeometry {
  const left = opts.left ?? 78;
  const bottom = opts.bottom ?? 24;
  const plot = { left, top: 6, width: Math.max(10, opts.width - left - 12), height: Math.max(10, opts.height - bottom - 6) };
  let min = 0;
  let max = 0;
  for (const s of series) {
    for (const [t, v] of s.points) {
      if (v === null || !Number.isFinite(v) || t < opts.start || t > opts.end) continue;
      if (v > max) max = v;
      if (v < min) min = v;
    }
  }
  const step = niceStep(max - min, 4);
  const top = max > 0 ? Math.ceil(max / step) * step : step;
  const floor = min < 0 ? Math.floor(min / step) * step : 0;
  const span = opts.end - opts.start || 1;
  const x = (t: number) => plot.left + ((t - opts.start) / span) * plot.width;
  const y = (v: number) => plot.top + plot.height - ((v - floor) / (top - floor)) * plot.height;
  const r = (n: number) => Math.round(n * 10) / 10;

  const paths = series.map((s) => {
    // One min/max pair per pixel column: no more vertices than the screen can show.
    let d = "";
    let pen = false;
    let col = Number.NaN;
    let lo = 0;
    let hi = 0;
    const flush = () => {
      if (Number.isNaN(col)) return;
      d += `${pen ? "L" : "M"}${col} ${r(y(lo))}`;
      if (hi !== lo) d += `L${col} ${r(y(hi))}`;
      pen = true;
    };
    for (const [t, v] of s.points) {
      if (t < opts.start || t > opts.end) continue;
      if (v === null || !Number.isFinite(v)) {
        flush();
        col = Number.NaN;
        pen = false;
        continue;
      }
      const c = Math.round(x(t));
      if (c !== col) {
        flush();
        col = c;
        lo = v;
        hi = v;
      } else {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    flush();
    return { name: s.name, d };
  });

  const yTicks: StaticGeometry["yTicks"] = [];
  for (let v = floor; v <= top + step / 2; v += step) yTicks.push({ y: r(y(v)), value: Number(v.toPrecision(12)) });
  const xTicks: StaticGeometry["xTicks"] = [];
  const count = Math.max(2, Math.floor(plot.width / 110));
  for (let i = 0; i <= count; i++) {
    const t = opts.start + (span * i) / count;
    xTicks.push({ x: r(x(t)), t });
  }
  return { paths, yTicks, xTicks, plot };
}
