"use server";

import { z } from "zod";
import { RANGE_PRESETS } from "@/lib/promql/time-range";
import { loadOverview } from "@/lib/overview/load";
import { defineAction } from "@/lib/server/action";

const input = z.object({
  range: z.enum(RANGE_PRESETS, { message: `expected one of ${RANGE_PRESETS.join(", ")}` }),
  widthPx: z.number().int().min(100).max(8000).default(800),
});

/** One action carries every panel of the overview; the server runs their queries concurrently. */
export const getOverview = defineAction("overview.load", "VIEWER", input, (i) => loadOverview(i.range, i.widthPx));
