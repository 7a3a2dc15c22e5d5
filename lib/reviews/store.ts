import "server-only";
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/log";
import { prisma } from "@/lib/db/client";
import type { Actor } from "@/lib/documents/store";
import { ActionFailure } from "@/lib/errors/action-failure";
import { ACTION_STATUSES, REVIEW_KINDS, reviewKindSchema, type ReviewKind } from "./kinds";
import { loadRoadmap } from "@/lib/roadmap/load";
import { describeFailure } from "@/lib/upstream/errors";
import { loadReport } from "./load";
import { parsePeriodLabel, periodContaining } from "./period";
import type { Report } from "./report";
import type { ActionItemRow, ReviewDetail, ReviewSummary } from "./review-types";

/**
 * Review meetings: a dated record with the report frozen when it was created, notes
 * (saved with optimistic concurrency), decisions and action items. Open action items
 * carry over to the next reviews of the same kind. Everything is audited.
 */

const service = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/, "a service name: letters, digits, . _ : -");

export const createReviewSchema = z.object({
  kind: reviewKindSchema,
  /** "2026-W48" for a weekly review, "2026-11" for a monthly one */
  period: z.string().trim().max(20),
  services: z.array(service).max(20).default([]),
  title: z.string().trim().max(200).optional(),
});

export const notesSchema = z.object({ id: z.string().max(40), revision: z.number().int().min(0), notes: z.string().max(50_000) });
export const decisionSchema = z.object({ reviewId: z.string().max(40), text: z.string().trim().min(1, "write the decision").max(2000) });
export const actionItemSchema = z.object({
  reviewId: z.string().max(40),
  title: z.string().trim().min(1, "say what is to be done").max(500),
  owner: z.string().trim().min(1, "name an owner").max(200),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date: YYYY-MM-DD").optional(),
});
export const updateActionItemSchema = z.object({
  id: z.string().max(40),
  status: z.enum(ACTION_STATUSES).optional(),
  owner: z.string().trim().min(1).max(200).optional(),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date: YYYY-MM-DD").nullable().optional(),
});

const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function summary(r: { id: string; kind: string; title: string; periodStart: Date; periodEnd: Date; services: string[]; createdAt: Date; createdByEmail: string }, openItems: number): ReviewSummary {
  return {
    id: r.id,
    kind: r.kind as ReviewKind,
    title: r.title,
    periodLabel: periodContaining(REVIEW_KINDS[r.kind as ReviewKind]?.period ?? "week", r.periodStart.getTime() / 1000).label,
    periodStart: r.periodStart.toISOString(),
    periodEnd: r.periodEnd.toISOString(),
    services: r.services,
    createdAt: r.createdAt.toISOString(),
    createdByEmail: r.createdByEmail,
    openItems,
  };
}

export async function createReview(input: z.input<typeof createReviewSchema>, actor: Actor, now = Date.now() / 1000): Promise<{ id: string }> {
  const i = createReviewSchema.parse(input);
  let period;
  try {
    period = parsePeriodLabel(i.period);
  } catch (err) {
    throw new ActionFailure("invalid", `period: ${(err as Error).message}`);
  }
  const want = REVIEW_KINDS[i.kind].period;
  if (period.kind !== want) throw new ActionFailure("invalid", `period: a ${i.kind} review covers a ${want}, e.g. ${want === "week" ? "2026-W48" : "2026-11"}; got "${i.period}"`);
  if (period.start >= now) throw new ActionFailure("invalid", `period: ${period.label} has not started yet`);
  const report = await loadReport({ period, services: i.services }, undefined, now);
  if (i.kind === "monthly") {
    // the roadmap's targets as they stand at the meeting
    try {
      report.roadmap = await loadRoadmap(now);
    } catch (err) {
      report.roadmapError = describeFailure(err).message;
    }
  }
  const title = i.title || `${REVIEW_KINDS[i.kind].title} ${period.label}${i.services.length ? ` · ${i.services.join(", ")}` : ""}`;
  return prisma().$transaction(async (tx) => {
    const r = await tx.review.create({
      data: {
        kind: i.kind,
        title,
        periodStart: new Date(period.start * 1000),
        periodEnd: new Date(period.end * 1000),
        services: i.services,
        snapshot: report as unknown as Prisma.InputJsonValue,
        createdById: actor.id,
        createdByEmail: actor.email,
      },
    });
    await recordAudit({ actor, action: "review.create", targetType: "review", targetId: r.id, after: { kind: i.kind, period: period.label, services: i.services }, message: title }, tx);
    return { id: r.id };
  });
}

export async function listReviews(kind?: ReviewKind): Promise<ReviewSummary[]> {
  const rows = await prisma().review.findMany({
    where: kind ? { kind } : {},
    orderBy: [{ periodStart: "desc" }, { createdAt: "desc" }],
    take: 200,
    select: { id: true, kind: true, title: true, periodStart: true, periodEnd: true, services: true, createdAt: true, createdByEmail: true, snapshot: false, _count: { select: { actionItems: { where: { status: "open" } } } } },
  });
  return rows.map((r) => summary(r, r._count.actionItems));
}

export async function getReview(id: string): Promise<ReviewDetail> {
  const db = prisma();
  const r = await db.review.findUnique({ where: { id }, include: { decisions: { orderBy: { createdAt: "asc" } }, actionItems: { orderBy: { createdAt: "asc" } } } });
  if (!r) throw new ActionFailure("not_found", "no such review");
  // open items of earlier reviews of this kind, and those closed since this review was held
  const earlier = await db.reviewActionItem.findMany({
    where: { review: { kind: r.kind, periodStart: { lt: r.periodStart } }, OR: [{ status: "open" }, { closedAt: { gt: r.createdAt } }] },
    include: { review: { select: { title: true, services: true } } },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const item = (a: (typeof earlier)[number] | (typeof r.actionItems)[number], title: string, carriedOver: boolean): ActionItemRow => ({
    id: a.id,
    reviewId: a.reviewId,
    reviewTitle: title,
    title: a.title,
    owner: a.owner,
    due: isoDay(a.dueDate),
    status: a.status,
    createdAt: a.createdAt.toISOString(),
    closedAt: a.closedAt?.toISOString() ?? null,
    carriedOver,
  });
  // an item concerns the services of the review it was raised in: carried over to reviews
  // that cover one of them (a review of no service in particular covers them all)
  const overlaps = (services: string[]) => services.length === 0 || r.services.length === 0 || services.some((s) => r.services.includes(s));
  const items = [...earlier.filter((a) => overlaps(a.review.services)).map((a) => item(a, a.review.title, true)), ...r.actionItems.map((a) => item(a, r.title, false))];
  return {
    ...summary(r, r.actionItems.filter((a) => a.status === "open").length),
    notes: r.notes,
    revision: r.revision,
    snapshot: r.snapshot as unknown as Report,
    decisions: r.decisions.map((d) => ({ id: d.id, text: d.text, authorEmail: d.authorEmail, createdAt: d.createdAt.toISOString() })),
    actionItems: items,
  };
}

export async function saveNotes(input: z.infer<typeof notesSchema>, actor: Actor): Promise<{ revision: number }> {
  return prisma().$transaction(async (tx) => {
    const res = await tx.review.updateMany({ where: { id: input.id, revision: input.revision }, data: { notes: input.notes, revision: { increment: 1 } } });
    if (res.count === 0) {
      const exists = await tx.review.findUnique({ where: { id: input.id }, select: { revision: true, notes: true } });
      if (!exists) throw new ActionFailure("not_found", "no such review");
      throw new ActionFailure("conflict", `someone saved the notes meanwhile (revision ${exists.revision}); your text is kept in the editor: copy it, reload and merge`);
    }
    await recordAudit({ actor, action: "review.notes", targetType: "review", targetId: input.id, after: { revision: input.revision + 1, length: input.notes.length } }, tx);
    return { revision: input.revision + 1 };
  });
}

async function assertReview(id: string): Promise<void> {
  if (!(await prisma().review.findUnique({ where: { id }, select: { id: true } }))) throw new ActionFailure("not_found", "no such review");
}

export async function addDecision(input: z.infer<typeof decisionSchema>, actor: Actor): Promise<{ id: string }> {
  await assertReview(input.reviewId);
  return prisma().$transaction(async (tx) => {
    const d = await tx.reviewDecision.create({ data: { reviewId: input.reviewId, text: input.text, authorEmail: actor.email } });
    await recordAudit({ actor, action: "review.decision", targetType: "review", targetId: input.reviewId, after: { text: input.text } }, tx);
    return { id: d.id };
  });
}

export async function addActionItem(input: z.infer<typeof actionItemSchema>, actor: Actor): Promise<{ id: string }> {
  await assertReview(input.reviewId);
  return prisma().$transaction(async (tx) => {
    const a = await tx.reviewActionItem.create({
      data: { reviewId: input.reviewId, title: input.title, owner: input.owner, dueDate: input.due ? new Date(`${input.due}T00:00:00Z`) : null, authorEmail: actor.email },
    });
    await recordAudit({ actor, action: "review.action_item", targetType: "review", targetId: input.reviewId, after: { title: input.title, owner: input.owner, due: input.due ?? null } }, tx);
    return { id: a.id };
  });
}

export async function updateActionItem(input: z.infer<typeof updateActionItemSchema>, actor: Actor): Promise<{ status: string }> {
  return prisma().$transaction(async (tx) => {
    const before = await tx.reviewActionItem.findUnique({ where: { id: input.id } });
    if (!before) throw new ActionFailure("not_found", "no such action item");
    const status = input.status ?? before.status;
    const closing = status !== "open" && before.status === "open";
    const after = await tx.reviewActionItem.update({
      where: { id: input.id },
      data: {
        status,
        owner: input.owner ?? before.owner,
        dueDate: input.due === undefined ? before.dueDate : input.due === null ? null : new Date(`${input.due}T00:00:00Z`),
        closedAt: closing ? new Date() : status === "open" ? null : before.closedAt,
      },
    });
    await recordAudit(
      { actor, action: "review.action_item_update", targetType: "review", targetId: before.reviewId, before: { status: before.status, owner: before.owner, due: isoDay(before.dueDate) }, after: { status: after.status, owner: after.owner, due: isoDay(after.dueDate) }, message: before.title },
      tx,
    );
    return { status: after.status };
  });
}
