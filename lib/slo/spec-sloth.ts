/**
 * Sloth `prometheus/v1` specs (github.com/slok/sloth, pkg/prometheus/api/v1):
 * parseSlothSpec imports them strictly as SloSpecs, toSlothSpec exports SloSpecs with
 * comments for what Sloth cannot express. Pure.
 */
import { Document, isNode } from "yaml";
import { z } from "zod";
import {
  DEFAULT_WINDOW,
  formatGoFloat,
  periodDays,
  sloId,
  slothSliOf,
  type SloSli,
  type SloSpec,
  type SloTiers,
  type SloWindow,
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
  withoutKey,
  zodIssues,
  zodMessages,
  type Loc,
  type Seg,
} from "./spec-validate";

/** Sloth's YAML loader (yaml.v2) reads `tier: 2` into a string field; so do we. */
const slothText = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const slothTextMap = z.record(z.string(), slothText);
const slothAlert = z.strictObject({ disable: z.boolean().optional(), labels: slothTextMap.optional(), annotations: slothTextMap.optional() });
const slothSlo = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  objective: z.number(),
  labels: slothTextMap.optional(),
  infoLabels: slothTextMap.optional(),
  sli: z.strictObject({
    events: z.strictObject({ error_query: z.string(), total_query: z.string() }).optional(),
    raw: z.strictObject({ error_ratio_query: z.string() }).optional(),
    plugin: z.unknown().optional(),
  }),
  alerting: z
    .strictObject({
      name: z.string().optional(),
      labels: slothTextMap.optional(),
      annotations: slothTextMap.optional(),
      page_alert: slothAlert.optional(),
      ticket_alert: slothAlert.optional(),
    })
    .optional(),
});
/** The file's top level; each SLO is checked on its own so one broken SLO does not hide the others' errors. */
const slothTopSchema = z.strictObject({
  version: z.literal("prometheus/v1", { message: 'expected "prometheus/v1"' }),
  service: z.string(),
  labels: slothTextMap.optional(),
  slos: z.array(z.unknown()).min(1, "at least one SLO is required"),
});
type SlothTop = z.infer<typeof slothTopSchema>;
type SlothSloJs = z.infer<typeof slothSlo>;

const SLOTH_HINTS: Record<string, string> = {
  slo_plugins: "SLO plugins are not supported by the console",
  interval: "rule group intervals are not supported by the console (Prometheus' evaluation_interval applies)",
  for: "'for' is not supported: multi-window burn-rate alerts need none (the short window resets them)",
  apiVersion: 'unknown field "apiVersion": a Sloth spec starts with version: "prometheus/v1" (a Kubernetes PrometheusServiceLevel is not supported)',
};

export interface SlothParseOptions {
  /** Sloth specs carry no period (sloth generate --default-slo-period); default rolling 30 days. */
  window?: SloWindow;
}

/** A Sloth `prometheus/v1` spec (one or more YAML documents) as SloSpecs. */
export function parseSlothSpec(yamlText: string, opts: SlothParseOptions = {}): SpecResult {
  const { lines, docs, errors } = readYaml(yamlText);
  if (errors.length) return { ok: false, errors };
  if (docs.length === 0) return { ok: false, errors: [{ path: "", message: 'empty file: expected a Sloth spec starting with version: "prometheus/v1"' }] };
  const slos: SloSpec[] = [];
  const ids = new Map<string, string>();
  docs.forEach((doc, d) => {
    const loc: Loc = { doc, lines, nodePath: [], base: docs.length > 1 ? `documents[${d}]` : "" };
    const top = slothTopSchema.safeParse(doc.toJS(), { error: zodMessages });
    if (!top.success) errors.push(...zodIssues(top.error, SLOTH_HINTS).map((i) => locate(loc, i.path, i.message)));
    const rawSlos: unknown[] = top.success ? top.data.slos : ((doc.toJS() as { slos?: unknown })?.slos as unknown[] | undefined) ?? [];
    const parsedSlos = (Array.isArray(rawSlos) ? rawSlos : []).map((raw, i) => {
      const r = slothSlo.safeParse(raw, { error: zodMessages });
      if (!r.success) errors.push(...zodIssues(r.error, SLOTH_HINTS).map((iss) => locate(loc, ["slos", i, ...iss.path], iss.message)));
      return r.success ? r.data : undefined;
    });
    if (!top.success) return;
    parsedSlos.forEach((s, i) => {
      if (!s) return;
      const at = (path: Seg[], message: string) => errors.push(locate(loc, ["slos", i, ...path], message));
      const { events, raw, plugin } = s.sli;
      if (plugin !== undefined) return at(["sli", "plugin"], "SLI plugins are not supported by the console: write the SLI as events (error_query, total_query) or raw");
      if (events && raw) return at(["sli"], "only one of sli.events and sli.raw can be set");
      if (!events && !raw) return at(["sli"], "required: sli.events (error_query, total_query) or sli.raw (error_ratio_query)");
      const extraInfo = Object.keys(withoutKey(s.infoLabels, "owner"));
      if (extraInfo.length) return at(["infoLabels", extraInfo[0]!], "only infoLabels.owner is kept by the console");
      const slo = fromSloth(top.data, s, opts.window ?? DEFAULT_WINDOW);
      const problems = checkSlo(slo, slothOrigins(top.data, s, i, loc));
      if (problems.length) return errors.push(...problems);
      const id = sloId(slo);
      if (ids.has(id)) return at(["name"], `SLO id "${id}" is repeated (first at ${ids.get(id)})`);
      ids.set(id, formatPath(loc.base, ["slos", i]));
      slos.push(slo);
    });
  });
  return errors.length ? { ok: false, errors: byLine(errors) } : { ok: true, slos };
}

function fromSloth(spec: SlothTop, s: SlothSloJs, window: SloWindow): SloSpec {
  const a = s.alerting ?? {};
  const pageOn = !a.page_alert?.disable;
  const ticketOn = !a.ticket_alert?.disable;
  const sli: SloSli = s.sli.events
    ? { kind: "ratio", errorQuery: s.sli.events.error_query, totalQuery: s.sli.events.total_query }
    : { kind: "raw", errorRatioQuery: s.sli.raw!.error_ratio_query };
  return {
    name: s.name,
    service: spec.service,
    ...(s.description ? { description: s.description } : {}),
    ...(s.infoLabels?.owner !== undefined ? { owner: s.infoLabels.owner } : {}),
    labels: { ...spec.labels, ...s.labels },
    objective: s.objective,
    window,
    sli,
    alerting: {
      name: a.name ?? "",
      pageTiers: { fast: pageOn, slow: pageOn },
      ticketTiers: { fast: ticketOn, slow: ticketOn },
      labels: a.labels ?? {},
      pageLabels: a.page_alert?.labels ?? {},
      ticketLabels: a.ticket_alert?.labels ?? {},
      annotations: withoutKey(a.annotations, "runbook_url"),
      pageAnnotations: a.page_alert?.annotations ?? {},
      ticketAnnotations: a.ticket_alert?.annotations ?? {},
      ...(a.annotations?.runbook_url !== undefined ? { runbook: a.annotations.runbook_url } : {}),
    },
  };
}

function slothOrigins(spec: SlothTop, s: SlothSloJs, i: number, loc: Loc): Origins {
  const slo: Seg[] = ["slos", i];
  const o = new Origins({ loc, path: slo });
  for (const key of ["name", "description", "objective"]) o.set([key], loc, [...slo, key]);
  o.set(["service"], loc, ["service"]);
  o.set(["owner"], loc, [...slo, "infoLabels", "owner"]);
  o.set(["labels"], loc, [...slo, "labels"]);
  for (const key of Object.keys(spec.labels ?? {})) if (!(key in (s.labels ?? {}))) o.set(["labels", key], loc, ["labels", key]);
  o.set(["sli"], loc, [...slo, "sli"]);
  o.set(["sli", "errorQuery"], loc, [...slo, "sli", "events", "error_query"]);
  o.set(["sli", "totalQuery"], loc, [...slo, "sli", "events", "total_query"]);
  o.set(["sli", "errorRatioQuery"], loc, [...slo, "sli", "raw", "error_ratio_query"]);
  const al: Seg[] = [...slo, "alerting"];
  o.set(["alerting"], loc, al);
  o.set(["alerting", "name"], loc, [...al, "name"]);
  o.set(["alerting", "labels"], loc, [...al, "labels"]);
  o.set(["alerting", "annotations"], loc, [...al, "annotations"]);
  o.set(["alerting", "runbook"], loc, [...al, "annotations", "runbook_url"]);
  for (const [field, key] of [["page", "page_alert"], ["ticket", "ticket_alert"]] as const) {
    o.set(["alerting", `${field}Labels`], loc, [...al, key, "labels"]);
    o.set(["alerting", `${field}Annotations`], loc, [...al, key, "annotations"]);
  }
  return o;
}

/**
 * SloSpecs as Sloth `prometheus/v1` specs, one YAML document per service. What Sloth
 * cannot express is said in comments: the period (a `sloth generate` flag), a single
 * page or ticket tier turned off (Sloth turns both off or none), the SLI kind (written
 * as events or raw queries, same meaning).
 */
export function toSlothSpec(slos: SloSpec[]): string {
  const services = new Map<string, SloSpec[]>();
  for (const slo of slos) services.set(slo.service, [...(services.get(slo.service) ?? []), slo]);
  const out: string[] = [];
  for (const [service, list] of services) {
    const spec = { version: "prometheus/v1", service, slos: list.map(slothSloOf) };
    const doc = new Document(spec, { aliasDuplicateObjects: false });
    doc.commentBefore = ` Sloth prometheus/v1 spec exported by Perfops Console (service ${service}).`;
    list.forEach((slo, i) => {
      const notes = slothNotes(slo);
      const node = doc.getIn(["slos", i], true);
      if (notes.length && isNode(node)) node.commentBefore = notes.map((n) => ` ${n}`).join("\n");
    });
    out.push(doc.toString({ indentSeq: false, lineWidth: 0 }));
  }
  return out.join("---\n");
}

function slothSloOf(slo: SloSpec) {
  const a = slo.alerting;
  const alert = (tiers: SloTiers, labels: Record<string, string>, annotations: Record<string, string> | undefined) =>
    !tiers.fast && !tiers.slow
      ? { disable: true }
      : { ...(Object.keys(labels).length ? { labels } : {}), ...(annotations && Object.keys(annotations).length ? { annotations } : {}) };
  const annotations = { ...a.annotations, ...(a.runbook ? { runbook_url: a.runbook } : {}) };
  return {
    name: slo.name,
    objective: slo.objective,
    ...(slo.description ? { description: slo.description } : {}),
    ...(Object.keys(slo.labels).length ? { labels: slo.labels } : {}),
    ...(slo.owner ? { infoLabels: { owner: slo.owner } } : {}),
    sli: slothSliOf(slo.sli),
    alerting: {
      name: a.name || defaultAlertName(slo.service, slo.name),
      ...(a.labels && Object.keys(a.labels).length ? { labels: a.labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      page_alert: alert(a.pageTiers, a.pageLabels, a.pageAnnotations),
      ticket_alert: alert(a.ticketTiers, a.ticketLabels, a.ticketAnnotations),
    },
  };
}

function slothNotes(slo: SloSpec): string[] {
  const notes: string[] = [];
  const w = slo.window;
  if (w.kind === "rolling" && w.days === 28) notes.push("SLO period 28d: run sloth generate --default-slo-period=28d");
  if (w.kind === "rolling" && w.days === 7) {
    notes.push("SLO period 7d: run sloth generate --default-slo-period=7d --slo-period-windows-path with Sloth's examples/windows/7d.yaml");
  }
  if (w.kind === "calendar") {
    notes.push(`SLO period: calendar ${w.unit}${w.timeZone ? ` (${w.timeZone})` : ""}; Sloth has rolling periods only, the console uses ${periodDays(w)}d`);
  }
  for (const [name, t] of [["page", slo.alerting.pageTiers], ["ticket", slo.alerting.ticketTiers]] as const) {
    if (t.fast !== t.slow) notes.push(`only the ${t.fast ? "fast" : "slow"} ${name} tier is on in the console; Sloth's ${name} alert has both`);
  }
  if (slo.sli.kind === "latency") notes.push(`latency SLI: ${slo.sli.metric} under ${formatGoFloat(slo.sli.thresholdSeconds)}s, as events queries`);
  if (slo.sli.kind === "availability") notes.push("availability SLI: share of failed scrapes of up, as a raw error ratio");
  return notes;
}
