import type { Series, SeriesGetter } from "./model";

/**
 * A histogram's series looked up once (bucket series, +Inf, _count, _sum), so a
 * step adds to them without building keys: history writes 14 days of them.
 */
export interface HistogramHandle {
  bounds: number[];
  buckets: Series[];
  inf: Series;
  count: Series;
  sum: Series;
}

export function histogramHandle(get: SeriesGetter, target: string, family: string, labels: [string, string][], bounds: number[]): HistogramHandle {
  return {
    bounds,
    buckets: bounds.map((le) => get(target, family, `${family}_bucket`, [...labels, ["le", String(le)]], "histogram")),
    inf: get(target, family, `${family}_bucket`, [...labels, ["le", "+Inf"]], "histogram"),
    count: get(target, family, `${family}_count`, labels, "histogram"),
    sum: get(target, family, `${family}_sum`, labels, "histogram"),
  };
}

/** Adds `count` observations distributed by `cdf` (cumulative buckets), their mean being `mean`. */
export function observe(h: HistogramHandle, count: number, cdf: (x: number) => number, mean: number): void {
  for (let i = 0; i < h.bounds.length; i++) h.buckets[i]!.value += count * cdf(h.bounds[i]!);
  h.inf.value += count;
  h.count.value += count;
  h.sum.value += count * mean;
}
