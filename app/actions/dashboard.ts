"use server";

import { z } from "zod";
import { loadDashboard } from "@/lib/dashboard/load";
import { dashboardToWire } from "@/lib/dashboard/wire";
import { RANGE_PRESETS } from "@/lib/promql/time-range";
import { Superseder } from "@/lib/query/supersede";
import { defineAction } from "@/lib/server/action";

const superseder = ((globalThis as { __perfopsSuperseder?: Superseder }).__perfopsSuperseder ??= new Superseder());

const input = z.object({
  service: z.string().trim().min(1, "expected a service name").max(200),
  range: z.union([
    z.object({ kind: z.literal("relative"), preset: z.enum(RANGE_PRESETS) }),
    z
      .object({ kind: z.literal("absolute"), from: z.number().int().positive(), to: z.number().int().positive() })
      .refine((r) => r.to > r.from, "expected the end of the range after its start"),
  ]),
  widthPx: z.number().int().min(100).max(8000),
  compare: z.boolean().default(false),
  /** some panels only (a scaling profile shows its workload's replicas, CPU and memory); all by default */
  panels: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
  /** identifies one open dashboard, so that a newer refresh cancels the older one */
  viewId: z.string().min(1).max(64),
});

/** Every panel of a service dashboard in one call; the server runs the queries concurrently. Series in the compact wire format. */
export const getDashboard = defineAction("dashboard.load", "VIEWER", input, async (i, user) => {
  const key = `${user.id}:${i.viewId}`;
  const signal = superseder.begin(key);
  try {
    return dashboardToWire(await loadDashboard({ service: i.service, range: i.range, widthPx: i.widthPx, compare: i.compare, panels: i.panels }, signal));
  } finally {
    superseder.end(key, signal);
  }
});
