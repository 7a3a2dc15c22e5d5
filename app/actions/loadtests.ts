"use server";

import { z } from "zod";
import { countLoadTestRuns, deleteLoadTestRun, getLoadTestRun, importLoadTest, listLoadTestRuns } from "@/lib/loadtest/store";
import { LOADTEST_SERVICES } from "@/lib/loadtest/services";
import { LOADTEST_LIMITS } from "@/lib/loadtest/summary";
import { defineAction } from "@/lib/server/action";

/** Load-test results: k6 summaries imported per service, judged by their thresholds and the SLOs, and their trend. */

const service = z.enum(LOADTEST_SERVICES);
const runId = z.string().min(1).max(64);
/** a run happens in the past (a day of slack for clocks and time zones), after k6 existed */
const runAt = z
  .string()
  .max(40)
  .transform((s) => new Date(s))
  .refine((d) => Number.isFinite(d.getTime()), "expected a date and time")
  .refine((d) => d.getTime() >= Date.UTC(2017, 0, 1) && d.getTime() <= Date.now() + 86_400_000, "expected a date between 2017 and today");

export const listLoadTestsAction = defineAction("loadtests.list", "VIEWER", z.object({ service }), async (i) => ({
  service: i.service,
  ...(await listLoadTestRuns(i.service)),
  counts: await countLoadTestRuns(),
}));

export const getLoadTestAction = defineAction("loadtests.get", "VIEWER", z.object({ id: runId }), (i) => getLoadTestRun(i.id));

export const importLoadTestAction = defineAction(
  "loadtests.import",
  "EDITOR",
  z.object({
    service,
    name: z.string().trim().min(1, "name the run (e.g. the scenario: baseline_load)").max(120),
    runAt,
    fileName: z.string().trim().min(1).max(255),
    content: z.string().max(LOADTEST_LIMITS.fileBytes, `expected a file under ${LOADTEST_LIMITS.fileBytes / 1e6} MB`),
  }),
  (i, user) => importLoadTest(i, user),
);

export const deleteLoadTestAction = defineAction("loadtests.delete", "EDITOR", z.object({ id: runId }), async (i, user) => {
  await deleteLoadTestRun(i.id, user);
  return { deleted: i.id };
});
