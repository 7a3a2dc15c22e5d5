import "server-only";
import { Prisma, type RoadmapItem } from "@prisma/client";
import { recordAudit } from "@/lib/audit/log";
import { prisma } from "@/lib/db/client";
import { ActionFailure } from "@/lib/errors/action-failure";
import type { ItemStatus, RoadmapItemData } from "./item";

/**
 * Roadmap items in PostgreSQL (`RoadmapItem`): list, create, update, delete. Every
 * change is audited ("roadmap.create" / "roadmap.update" / "roadmap.delete", with the
 * item before and after). An update or delete names the version the editor saw (its
 * `updatedAt`): if someone changed the item since, it fails with a conflict instead of
 * overwriting their change.
 */

type Actor = { id: string; email: string } | null;

export interface RoadmapRow extends Omit<RoadmapItemData, "target"> {
  id: string;
  position: number;
  /** the stored target JSON, as read (validated when evaluated) */
  targetJson: unknown;
  /** ISO time: the version an update or delete must name */
  updatedAt: string;
}

function toRow(r: RoadmapItem): RoadmapRow {
  return {
    id: r.id,
    title: r.title,
    quarter: r.quarter,
    status: r.status as ItemStatus,
    owner: r.owner,
    services: r.services,
    description: r.description,
    targetJson: r.target,
    position: r.position,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an item. */
function snapshot(r: RoadmapItem): Prisma.InputJsonValue {
  return { title: r.title, quarter: r.quarter, status: r.status, owner: r.owner, services: r.services, description: r.description, target: (r.target ?? null) as Prisma.InputJsonValue };
}

function columns(d: RoadmapItemData) {
  return {
    title: d.title,
    quarter: d.quarter,
    status: d.status,
    owner: d.owner,
    services: d.services,
    description: d.description,
  };
}

/** The target column: the JSON, or SQL NULL for an item without a target. */
const targetValue = (d: RoadmapItemData) => (d.target ? (d.target as unknown as Prisma.InputJsonValue) : Prisma.DbNull);

/** At most this many items are listed (a page of a roadmap, not a backlog). */
export const MAX_ITEMS = 500;

export async function listRoadmapItems(): Promise<RoadmapRow[]> {
  const rows = await prisma().roadmapItem.findMany({ orderBy: [{ quarter: "asc" }, { position: "asc" }, { createdAt: "asc" }], take: MAX_ITEMS });
  return rows.map(toRow);
}

export async function createRoadmapItem(d: RoadmapItemData, actor: Actor): Promise<RoadmapRow> {
  return prisma().$transaction(async (tx) => {
    if ((await tx.roadmapItem.count()) >= MAX_ITEMS) throw new ActionFailure("invalid", `the roadmap holds at most ${MAX_ITEMS} items; delete or drop old ones first`);
    const last = await tx.roadmapItem.aggregate({ where: { quarter: d.quarter }, _max: { position: true } });
    const created = await tx.roadmapItem.create({
      data: { ...columns(d), target: targetValue(d), position: (last._max.position ?? -1) + 1 },
    });
    await recordAudit({ actor, action: "roadmap.create", targetType: "roadmap_item", targetId: created.id, after: snapshot(created) }, tx);
    return toRow(created);
  });
}

async function current(tx: Prisma.TransactionClient, id: string, base: string): Promise<RoadmapItem> {
  const before = await tx.roadmapItem.findUnique({ where: { id } });
  if (!before) throw new ActionFailure("not_found", "this roadmap item no longer exists (someone deleted it)");
  if (before.updatedAt.toISOString() !== base) {
    throw new ActionFailure("conflict", `someone changed this item since you opened it (at ${before.updatedAt.toISOString()}); reload to see their change`);
  }
  return before;
}

export async function updateRoadmapItem(id: string, base: string, d: RoadmapItemData, actor: Actor): Promise<RoadmapRow> {
  return prisma().$transaction(async (tx) => {
    const before = await current(tx, id, base);
    // the base checked again by the write itself: a concurrent update between the read and here changes nothing
    const { count } = await tx.roadmapItem.updateMany({
      where: { id, updatedAt: before.updatedAt },
      data: { ...columns(d), target: targetValue(d) },
    });
    if (count === 0) throw new ActionFailure("conflict", "someone changed this item at the same time; reload to see their change");
    const after = await tx.roadmapItem.findUniqueOrThrow({ where: { id } });
    await recordAudit({ actor, action: "roadmap.update", targetType: "roadmap_item", targetId: id, before: snapshot(before), after: snapshot(after) }, tx);
    return toRow(after);
  });
}

export async function deleteRoadmapItem(id: string, base: string, actor: Actor): Promise<void> {
  await prisma().$transaction(async (tx) => {
    const before = await current(tx, id, base);
    const { count } = await tx.roadmapItem.deleteMany({ where: { id, updatedAt: before.updatedAt } });
    if (count === 0) throw new ActionFailure("conflict", "someone changed this item at the same time; reload to see their change");
    await recordAudit({ actor, action: "roadmap.delete", targetType: "roadmap_item", targetId: id, before: snapshot(before) }, tx);
  });
}
