/**
 * OpenSLO v1 import (github.com/OpenSLO/OpenSLO, README + schemas/v1; field names as
 * in OpenSLO/go-sdk pkg/openslo/v1): parseOpenSlo reads SLO objects with their SLI
 * (inline or referenced), time window, objective and alert policies and conditions
 * into SloSpecs, rejecting what the console cannot honour. Pure.
 */
import { z } from "zod";
import {
  burnRateTiers,
  DEFAULT_WINDOW,
  formatGoFloat,
  periodDays,
  sloId,
  type AlertTier,
  type SloAlerting,
  type SloSli,
  type SloSpec,
  type SloWindow,
  type SpecError,
  type SpecResult,
} from "./spec-model";
import {
  byLine,
  checkSlo,
  defaultAlertName,
  formatPath,
  locate,
  Origins,
  readYaml,
  validTimeZone,
  zodIssues,
  zodMessages,
  type Loc,
  type Seg,
} from "./spec-validate";

export const OPENSLO_VERSION = "openslo/v1";
export const CONSOLE_PREFIX = "perfops-console/";
const KINDS = ["SLO", "SLI", "AlertPolicy", "AlertCondition", "AlertNotificationTarget", "DataSource", "Service"] as const;
type Kind = (typeof KINDS)[number];

const osText = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const osMetadata = z.strictObject({
  name: z.string().min(1, "required"),
  displayName: z.string().optional(),
  labels: z.record(z.string(), z.union([osText, z.array(osText)])).optional(),
  annotations: z.record(z.string(), osText).optional(),
});
const osMetricSpec = z.strictObject({
  metricSource: z.strictObject({ metricSourceRef: z.string().optional(), type: z.string().optional(), spec: z.record(z.string(), z.unknown()) }),
});
const osSliSpec = z.strictObject({
  description: z.string().optional(),
  thresholdMetric: z.unknown().optional(),
  ratioMetric: z
    .strictObject({
      counter: z.boolean().optional(),
      good: osMetricSpec.optional(),
      bad: osMetricSpec.optional(),
      total: osMetricSpec.optional(),
      rawType: z.enum(["success", "failure"], { message: 'expected "success" or "failure"' }).optional(),
      raw: osMetricSpec.optional(),
    })
    .optional(),
});
const osObjective = z.strictObject({
  displayName: z.string().optional(),
  op: z.string().optional(),
  value: z.number().optional(),
  target: z.number().optional(),
  targetPercent: z.number().optional(),
  timeSliceTarget: z.number().optional(),
  timeSliceWindow: z.union([z.string(), z.number()]).optional(),
  indicator: z.unknown().optional(),
  indicatorRef: z.unknown().optional(),
  compositeWeight: z.unknown().optional(),
});
const osSloSpec = z.strictObject({
  description: z.string().optional(),
  service: z.string(),
  indicator: z.strictObject({ metadata: osMetadata, spec: osSliSpec }).optional(),
  indicatorRef: z.string().optional(),
  timeWindow: z
    .array(
      z.strictObject({
        duration: z.string(),
        isRolling: z.boolean().optional(),
        calendar: z.strictObject({ startTime: z.string(), timeZone: z.string() }).optional(),
      }),
    )
    .optional(),
  budgetingMethod: z.string(),
  objectives: z.array(osObjective),
  alertPolicies: z.array(z.record(z.string(), z.unknown())).nullish(),
});
const osConditionSpec = z.strictObject({
  description: z.string().optional(),
  severity: z.string().min(1, "required"),
  condition: z.strictObject({
    kind: z.literal("burnrate", { message: 'expected "burnrate"' }).optional(),
    op: z.enum(["gt", "gte", "lt", "lte"], { message: "expected gt, gte, lt or lte" }).optional(),
    threshold: z.number(),
    lookbackWindow: z.string(),
    alertAfter: z.string().optional(),
  }),
});
const osPolicySpec = z.strictObject({
  description: z.string().optional(),
  alertWhenNoData: z.boolean().optional(),
  alertWhenResolved: z.boolean().optional(),
  alertWhenBreaching: z.boolean().optional(),
  conditions: z.array(z.record(z.string(), z.unknown())).length(1, "expected exactly one condition (OpenSLO v1 allows one)"),
  notificationTargets: z.array(z.unknown()).optional(),
});
const osObject = <T extends z.ZodType>(spec: T) =>
  z.strictObject({ apiVersion: z.string(), kind: z.string(), metadata: osMetadata, spec });

interface OsObject {
  kind: Kind;
  name: string;
  value: Record<string, unknown>;
  loc: Loc;
}

/** OpenSLO v1 objects (several YAML documents, or a list in one) as SloSpecs: each SLO with its SLI and alert policies. */
export function parseOpenSlo(yamlText: string): SpecResult {
  const { lines, docs, errors } = readYaml(yamlText);
  if (errors.length) return { ok: false, errors };
  const objects: OsObject[] = [];
  const byKind = new Map<Kind, Map<string, OsObject>>();
  docs.forEach((doc, d) => {
    const js: unknown = doc.toJS();
    const items = Array.isArray(js) ? js.map((v: unknown, j) => [v, [j]] as const) : [[js, []] as const];
    for (const [value, nodePath] of items) {
      const loc: Loc = { doc, lines, nodePath: [...nodePath], base: `documents[${d}]` };
      const at = (path: Seg[], message: string) => errors.push(locate(loc, path, message));
      if (!value || typeof value !== "object" || Array.isArray(value)) {
        at([], "expected an OpenSLO object (apiVersion, kind, metadata, spec)");
        continue;
      }
      const o = value as Record<string, unknown>;
      if (o.apiVersion !== OPENSLO_VERSION) {
        at(["apiVersion"], `expected apiVersion "${OPENSLO_VERSION}"${typeof o.apiVersion === "string" ? ` (${o.apiVersion} is not supported)` : ""}`);
        continue;
      }
      if (!KINDS.includes(o.kind as Kind)) {
        at(["kind"], `expected one of ${KINDS.join(", ")}`);
        continue;
      }
      const meta = o.metadata as { name?: unknown } | undefined;
      if (typeof meta?.name !== "string" || meta.name === "") {
        at(["metadata", "name"], "required");
        continue;
      }
      const kind = o.kind as Kind;
      const seen = byKind.get(kind) ?? new Map<string, OsObject>();
      byKind.set(kind, seen);
      const prior = seen.get(meta.name);
      if (prior) {
        at(["metadata", "name"], `another ${kind} is named "${meta.name}" (${formatPath(prior.loc.base, prior.loc.nodePath)})`);
        continue;
      }
      const obj = { kind, name: meta.name, value: o, loc };
      seen.set(meta.name, obj);
      objects.push(obj);
    }
  });
  if (errors.length) return { ok: false, errors };
  const sloObjects = objects.filter((o) => o.kind === "SLO");
  if (sloObjects.length === 0) return { ok: false, errors: [{ path: "", message: "no SLO object found (kind: SLO)" }] };
  const slos: SloSpec[] = [];
  const ids = new Map<string, string>();
  for (const obj of sloObjects) {
    const r = fromOpenSlo(obj, byKind);
    if (!r.ok) {
      errors.push(...r.errors);
      continue;
    }
    const id = sloId(r.slo);
    const where = formatPath(obj.loc.base, obj.loc.nodePath);
    if (ids.has(id)) errors.push(locate(obj.loc, ["metadata", "name"], `SLO id "${id}" is repeated (first at ${ids.get(id)})`));
    ids.set(id, where);
    slos.push(r.slo);
  }
  return errors.length ? { ok: false, errors: byLine(errors) } : { ok: true, slos };
}

type Built = { ok: true; slo: SloSpec } | { ok: false; errors: SpecError[] };

function fromOpenSlo(obj: OsObject, byKind: Map<Kind, Map<string, OsObject>>): Built {
  const errors: SpecError[] = [];
  const at = (loc: Loc, path: Seg[], message: string) => errors.push(locate(loc, path, message));
  const fail = (): Built => ({ ok: false, errors });
  const parsed = <T extends z.ZodType>(schema: T, o: OsObject): z.infer<T> | undefined => {
    const r = schema.safeParse(o.value, { error: zodMessages });
    if (r.success) return r.data;
    errors.push(...zodIssues(r.error).map((i) => locate(o.loc, i.path, i.message)));
    return undefined;
  };
  const slo = parsed(osObject(osSloSpec), obj);
  if (!slo) return fail();
  const loc = obj.loc;
  const spec = slo.spec;
  const origins = new Origins({ loc, path: ["spec"] });
  const annotations = slo.metadata.annotations ?? {};

  if (spec.budgetingMethod !== "Occurrences") {
    const known = ["Timeslices", "RatioTimeslices"].includes(spec.budgetingMethod);
    at(loc, ["spec", "budgetingMethod"], known
      ? `budgetingMethod ${spec.budgetingMethod} is not supported: the console computes event-based SLOs (Occurrences), as Sloth does`
      : 'expected "Occurrences" (or Timeslices, RatioTimeslices, which the console does not support)');
  }
  const window = openSloWindow(spec.timeWindow, (path, m) => at(loc, ["spec", "timeWindow", ...path], m));
  const objective = openSloObjective(spec.objectives, (path, m) => at(loc, ["spec", "objectives", ...path], m));

  // The indicator: inline or a reference to an SLI object.
  let sliLoc: Loc = loc;
  let sliPath: Seg[] = ["spec", "indicator", "spec"];
  let sliSpec: z.infer<typeof osSliSpec> | undefined;
  if (spec.indicator && spec.indicatorRef !== undefined) at(loc, ["spec", "indicatorRef"], "set either indicator or indicatorRef, not both");
  else if (spec.indicator) sliSpec = spec.indicator.spec;
  else if (spec.indicatorRef !== undefined) {
    const ref = byKind.get("SLI")?.get(spec.indicatorRef);
    if (!ref) at(loc, ["spec", "indicatorRef"], `no SLI named "${spec.indicatorRef}" in this file`);
    else {
      sliSpec = parsed(osObject(osSliSpec), ref)?.spec;
      sliLoc = ref.loc;
      sliPath = ["spec"];
    }
  } else at(loc, ["spec"], "required: indicator or indicatorRef");
  const sli = sliSpec ? openSloSli(sliSpec, byKind, (path, m) => at(sliLoc, [...sliPath, ...path], m)) : undefined;
  if (sli) {
    const q = (f: "good" | "bad" | "total" | "raw"): Seg[] => [...sliPath, "ratioMetric", f, "metricSource", "spec", "query"];
    origins.set(["sli", "errorQuery"], sliLoc, q("bad"));
    origins.set(["sli", "goodQuery"], sliLoc, q("good"));
    origins.set(["sli", "totalQuery"], sliLoc, q("total"));
    origins.set(["sli", "errorRatioQuery"], sliLoc, q("raw"));
  }

  // Labels: single values only, they become Prometheus labels.
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(slo.metadata.labels ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    if (values.length !== 1) at(loc, ["metadata", "labels", key], "a label with several values cannot become a Prometheus label; give one value");
    else labels[key] = values[0]!;
  }
  origins.set(["labels"], loc, ["metadata", "labels"]);
  origins.set(["name"], loc, annotations[`${CONSOLE_PREFIX}name`] !== undefined ? ["metadata", "annotations", `${CONSOLE_PREFIX}name`] : ["metadata", "name"]);
  origins.set(["service"], loc, ["spec", "service"]);
  origins.set(["description"], loc, ["spec", "description"]);
  origins.set(["owner"], loc, ["metadata", "annotations", `${CONSOLE_PREFIX}owner`]);
  origins.set(["objective"], loc, ["spec", "objectives", 0]);
  origins.set(["alerting", "name"], loc, ["metadata", "annotations", `${CONSOLE_PREFIX}alert-name`]);
  origins.set(["alerting", "runbook"], loc, ["metadata", "annotations", `${CONSOLE_PREFIX}runbook-url`]);
  origins.set(["alerting"], loc, ["spec", "alertPolicies"]);

  const name = annotations[`${CONSOLE_PREFIX}name`] ?? slo.metadata.name;
  const alerting = openSloAlerting(
    spec.alertPolicies ?? [],
    window ?? DEFAULT_WINDOW,
    byKind,
    (l, path, m) => at(l, path, m),
    (consoleKey, l, path) => origins.set(consoleKey, l, path),
    loc,
  );
  if (errors.length || !window || objective === undefined || !sli || !alerting) return fail();
  const result: SloSpec = {
    name,
    service: spec.service,
    ...(spec.description ? { description: spec.description } : {}),
    ...(annotations[`${CONSOLE_PREFIX}owner`] ? { owner: annotations[`${CONSOLE_PREFIX}owner`] } : {}),
    labels,
    objective,
    window,
    sli,
    alerting: {
      ...alerting,
      name: annotations[`${CONSOLE_PREFIX}alert-name`] ?? defaultAlertName(spec.service, name),
      ...(annotations[`${CONSOLE_PREFIX}runbook-url`] ? { runbook: annotations[`${CONSOLE_PREFIX}runbook-url`] } : {}),
    },
  };
  const problems = checkSlo(result, origins);
  return problems.length ? { ok: false, errors: problems } : { ok: true, slo: result };
}

type At = (path: Seg[], message: string) => void;

function openSloWindow(tw: { duration: string; isRolling?: boolean; calendar?: { startTime: string; timeZone: string } }[] | undefined, at: At): SloWindow | undefined {
  // OpenSLO makes timeWindow optional; like Sloth, fall back to 30 days rolling.
  if (!tw || tw.length === 0) return DEFAULT_WINDOW;
  if (tw.length > 1) return at([], "expected exactly one time window"), undefined;
  const w = tw[0]!;
  const m = /^(\d+)([mhdwMQY])$/.exec(w.duration);
  if (!m) return at([0, "duration"], "expected a duration shorthand such as 30d, 4w, 1M or 1Q"), undefined;
  const n = Number(m[1]);
  const unit = m[2]!;
  if (w.isRolling && w.calendar) return at([0, "calendar"], "calendar cannot be set when isRolling is true"), undefined;
  if (w.calendar) {
    if (!validTimeZone(w.calendar.timeZone)) return at([0, "calendar", "timeZone"], "expected an IANA time zone such as Europe/Berlin or UTC"), undefined;
    const calendar = unit === "M" && n === 1 ? "month" : (unit === "Q" && n === 1) || (unit === "M" && n === 3) ? "quarter" : undefined;
    if (!calendar) return at([0, "duration"], `calendar window ${w.duration} is not supported: the console supports 1M (month) and 1Q (quarter)`), undefined;
    return { kind: "calendar", unit: calendar, timeZone: w.calendar.timeZone };
  }
  if (w.isRolling !== true) return at([0], "set isRolling: true, or a calendar for a calendar-aligned window"), undefined;
  const days = unit === "d" ? n : unit === "w" ? n * 7 : NaN;
  if (days !== 7 && days !== 28 && days !== 30) {
    return at([0, "duration"], `rolling window ${w.duration} is not supported: the console supports 7d (1w), 28d (4w) and 30d`), undefined;
  }
  return { kind: "rolling", days };
}

function openSloObjective(objectives: z.infer<typeof osObjective>[], at: At): number | undefined {
  if (objectives.length !== 1) return at([], `the console supports exactly one objective per SLO (found ${objectives.length})`), undefined;
  const o = objectives[0]!;
  if (o.indicator !== undefined || o.indicatorRef !== undefined || o.compositeWeight !== undefined) {
    return at([0], "composite SLOs (an indicator per objective) are not supported"), undefined;
  }
  if (o.target !== undefined && o.targetPercent !== undefined) return at([0, "targetPercent"], "set either target or targetPercent, not both"), undefined;
  if (o.target !== undefined) {
    if (!(o.target > 0 && o.target < 1)) return at([0, "target"], "expected a ratio above 0 and below 1, e.g. 0.999"), undefined;
    return Number((o.target * 100).toPrecision(12));
  }
  if (o.targetPercent !== undefined) return o.targetPercent;
  return at([0], "required: target (e.g. 0.999) or targetPercent (e.g. 99.9)"), undefined;
}

function openSloSli(spec: z.infer<typeof osSliSpec>, byKind: Map<Kind, Map<string, OsObject>>, atSpec: At): SloSli | undefined {
  if (spec.thresholdMetric !== undefined) {
    return atSpec(["thresholdMetric"], "thresholdMetric is not supported: the console generates ratio SLIs; write it as ratioMetric (good or bad, and total)"), undefined;
  }
  const r = spec.ratioMetric;
  if (!r) return atSpec([], "required: ratioMetric"), undefined;
  const at: At = (path, message) => atSpec(["ratioMetric", ...path], message);
  const query = (field: "good" | "bad" | "total" | "raw"): string | undefined => {
    const source = r[field]!.metricSource;
    const ref = source.metricSourceRef ? byKind.get("DataSource")?.get(source.metricSourceRef) : undefined;
    const refType = (ref?.value.spec as { type?: unknown } | undefined)?.type;
    const type = source.type ?? (typeof refType === "string" ? refType : undefined);
    if (type !== undefined && type.toLowerCase() !== "prometheus") {
      return at([field, "metricSource", "type"], `only Prometheus metric sources are supported (got ${type})`), undefined;
    }
    const q = source.spec.query;
    if (typeof q !== "string") return at([field, "metricSource", "spec", "query"], "required: the PromQL query"), undefined;
    return q;
  };
  if (r.raw) {
    if (r.good || r.bad || r.total) return at(["raw"], "raw cannot be used together with good, bad or total"), undefined;
    if (!r.rawType) return at(["rawType"], "required with raw: success or failure"), undefined;
    const q = query("raw");
    if (q === undefined) return undefined;
    return { kind: "raw", errorRatioQuery: r.rawType === "failure" ? q : `1 - (${q})` };
  }
  if (!r.total) return at(["total"], "required: total (with good or bad), or raw"), undefined;
  if (r.good && r.bad) return at(["bad"], "set either good or bad, not both"), undefined;
  if (!r.good && !r.bad) return at([], "required: good or bad (with total)"), undefined;
  const total = query("total");
  const part = query(r.good ? "good" : "bad");
  if (total === undefined || part === undefined) return undefined;
  return r.good ? { kind: "ratio-good", goodQuery: part, totalQuery: total } : { kind: "ratio", errorQuery: part, totalQuery: total };
}

/** Lookback windows of the tiers as OpenSLO duration shorthands. */
const TIER_LOOKBACK: Record<AlertTier, string[]> = {
  "page-fast": ["1h", "60m"],
  "page-slow": ["6h", "360m"],
  "ticket-fast": ["1d", "24h"],
  "ticket-slow": ["3d", "72h"],
};

type AlertingPart = Omit<SloAlerting, "name" | "runbook">;

/**
 * Alert policies → tiers. OpenSLO has one burn-rate condition per policy (one
 * lookback window; the short window, 1/12 of it, is implied): the lookback window
 * picks the tier, the threshold must be the table's, the condition's severity is
 * the alert's `severity` label unless it is the tier's own ("page"/"ticket"), the
 * policy's labels and unprefixed annotations go on the tier's alerts.
 */
function openSloAlerting(
  items: Record<string, unknown>[],
  window: SloWindow,
  byKind: Map<Kind, Map<string, OsObject>>,
  at: (loc: Loc, path: Seg[], message: string) => void,
  origin: (consoleKey: Seg[], loc: Loc, path: Seg[]) => void,
  sloLoc: Loc,
): AlertingPart | undefined {
  const out: AlertingPart = {
    pageTiers: { fast: false, slow: false },
    ticketTiers: { fast: false, slow: false },
    pageLabels: {},
    ticketLabels: {},
    annotations: {},
    pageAnnotations: {},
    ticketAnnotations: {},
  };
  const tiers = burnRateTiers(window);
  let ok = true;
  const bad = (loc: Loc, path: Seg[], m: string) => {
    ok = false;
    at(loc, path, m);
  };
  items.forEach((item, i) => {
    const itemPath: Seg[] = ["spec", "alertPolicies", i];
    let policyLoc = sloLoc;
    let policyPath: Seg[] = itemPath;
    let policy: unknown = item;
    if ("alertPolicyRef" in item) {
      const ref = byKind.get("AlertPolicy")?.get(String(item.alertPolicyRef));
      if (!ref) return bad(sloLoc, [...itemPath, "alertPolicyRef"], `no AlertPolicy named "${String(item.alertPolicyRef)}" in this file`);
      policy = ref.value;
      policyLoc = ref.loc;
      policyPath = [];
    } else if (item.kind !== "AlertPolicy") return bad(sloLoc, itemPath, 'expected alertPolicyRef, or an inline policy with kind: AlertPolicy');
    const p = z.strictObject({ apiVersion: z.string().optional(), kind: z.string(), metadata: osMetadata, spec: osPolicySpec }).safeParse(policy, { error: zodMessages });
    if (!p.success) return zodIssues(p.error).forEach((iss) => bad(policyLoc, [...policyPath, ...iss.path], iss.message));
    const ps = p.data.spec;
    if (ps.alertWhenNoData) return bad(policyLoc, [...policyPath, "spec", "alertWhenNoData"], "alerting on missing data is not supported by the generated rules");
    if (ps.alertWhenBreaching === false) return; // a policy that never fires
    const condItem = ps.conditions[0]!;
    let condLoc = policyLoc;
    let condPath: Seg[] = [...policyPath, "spec", "conditions", 0];
    let cond: unknown = condItem;
    if ("conditionRef" in condItem) {
      const ref = byKind.get("AlertCondition")?.get(String(condItem.conditionRef));
      if (!ref) return bad(policyLoc, [...condPath, "conditionRef"], `no AlertCondition named "${String(condItem.conditionRef)}" in this file`);
      cond = ref.value;
      condLoc = ref.loc;
      condPath = [];
    }
    const c = z.strictObject({ apiVersion: z.string().optional(), kind: z.literal("AlertCondition", { message: 'expected "AlertCondition"' }), metadata: osMetadata, spec: osConditionSpec }).safeParse(cond, { error: zodMessages });
    if (!c.success) return zodIssues(c.error).forEach((iss) => bad(condLoc, [...condPath, ...iss.path], iss.message));
    const cs = c.data.spec;
    const condAt = (path: Seg[], m: string) => bad(condLoc, [...condPath, "spec", "condition", ...path], m);
    const tier = (Object.keys(TIER_LOOKBACK) as AlertTier[]).find((t) => TIER_LOOKBACK[t].includes(cs.condition.lookbackWindow));
    if (!tier) return condAt(["lookbackWindow"], "expected the long window of a tier: 1h (page fast), 6h (page slow), 1d (ticket fast) or 3d (ticket slow)");
    const expected = tiers.find((t) => t.tier === tier)!;
    if (Math.abs(cs.condition.threshold - expected.factor) > 0.01 * expected.factor) {
      return condAt(["threshold"], `the ${tier} tier of a ${periodDays(window)}d SLO alerts at burn rate ${formatGoFloat(expected.factor)} (the console's table), not ${cs.condition.threshold}`);
    }
    if (cs.condition.op === "lt" || cs.condition.op === "lte") return condAt(["op"], "a burn-rate alert fires above the threshold: expected gt or gte");
    if (cs.condition.alertAfter !== undefined && !/^0[mhdwMQY]?$/.test(cs.condition.alertAfter)) {
      return condAt(["alertAfter"], "alertAfter is not supported: multi-window alerts need no delay (use 0m or leave it out)");
    }
    const severity = tier.startsWith("page") ? "page" : "ticket";
    const tiersOf = severity === "page" ? out.pageTiers : out.ticketTiers;
    if (tiersOf[tier.endsWith("fast") ? "fast" : "slow"]) return condAt(["lookbackWindow"], `a second policy for the ${tier} tier`);
    tiersOf[tier.endsWith("fast") ? "fast" : "slow"] = true;
    const labels = severity === "page" ? out.pageLabels : out.ticketLabels;
    const annotations = (severity === "page" ? out.pageAnnotations : out.ticketAnnotations)!;
    const merge = (target: Record<string, string>, key: string, value: string, path: Seg[], l: Loc) => {
      if (target[key] !== undefined && target[key] !== value) bad(l, path, `conflicts with "${target[key]}" from the other ${severity} policy`);
      target[key] = value;
      origin(["alerting", `${severity}${target === labels ? "Labels" : "Annotations"}`, key], l, path);
    };
    if (cs.severity !== severity) merge(labels, "severity", cs.severity, [...condPath, "spec", "severity"], condLoc);
    for (const [key, value] of Object.entries(p.data.metadata.labels ?? {})) {
      const values = Array.isArray(value) ? value : [value];
      if (values.length !== 1) bad(policyLoc, [...policyPath, "metadata", "labels", key], "a label with several values cannot become a Prometheus label; give one value");
      else merge(labels, key, values[0]!, [...policyPath, "metadata", "labels", key], policyLoc);
    }
    for (const [key, value] of Object.entries(p.data.metadata.annotations ?? {})) {
      if (!key.includes("/")) merge(annotations, key, value, [...policyPath, "metadata", "annotations", key], policyLoc);
    }
  });
  return ok ? out : undefined;
}
