"use server";

import { z } from "zod";
import { runExplore } from "@/lib/explore/run";
import { RANGE_PRESETS } from "@/lib/promql/time-range";
import { defineAction } from "@/lib/server/action";
import { adhoc } from "@/lib/server/adhoc";

const input = z.object({
  query: z.string().trim().min(1, "enter a PromQL expression").max(20_000, "expected at most 20,000 characters"),
  mode: z.enum(["range", "instant"]),
  range: z.union([
    z.object({ kind: z.literal("relative"), preset: z.enum(RANGE_PRESETS) }),
    z.object({ kind: z.literal("absolute"), from: z.number().int().positive(), to: z.number().int().positive() }),
  ]),
  widthPx: z.number().int().min(100).max(8000),
});

/** Runs an ad-hoc PromQL query for the Explore page (graph or table). */
export const runExploreQuery = defineAction("explore.run", "VIEWER", input, (i, user) =>
  adhoc(user, () => runExplore(i.query, i.mode, i.range, i.widthPx)),
);
