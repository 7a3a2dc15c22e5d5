import "server-only";
import { recordAudit } from "@/lib/audit/log";
import { getConfig } from "@/lib/config";
import { alertGroups, createSilence, expireSilence, silences, type AlertGroup, type Silence } from "@/lib/alertmanager/client";
import type { Panel } from "@/lib/query/panel";
import { activeAlerts, type ApiAlert } from "@/lib/prometheus/rules";
import { toPanel } from "@/lib/query/panel";
import { ActionFailure } from "@/lib/errors/action-failure";
import { parseMatchers } from "./matchers";

/** Alerts from Prometheus (pending and firing) and Alertmanager (grouped, with silences); each source fails alone. */

export interface AlertsData {
  prometheus: Panel<ApiAlert[]>;
  groups: Panel<AlertGroup[]>;
  silences: Panel<Silence[]>;
}

export async function loadAlerts(signal?: AbortSignal): Promise<AlertsData> {
  const cfg = getConfig();
  const [prometheus, groups, sil] = await Promise.all([
    toPanel(activeAlerts(cfg.prometheus, signal).then((data) => ({ data, warnings: [] }))),
    toPanel(alertGroups(cfg.alertmanager, signal).then((data) => ({ data, warnings: [] }))),
    toPanel(
      silences(cfg.alertmanager, signal).then((data) => ({
        data: data.sort((a, b) => rank(a) - rank(b) || b.updatedAt.localeCompare(a.updatedAt)),
        warnings: [],
      })),
    ),
  ]);
  return { prometheus, groups, silences: sil };
}

const rank = (s: Silence) => (s.status.state === "active" ? 0 : s.status.state === "pending" ? 1 : 2);

export async function addSilence(
  input: { matchers: string; minutes: number; comment: string },
  actor: { id: string; email: string },
): Promise<{ id: string }> {
  const parsed = parseMatchers(input.matchers);
  if (!parsed.ok) throw new ActionFailure("invalid", `matchers: ${parsed.error}`);
  const now = Date.now();
  const body = {
    matchers: parsed.matchers,
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + input.minutes * 60_000).toISOString(),
    createdBy: actor.email,
    comment: input.comment,
  };
  const id = await createSilence(getConfig().alertmanager, body);
  await recordAudit({ actor, action: "silence.create", targetType: "silence", targetId: id, after: { ...body, matchers: body.matchers.map((m) => ({ ...m })) }, message: `${input.matchers} for ${input.minutes} min: ${input.comment}` });
  return { id };
}

export async function endSilence(id: string, actor: { id: string; email: string }): Promise<void> {
  await expireSilence(getConfig().alertmanager, id);
  await recordAudit({ actor, action: "silence.expire", targetType: "silence", targetId: id, message: `expired silence ${id}` });
}
