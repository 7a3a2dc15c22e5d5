/** Wire types of the Prometheus HTTP API (v1), as documented upstream. */

export type ApiResponse<T> =
  | { status: "success"; data: T; warnings?: string[]; infos?: string[] }
  | { status: "error"; errorType: string; error: string; warnings?: string[] };

export type Labels = Record<string, string>;
/** [unix seconds, "value as string"] */
export type SamplePair = [number, string];

export interface RangeSeries {
  metric: Labels;
  values: SamplePair[];
}
export interface InstantSeries {
  metric: Labels;
  value: SamplePair;
}

export type QueryData =
  | { resultType: "matrix"; result: RangeSeries[] }
  | { resultType: "vector"; result: InstantSeries[] }
  | { resultType: "scalar"; result: SamplePair }
  | { resultType: "string"; result: SamplePair };

export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildDate: string;
  goVersion: string;
}

/** A successful answer together with the warnings Prometheus attached to it. */
export interface WithWarnings<T> {
  data: T;
  warnings: string[];
}

export interface ExemplarSeries {
  seriesLabels: Labels;
  exemplars: { labels: Labels; value: string; timestamp: number }[];
}
