import { z } from "zod";
import { COMPARATORS, ITEM_STATUSES, TARGET_UNITS, TEMPLATE_KINDS, type ItemStatus } from "./kinds";
import { serviceSchema, targetSchema, thresholdSchema, windowSchema } from "./target";
import { targetFromTemplate, type Target } from "./templates";

/**
 * A roadmap item as the console edits it (the `RoadmapItem` row): the input schema
 * the actions validate with (per-field paths for the editor), and the conversion of a
 * template or raw target into the stored Target. Pure.
 */

export { ITEM_STATUSES, STATUS_LABELS, type ItemStatus } from "./kinds";

export const QUARTER = /^(\d{4})-Q([1-4])$/;
export const MAX_SERVICES = 20;

export interface RoadmapItemData {
  title: string;
  quarter: string;
  status: ItemStatus;
  owner: string;
  services: string[];
  description: string;
  target: Target | null;
}

/** What the editor sends for a target: a template with its parameters, or raw PromQL. */
export const targetInputSchema = z.discriminatedUnion("mode", [
  z.strictObject({
    mode: z.literal("template"),
    kind: z.enum(TEMPLATE_KINDS),
    service: serviceSchema,
    window: windowSchema,
    comparator: z.enum(COMPARATORS),
    threshold: thresholdSchema,
  }),
  z.strictObject({
    mode: z.literal("raw"),
    expr: targetSchema.shape.expr,
    comparator: z.enum(COMPARATORS),
    threshold: thresholdSchema,
    window: windowSchema,
    unit: z.enum(TARGET_UNITS),
  }),
]);
export type TargetInput = z.input<typeof targetInputSchema>;

export const itemInputSchema = z.strictObject({
  title: z.string().trim().min(1, "enter a title").max(200, "expected at most 200 characters"),
  quarter: z.string().trim().regex(QUARTER, "expected a quarter such as 2026-Q3"),
  status: z.enum(ITEM_STATUSES, { message: "expected planned, in progress, done or dropped" }),
  owner: z.string().trim().max(100, "expected at most 100 characters"),
  services: z.array(serviceSchema).max(MAX_SERVICES, `expected at most ${MAX_SERVICES} services`).refine((s) => new Set(s).size === s.length, "a service is listed twice"),
  description: z.string().max(5000, "expected at most 5,000 characters"),
  target: targetInputSchema.nullable(),
});
export type ItemInput = z.input<typeof itemInputSchema>;

export function targetFromInput(t: z.output<typeof targetInputSchema>): Target {
  if (t.mode === "template") return targetFromTemplate(t);
  return { expr: t.expr, comparator: t.comparator, threshold: t.threshold, window: t.window, unit: t.unit };
}

export function itemFromInput(i: z.output<typeof itemInputSchema>): RoadmapItemData {
  return { ...i, target: i.target ? targetFromInput(i.target) : null };
}

/** A stored target (JSON) read back: the target, or why it cannot be evaluated. */
export function readStoredTarget(json: unknown): { target: Target | null; error?: string } {
  if (json === null || json === undefined) return { target: null };
  const r = targetSchema.safeParse(json);
  if (r.success) return { target: r.data };
  return { target: null, error: `the stored target is invalid: ${r.error.issues.map((i) => `${i.path.join(".") || "target"}: ${i.message}`).join("; ")}` };
}

/** Quarters in order ("2026-Q1" < "2026-Q3" < "2027-Q1"): the string order, thanks to the format. */
export function compareQuarters(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The editor's target input for a stored target: the template again when it came from one. */
export function inputFromTarget(t: Target): TargetInput {
  if (t.template) return { mode: "template", kind: t.template.kind, service: t.template.service, window: t.window, comparator: t.comparator, threshold: t.threshold };
  return { mode: "raw", expr: t.expr, comparator: t.comparator, threshold: t.threshold, window: t.window, unit: t.unit };
}
