/**
 * Downsampling for drawing: when a series has more points than the chart has
 * pixels, keep the minimum and the maximum of each bucket (in time order), so that
 * spikes and dips survive, unlike averaging or picking every n-th point.
 */
export type Point = [number, number | null];

export function downsampleMinMax(points: Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints || maxPoints < 4) return points;
  const buckets = Math.floor(maxPoints / 2);
  const size = points.length / buckets;
  const out: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(points.length, Math.floor((b + 1) * size));
    let min: Point | undefined;
    let max: Point | undefined;
    let gap: Point | undefined;
    for (let i = from; i < to; i++) {
      const p = points[i] as Point;
      if (p[1] === null) {
        gap ??= p;
        continue;
      }
      if (!min || p[1] < (min[1] as number)) min = p;
      if (!max || p[1] > (max[1] as number)) max = p;
    }
    if (!min || !max) {
      if (gap) out.push(gap); // keep gaps visible as gaps
      continue;
    }
    if (min === max) out.push(min);
    else if (min[0] < max[0]) out.push(min, max);
    else out.push(max, min);
  }
  return out;
}

/**
 * Rounds values to `digits` significant digits for sending to the browser: a chart
 * cannot show more (a 220 px axis resolves about 1 part in 500, tooltips print three
 * digits), and 17-digit floats would make up half of a dashboard's page weight.
 * Timestamps, nulls (gaps) and non-finite values are kept as they are.
 */
export function roundForDisplay(points: Point[], digits = 4): Point[] {
  return points.map(([t, v]) => [t, v === null || !Number.isFinite(v) || v === 0 ? v : Number(v.toPrecision(digits))]);
}
