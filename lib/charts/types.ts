/** A chart's series as the browser draws it. */
export interface ChartSeries {
  name: string;
  /** [unix seconds, value]; null where Prometheus had no sample or the value is NaN */
  points: [number, number | null][];
}
