/**
 * Replica curves for a chart: at most `points` buckets over the window, each the
 * highest count in its bucket (a short scale-up stays visible). Plain arrays, so they
 * cross the server-action boundary as they are. Pure.
 */
export function chartSeries(start: number, step: number, series: Record<string, ArrayLike<number>>, points: number): { t: number[]; series: Record<string, (number | null)[]> } {
  const n = Object.values(series).reduce((m, s) => Math.max(m, s.length), 0);
  const per = Math.max(1, Math.ceil(n / points));
  const t: number[] = [];
  for (let i = 0; i < n; i += per) t.push(start + i * step);
  const out: Record<string, (number | null)[]> = {};
  for (const [name, s] of Object.entries(series)) {
    const col: (number | null)[] = [];
    for (let i = 0; i < n; i += per) {
      let best = -Infinity;
      for (let k = i; k < Math.min(n, i + per); k++) {
        const v = s[k];
        if (v !== undefined && Number.isFinite(v) && v > best) best = v;
      }
      col.push(best === -Infinity ? null : best);
    }
    out[name] = col;
  }
  return { t, series: out };
}
