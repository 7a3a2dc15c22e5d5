"use server";

import { z } from "zod";
import { RANGE_PRESETS } from "@/lib/promql/time-range";
import { defineAction } from "@/lib/server/action";
import { loadServiceMap } from "@/lib/traces/service-map-load";

/**
 * The service map: Jaeger's dependency graph with Prometheus's health per service, in
 * one action per refresh (each half succeeds or fails alone). Viewers read it.
 */

const input = z.object({
  range: z.enum(RANGE_PRESETS, { message: `expected one of ${RANGE_PRESETS.join(", ")}` }),
});

export const serviceMapAction = defineAction("serviceMap.load", "VIEWER", input, (i) => loadServiceMap(i.range));
