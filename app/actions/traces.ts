"use server";

import { z } from "zod";
import { RANGE_PRESETS } from "@/lib/promql/time-range";
import { defineAction } from "@/lib/server/action";
import { adhoc } from "@/lib/server/adhoc";
import { loadTrace, searchTraces, traceOperations, traceServices } from "@/lib/traces/load";
import { MAX_TRACE_LIMIT } from "@/lib/traces/query";

/** Traces from Jaeger: viewers search and read. */

const text = (max: number) => z.string().max(max, `expected at most ${max} characters`);

export const traceServicesAction = defineAction("traces.services", "VIEWER", z.object({}), () => traceServices());

export const traceOperationsAction = defineAction("traces.operations", "VIEWER", z.object({ service: text(200).min(1, "pick a service") }), (i) =>
  traceOperations(i.service),
);

export const searchTracesAction = defineAction(
  "traces.search",
  "VIEWER",
  z.object({
    service: text(200),
    operation: text(500),
    tags: text(4000),
    minDuration: text(40),
    maxDuration: text(40),
    limit: z.number().int().min(1).max(MAX_TRACE_LIMIT, `expected at most ${MAX_TRACE_LIMIT}`),
    range: z.union([
      z.object({ kind: z.literal("relative"), preset: z.enum(RANGE_PRESETS) }),
      z.object({ kind: z.literal("absolute"), from: z.number().int().positive(), to: z.number().int().positive() }),
    ]),
  }),
  // a search is the user's own query of Jaeger: it shares their slots with Explore and the rest
  (i, user) => adhoc(user, () => searchTraces(i)),
);

export const getTraceAction = defineAction("traces.get", "VIEWER", z.object({ id: text(64).min(1, "expected a trace id") }), (i) => loadTrace(i.id));
