import { z } from "zod";
import { lastComplete, parsePeriodLabel, periodContaining, rangePeriod, type Period } from "./period";

/** A report's period as a caller gives it (the URL or an action's input). Pure. */
export const periodInputSchema = z.union([
  z.object({ label: z.string().trim().max(20) }),
  z.object({ last: z.enum(["week", "month", "quarter"]) }),
  z.object({ start: z.number().int(), end: z.number().int() }),
]);

export type PeriodInput = z.infer<typeof periodInputSchema>;

export const reportRequestSchema = z.object({
  period: periodInputSchema,
  services: z.array(z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, "a service name: letters, digits, . _ : -")).max(20).default([]),
});

/** The period of an input; throws a RangeError saying what is wrong. */
export function resolvePeriod(p: PeriodInput, now: number): Period {
  if ("label" in p) return parsePeriodLabel(p.label);
  if ("last" in p) return lastComplete(p.last, now);
  return rangePeriod(p.start, p.end);
}

/**
 * The period as the report's URL carries it: "last:week" (the last complete one),
 * "this:month" (the one running), "2026-W48" / "2026-11" / "2026-Q4", or a range of
 * UTC days "2026-11-01..2026-11-15" (the end day excluded).
 */
export function periodFromParam(param: string, now: number): PeriodInput {
  const [a, b] = param.split(":");
  if ((a === "last" || a === "this") && (b === "week" || b === "month" || b === "quarter")) {
    return a === "last" ? { last: b } : { label: periodContaining(b, now).label };
  }
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(param);
  if (range) return { start: Date.parse(`${range[1]}T00:00:00Z`) / 1000, end: Date.parse(`${range[2]}T00:00:00Z`) / 1000 };
  return { label: param };
}
