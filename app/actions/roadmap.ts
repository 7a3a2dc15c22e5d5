"use server";

import { z } from "zod";
import { itemFromInput, itemInputSchema } from "@/lib/roadmap/item";
import { loadRoadmap } from "@/lib/roadmap/load";
import { createRoadmapItem, deleteRoadmapItem, updateRoadmapItem } from "@/lib/roadmap/store";
import { defineAction } from "@/lib/server/action";

/** The roadmap: items by quarter with their targets evaluated live; editors change them (audited). */

const id = z.string().min(1).max(64);
/** the version the editor saw (the item's updatedAt) */
const base = z.string().min(1).max(40);

export const roadmapAction = defineAction("roadmap.list", "VIEWER", z.object({}), () => loadRoadmap());

export const createRoadmapItemAction = defineAction("roadmap.create", "EDITOR", z.object({ item: itemInputSchema }), (i, user) => createRoadmapItem(itemFromInput(i.item), user));

export const updateRoadmapItemAction = defineAction("roadmap.update", "EDITOR", z.object({ id, base, item: itemInputSchema }), (i, user) =>
  updateRoadmapItem(i.id, i.base, itemFromInput(i.item), user),
);

export const deleteRoadmapItemAction = defineAction("roadmap.delete", "EDITOR", z.object({ id, base }), async (i, user) => {
  await deleteRoadmapItem(i.id, i.base, user);
  return { deleted: i.id };
});
