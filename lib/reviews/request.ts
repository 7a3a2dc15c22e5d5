import { z } from "zod";
import { lastComplete, parsePeriodLabel, rangePeriod, type Period } from "./period";

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
