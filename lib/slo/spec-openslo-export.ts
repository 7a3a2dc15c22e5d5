/**
 * OpenSLO v1 export: toOpenSlo writes one SLO as an SLI, the SLO, an AlertPolicy
 * per enabled tier and their AlertNotificationTarget. Pure.
 */
import { Document } from "yaml";
import { availabilityQuery, burnRateTiers, D, formatGoFloat, H, latencyQueries, periodDays, tierEnabled, type SloSpec } from "./spec-model";
import { CONSOLE_PREFIX, OPENSLO_VERSION } from "./spec-openslo";
import { defaultAlertName } from "./spec-validate";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function dnsName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
}

/**
 * One SLO as OpenSLO v1 YAML: an SLI, the SLO referring to it, one AlertPolicy per
 * enabled tier (each with its burn-rate AlertCondition inline) and the
 * AlertNotificationTarget they name. Console-only fields travel as
 * `perfops-console/*` annotations; a name OpenSLO does not allow is made a DNS label
 * and the original kept in `perfops-console/name`.
 */
export function toOpenSlo(slo: SloSpec): string {
  const name = DNS_LABEL.test(slo.name) ? slo.name : dnsName(slo.name);
  const a = slo.alerting;
  const metricSpec = (query: string) => ({ metricSource: { type: "Prometheus", spec: { query } } });
  let ratioMetric: Record<string, unknown>;
  switch (slo.sli.kind) {
    case "ratio":
      ratioMetric = { counter: true, bad: metricSpec(slo.sli.errorQuery), total: metricSpec(slo.sli.totalQuery) };
      break;
    case "ratio-good":
      ratioMetric = { counter: true, good: metricSpec(slo.sli.goodQuery), total: metricSpec(slo.sli.totalQuery) };
      break;
    case "latency": {
      const q = latencyQueries(slo.sli);
      ratioMetric = { counter: true, good: metricSpec(q.good), total: metricSpec(q.total) };
      break;
    }
    case "availability":
      ratioMetric = { rawType: "failure", raw: metricSpec(availabilityQuery(slo.sli)) };
      break;
    case "raw":
      ratioMetric = { rawType: "failure", raw: metricSpec(slo.sli.errorRatioQuery) };
      break;
  }
  const sloAnnotations: Record<string, string> = {
    ...(name !== slo.name ? { [`${CONSOLE_PREFIX}name`]: slo.name } : {}),
    ...(slo.owner ? { [`${CONSOLE_PREFIX}owner`]: slo.owner } : {}),
    [`${CONSOLE_PREFIX}alert-name`]: a.name || defaultAlertName(slo.service, slo.name),
    ...(a.runbook ? { [`${CONSOLE_PREFIX}runbook-url`]: a.runbook } : {}),
  };
  const w = slo.window;
  const timeWindow =
    w.kind === "rolling"
      ? { duration: `${w.days}d`, isRolling: true }
      : { duration: w.unit === "month" ? "1M" : "1Q", calendar: { startTime: "2024-01-01 00:00:00", timeZone: w.timeZone ?? "UTC" }, isRolling: false };
  const enabled = burnRateTiers(w).filter((t) => tierEnabled(a, t.tier));
  const targetName = `${name}-alertmanager`;
  const objects: unknown[] = [
    {
      apiVersion: OPENSLO_VERSION,
      kind: "SLI",
      metadata: { name: `${name}-sli` },
      spec: { ...(slo.description ? { description: slo.description } : {}), ratioMetric },
    },
    {
      apiVersion: OPENSLO_VERSION,
      kind: "SLO",
      metadata: {
        name,
        ...(Object.keys(slo.labels).length ? { labels: slo.labels } : {}),
        annotations: sloAnnotations,
      },
      spec: {
        ...(slo.description ? { description: slo.description } : {}),
        service: slo.service,
        indicatorRef: `${name}-sli`,
        timeWindow: [timeWindow],
        budgetingMethod: "Occurrences",
        objectives: [{ target: Number((slo.objective / 100).toPrecision(12)) }],
        ...(enabled.length ? { alertPolicies: enabled.map((t) => ({ alertPolicyRef: `${name}-${t.tier}` })) } : {}),
      },
    },
    ...enabled.map((t) => {
      const labels = { ...a.labels, ...(t.severity === "page" ? a.pageLabels : a.ticketLabels) };
      const { severity, ...policyLabels } = labels;
      const annotations = { ...a.annotations, ...(t.severity === "page" ? a.pageAnnotations : a.ticketAnnotations) };
      return {
        apiVersion: OPENSLO_VERSION,
        kind: "AlertPolicy",
        metadata: {
          name: `${name}-${t.tier}`,
          ...(Object.keys(policyLabels).length ? { labels: policyLabels } : {}),
          ...(Object.keys(annotations).length ? { annotations } : {}),
        },
        spec: {
          description: `${formatGoFloat(t.budgetPercent)}% of the ${periodDays(w)}d error budget spent in ${promDurationShort(t.longSeconds)} (burn rate above ${formatGoFloat(t.factor)} over ${promDurationShort(t.longSeconds)} and ${promDurationShort(t.shortSeconds)})`,
          alertWhenBreaching: true,
          alertWhenResolved: false,
          alertWhenNoData: false,
          conditions: [
            {
              kind: "AlertCondition",
              metadata: { name: `${name}-${t.tier}` },
              spec: {
                severity: severity ?? t.severity,
                condition: { kind: "burnrate", op: "gt", threshold: t.factor, lookbackWindow: promDurationShort(t.longSeconds), alertAfter: "0m" },
              },
            },
          ],
          notificationTargets: [{ targetRef: targetName }],
        },
      };
    }),
    ...(enabled.length
      ? [
          {
            apiVersion: OPENSLO_VERSION,
            kind: "AlertNotificationTarget",
            metadata: { name: targetName },
            spec: { target: "alertmanager", description: "Prometheus alerting rules; Alertmanager routes them by their labels" },
          },
        ]
      : []),
  ];
  return objects.map((o) => `---\n${new Document(o, { aliasDuplicateObjects: false }).toString({ indentSeq: false, lineWidth: 0 })}`).join("");
}

/** 3600 → "1h", 86400 → "1d", 259200 → "3d": OpenSLO's shorthand for the tier windows. */
function promDurationShort(seconds: number): string {
  if (seconds % D === 0) return `${seconds / D}d`;
  if (seconds % H === 0) return `${seconds / H}h`;
  return `${seconds / 60}m`;
}
