import { z } from "zod";
import type { PeriodKind } from "./period";

/** The two review meetings: what period each covers. Pure. */
export const REVIEW_KINDS = {
  weekly: { title: "Weekly performance review", period: "week" },
  monthly: { title: "Monthly SLA / roadmap review", period: "month" },
} as const satisfies Record<string, { title: string; period: Exclude<PeriodKind, "range"> }>;

export type ReviewKind = keyof typeof REVIEW_KINDS;
export const reviewKindSchema = z.enum(["weekly", "monthly"]);

export const ACTION_STATUSES = ["open", "done", "dropped"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
