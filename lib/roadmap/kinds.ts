/**
 * The roadmap's vocabularies, with no dependencies, so that the browser's editor can
 * list them without loading the PromQL parser. Pure.
 */

export const ITEM_STATUSES = ["planned", "in_progress", "done", "dropped"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const STATUS_LABELS: Record<ItemStatus, string> = { planned: "planned", in_progress: "in progress", done: "done", dropped: "dropped" };

export const COMPARATORS = ["<", "<=", ">", ">="] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const TARGET_UNITS = ["seconds", "ratio", "number"] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];
export const TEMPLATE_KINDS = ["latency-p95", "availability"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** What each template measures, for the editor, with its usual comparator and threshold. */
export const TEMPLATES: Record<TemplateKind, { label: string; unit: TargetUnit; comparator: Comparator; threshold: number }> = {
  "latency-p95": { label: "service p95 latency over the window", unit: "seconds", comparator: "<", threshold: 0.1 },
  availability: { label: "service availability (1 − 5xx ratio) over the window", unit: "ratio", comparator: ">=", threshold: 0.999 },
};
