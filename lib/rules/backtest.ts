import type { Labels, RangeSeries } from "@/lib/prometheus/types";

/**
 * "How often would this alert have fired?" Replays Prometheus's alerting state machine
 * (rules/alerting.go, AlertingRule.Eval) over the result of a range query of the alert's
 * `expr`. Pure.
 *
 * The state machine, per alert (one per labelset of the expr's result, `__name__` dropped):
 * - a series present at an evaluation means the expr was true there (any value, even 0);
 *   absent (a gap, or no sample) means false;
 * - first active evaluation → pending, `activeAt` = that evaluation;
 * - pending and `ts - activeAt >= for` → firing at `ts` (checked in the same evaluation,
 *   so `for: 0` fires on the first active evaluation without a pending interval);
 * - absent while pending → the alert is dropped (no firing; the next activation starts
 *   a new pending period);
 * - absent while firing, `keep_firing_for` = 0 → resolved at that evaluation;
 * - absent while firing, `keep_firing_for` > 0 → `keepFiringSince` = the first absent
 *   evaluation; it keeps firing while `ts - keepFiringSince < keep_firing_for`, i.e. the
 *   window counts from the first evaluation at which the condition had cleared (upstream
 *   code), not from the last active one; present again within the window → still the
 *   same firing episode, no new pending period.
 *
 * Intervals are half-open [start, end): a state holds from the evaluation that entered
 * it until the evaluation that left it. An episode still pending or firing at the last
 * evaluation ends at the range end and is flagged `open`.
 *
 * Resolution caveat: Prometheus evaluates the rule every group `interval` (plus
 * `query_offset`), with instant queries at times that are not aligned to this grid. A
 * range query evaluates at `step` intervals instead. With `step` larger than the rule's
 * evaluation interval, short spikes between two steps are missed, gaps shorter than a
 * step are invisible (a flapping alert looks continuous), transitions are quantised to
 * the step (firing may start up to one step later than it would have), and `for` or
 * `keep_firing_for` shorter than `step` act as if they were one step. For a faithful
 * replay use `step` equal to the group's evaluation interval. Not modelled: the group
 * `limit`, restoring `for` state after a restart (ALERTS_FOR_STATE), templated labels
 * that change the labelset (e.g. `{{ $value }}` in labels), and the lookback/staleness
 * differences between the data now and the data the ruler saw then.
 */

export interface BacktestOptions {
  /** Range of the query, unix seconds. */
  start: number;
  end: number;
  /** Seconds between evaluations of the range query. */
  step: number;
  /** The rule's `for`, seconds. */
  forSeconds: number;
  /** The rule's `keep_firing_for`, seconds (default 0). */
  keepFiringForSeconds?: number;
}

export type AlertState = "pending" | "firing";

export interface AlertInterval {
  /** unix seconds, inclusive */
  start: number;
  /** unix seconds, exclusive; the range end when `open` */
  end: number;
  state: AlertState;
  /** Still in this state at the last evaluation of the range. */
  open?: true;
}

export interface SeriesBacktest {
  /** The alert's labelset: the series' labels without `__name__`. */
  labels: Labels;
  intervals: AlertInterval[];
  firingSeconds: number;
}

export interface BacktestSummary {
  /** Distinct firing episodes over all series (an episode bridged by keep_firing_for counts once). */
  firings: number;
  /** Episodes that were pending and never reached firing (including one still pending at the range end). */
  pendingOnly: number;
  totalFiringSeconds: number;
  longestFiringSeconds: number;
  /** Start of the earliest firing interval. */
  firstFiringAt?: number;
  /** Start of the latest firing interval (when the alert last fired). */
  lastFiringAt?: number;
  /** Series that fired at least once. */
  seriesFiring: number;
  /** Evaluations replayed per series (points on the step grid). */
  evaluations: number;
}

export interface BacktestResult {
  /** Series that fired first: most firing seconds, then most pending, then by labels. */
  series: SeriesBacktest[];
  summary: BacktestSummary;
  /** Problems Prometheus itself would hit with this result (operator-readable). */
  warnings: string[];
}

/** Evaluation times of a range query: start, start+step, … up to and including end. */
function evaluationCount(start: number, end: number, step: number): number {
  // Prometheus: for ts := start; ts <= end; ts += step. The epsilon absorbs float error.
  return Math.floor((end - start) / step + 1e-9) + 1;
}

function checkRange(start: number, end: number, step: number) {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
    throw new RangeError(`expected a range with start <= end, got start=${start} end=${end}`);
  }
  if (!Number.isFinite(step) || step <= 0) throw new RangeError(`expected a positive step in seconds, got ${step}`);
  const n = evaluationCount(start, end, step);
  if (n > 1_000_000) throw new RangeError(`${n} evaluations is too many; use a larger step`);
  return n;
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function withoutName(metric: Labels): Labels {
  const { __name__: _name, ...rest } = metric;
  return rest;
}

function formatLabels(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(", ")}}`;
}

interface Grouped {
  labels: Labels;
  members: RangeSeries[];
}

/** Groups series by their labelset without `__name__`, the identity Prometheus gives the output. */
function groupByLabelset(series: RangeSeries[]): Grouped[] {
  const groups = new Map<string, Grouped>();
  for (const s of series) {
    const labels = withoutName(s.metric);
    const key = labelKey(labels);
    const g = groups.get(key);
    if (g) g.members.push(s);
    else groups.set(key, { labels, members: [s] });
  }
  return [...groups.values()];
}

function duplicateWarning(duplicates: Grouped[], what: "alert" | "rule"): string[] {
  if (duplicates.length === 0) return [];
  const example = duplicates[0]!;
  const names = example.members.map((m) => m.metric.__name__ ?? "(no name)").join(", ");
  return [
    `${duplicates.length} labelset(s) occur in more than one series once __name__ is dropped, e.g. ${formatLabels(example.labels)} from ${names}. ` +
      `Prometheus fails such an evaluation ("vector contains metrics with the same labelset after applying ${what} labels"); ` +
      `aggregate or add a distinguishing label. They are merged here.`,
  ];
}

export function backtestAlert(series: RangeSeries[], opts: BacktestOptions): BacktestResult {
  const { start, end, step } = opts;
  const n = checkRange(start, end, step);
  const holdFor = opts.forSeconds;
  const keepFiringFor = opts.keepFiringForSeconds ?? 0;
  if (!(holdFor >= 0)) throw new RangeError(`expected for >= 0 seconds, got ${holdFor}`);
  if (!(keepFiringFor >= 0)) throw new RangeError(`expected keep_firing_for >= 0 seconds, got ${keepFiringFor}`);

  const grouped = groupByLabelset(series);
  const results: (SeriesBacktest & { pendingSeconds: number; key: string })[] = [];
  let firings = 0;
  let pendingOnly = 0;
  let longest = 0;
  let total = 0;
  let firstFiringAt: number | undefined;
  let lastFiringAt: number | undefined;

  for (const g of grouped) {
    // Samples are snapped to the nearest evaluation: query frontends (Mimir, Thanos) may
    // align the range to the step, so timestamps need not sit exactly on start + k*step.
    const active = new Uint8Array(n);
    for (const s of g.members) {
      for (const [t] of s.values) {
        const k = Math.round((t - start) / step);
        if (k >= 0 && k < n) active[k] = 1;
      }
    }
    const intervals: AlertInterval[] = [];
    let state: "inactive" | AlertState = "inactive";
    let activeAt = 0;
    let firedAt = 0;
    let keepFiringSince: number | undefined;

    for (let k = 0; k < n; k++) {
      const ts = start + k * step;
      if (active[k]) {
        keepFiringSince = undefined;
        if (state === "inactive") {
          state = "pending";
          activeAt = ts;
        }
        if (state === "pending" && ts - activeAt >= holdFor) {
          if (ts > activeAt) intervals.push({ start: activeAt, end: ts, state: "pending" });
          state = "firing";
          firedAt = ts;
        }
        continue;
      }
      if (state === "firing" && keepFiringFor > 0) {
        keepFiringSince ??= ts;
        if (ts - keepFiringSince < keepFiringFor) continue;
      }
      if (state === "pending") {
        intervals.push({ start: activeAt, end: ts, state: "pending" });
        pendingOnly++;
      } else if (state === "firing") {
        intervals.push({ start: firedAt, end: ts, state: "firing" });
      }
      state = "inactive";
      keepFiringSince = undefined;
    }
    if (state === "pending") {
      intervals.push({ start: activeAt, end, state: "pending", open: true });
      pendingOnly++;
    } else if (state === "firing") {
      intervals.push({ start: firedAt, end, state: "firing", open: true });
    }

    let firingSeconds = 0;
    let pendingSeconds = 0;
    for (const iv of intervals) {
      const d = iv.end - iv.start;
      if (iv.state === "pending") {
        pendingSeconds += d;
        continue;
      }
      firings++;
      firingSeconds += d;
      longest = Math.max(longest, d);
      if (firstFiringAt === undefined || iv.start < firstFiringAt) firstFiringAt = iv.start;
      if (lastFiringAt === undefined || iv.start > lastFiringAt) lastFiringAt = iv.start;
    }
    total += firingSeconds;
    results.push({ labels: g.labels, intervals, firingSeconds, pendingSeconds, key: labelKey(g.labels) });
  }

  results.sort(
    (a, b) =>
      b.firingSeconds - a.firingSeconds || b.pendingSeconds - a.pendingSeconds || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return {
    series: results.map(({ labels, intervals, firingSeconds }) => ({ labels, intervals, firingSeconds })),
    summary: {
      firings,
      pendingOnly,
      totalFiringSeconds: total,
      longestFiringSeconds: longest,
      firstFiringAt,
      lastFiringAt,
      seriesFiring: results.filter((r) => r.intervals.some((i) => i.state === "firing")).length,
      evaluations: n,
    },
    warnings: duplicateWarning(
      grouped.filter((g) => g.members.length > 1),
      "alert",
    ),
  };
}

/** A sample value as Prometheus writes it ("1.5", "NaN", "+Inf", "-Inf"). */
export function parseSampleValue(v: string): number {
  if (v === "+Inf" || v === "Inf") return Infinity;
  if (v === "-Inf") return -Infinity;
  if (v === "NaN") return NaN;
  const x = Number(v);
  return v.trim() === "" ? NaN : x;
}

export interface RecordedSeriesPreview {
  /** Labels of the recorded series, without `__name__` (the rule replaces it by `record`). */
  labels: Labels;
  /** Smallest / largest non-NaN sample, as the string Prometheus sent (JSON-safe for ±Inf); null when all are NaN. */
  min: string | null;
  max: string | null;
  /** Last sample and its time. */
  last: string;
  lastAt: number;
  samples: number;
  nanSamples: number;
}

export interface RecordingPreview {
  /** Distinct output series (labelsets without `__name__`). */
  seriesCount: number;
  /** Label names whose value differs between series, or that some series lack: the output's dimensions. */
  varyingLabels: string[];
  /** Labels every series has with the same value. */
  constantLabels: Labels;
  /** Up to maxSeries series, largest max first (series that are all NaN last). */
  series: RecordedSeriesPreview[];
  /** Samples over all series that are NaN (e.g. 0/0 in a ratio). */
  nanSamples: number;
  warnings: string[];
}

/**
 * Summarises what a recording rule would write, from a range query of its expr: how many
 * series (its cardinality), which labels vary, and min/max/last per series for the top
 * `maxSeries`. Pure.
 */
export function recordingPreview(series: RangeSeries[], maxSeries: number): RecordingPreview {
  if (!Number.isInteger(maxSeries) || maxSeries < 0) throw new RangeError(`expected maxSeries >= 0, got ${maxSeries}`);
  const grouped = groupByLabelset(series);
  const names = new Set<string>();
  for (const g of grouped) for (const k of Object.keys(g.labels)) names.add(k);
  const varying: string[] = [];
  const constant: Labels = {};
  for (const name of [...names].sort()) {
    const first = grouped[0]?.labels[name];
    if (grouped.every((g) => g.labels[name] !== undefined && g.labels[name] === first)) constant[name] = first!;
    else varying.push(name);
  }

  let nanTotal = 0;
  const previews = grouped.map((g) => {
    const values = g.members.flatMap((m) => m.values).sort((a, b) => a[0] - b[0]);
    let min: [number, string] | null = null;
    let max: [number, string] | null = null;
    let nan = 0;
    for (const [, raw] of values) {
      const v = parseSampleValue(raw);
      if (Number.isNaN(v)) {
        nan++;
        continue;
      }
      if (min === null || v < min[0]) min = [v, raw];
      if (max === null || v > max[0]) max = [v, raw];
    }
    nanTotal += nan;
    const lastSample = values.at(-1);
    const preview: RecordedSeriesPreview = {
      labels: g.labels,
      min: min?.[1] ?? null,
      max: max?.[1] ?? null,
      last: lastSample?.[1] ?? "NaN",
      lastAt: lastSample?.[0] ?? NaN,
      samples: values.length,
      nanSamples: nan,
    };
    return { preview, maxValue: max?.[0] ?? -Infinity, hasMax: max !== null, key: labelKey(g.labels) };
  });
  previews.sort(
    (a, b) =>
      Number(b.hasMax) - Number(a.hasMax) ||
      (b.maxValue === a.maxValue ? 0 : b.maxValue > a.maxValue ? 1 : -1) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );

  const warnings = duplicateWarning(
    grouped.filter((g) => g.members.length > 1),
    "rule",
  );
  if (nanTotal > 0) {
    warnings.push(`${nanTotal} sample(s) are NaN: the rule would record NaN there (a division by zero, e.g. a ratio over no traffic?).`);
  }
  return {
    seriesCount: grouped.length,
    varyingLabels: varying,
    constantLabels: constant,
    series: previews.slice(0, maxSeries).map((p) => p.preview),
    nanSamples: nanTotal,
    warnings,
  };
}
