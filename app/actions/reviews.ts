"use server";

import { z } from "zod";
import { ActionFailure } from "@/lib/errors/action-failure";
import { reviewKindSchema } from "@/lib/reviews/kinds";
import { loadReport } from "@/lib/reviews/load";
import { reportRequestSchema, resolvePeriod } from "@/lib/reviews/request";
import {
  actionItemSchema,
  addActionItem,
  addDecision,
  createReview,
  createReviewSchema,
  decisionSchema,
  getReview,
  listReviews,
  notesSchema,
  saveNotes,
  updateActionItem,
  updateActionItemSchema,
} from "@/lib/reviews/store";
import { defineAction } from "@/lib/server/action";

/** Reports and review meetings: viewers read them, editors hold the meetings. */

export const getReportAction = defineAction("reviews.report", "VIEWER", reportRequestSchema, async (i) => {
  let period;
  try {
    period = resolvePeriod(i.period, Date.now() / 1000);
  } catch (err) {
    throw new ActionFailure("invalid", `period: ${(err as Error).message}`);
  }
  return loadReport({ period, services: i.services });
});

export const listReviewsAction = defineAction("reviews.list", "VIEWER", z.object({ kind: reviewKindSchema.optional() }), (i) => listReviews(i.kind));

export const getReviewAction = defineAction("reviews.get", "VIEWER", z.object({ id: z.string().max(40) }), (i) => getReview(i.id));

export const createReviewAction = defineAction("reviews.create", "EDITOR", createReviewSchema, (i, actor) => createReview(i, actor));

export const saveReviewNotesAction = defineAction("reviews.notes", "EDITOR", notesSchema, (i, actor) => saveNotes(i, actor));

export const addDecisionAction = defineAction("reviews.decision", "EDITOR", decisionSchema, (i, actor) => addDecision(i, actor));

export const addActionItemAction = defineAction("reviews.action_item", "EDITOR", actionItemSchema, (i, actor) => addActionItem(i, actor));

export const updateActionItemAction = defineAction("reviews.update_action_item", "EDITOR", updateActionItemSchema, (i, actor) => updateActionItem(i, actor));
