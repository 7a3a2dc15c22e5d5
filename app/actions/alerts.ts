"use server";

import { z } from "zod";
import { addSilence, endSilence, loadAlerts } from "@/lib/alerts/load";
import { defineAction } from "@/lib/server/action";

/** Alerts and silences: viewers read, editors silence. */

export const getAlertsAction = defineAction("alerts.load", "VIEWER", z.object({}), () => loadAlerts());

export const createSilenceAction = defineAction(
  "alerts.silence",
  "EDITOR",
  z.object({
    matchers: z.string().trim().min(1, 'expected matchers such as alertname="HighErrorRate"').max(2000),
    minutes: z.number().int().min(1, "expected at least 1 minute").max(60 * 24 * 90, "expected at most 90 days"),
    comment: z.string().trim().min(1, "say why the alert is silenced").max(1000),
  }),
  (i, user) => addSilence(i, user),
);

export const expireSilenceAction = defineAction("alerts.expire", "EDITOR", z.object({ id: z.string().uuid("expected a silence id") }), (i, user) =>
  endSilence(i.id, user),
);
