import { Document, isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import { z } from "zod";
import { checkPromQL } from "@/lib/promql/check";
import { escapeLabelValue, isValidLabelName, isValidMetricName, labelMatcher } from "@/lib/promql/escape";
import { parseTemplate } from "@/lib/rules/template";

/**
 * SLO definitions: the console's own type (SloSpec), its schema, the alert table it
 * uses, and import/export of the two public formats, Sloth `prometheus/v1`
 * (github.com/slok/sloth, pkg/prometheus/api/v1) and OpenSLO v1 (github.com/OpenSLO/OpenSLO,
 * README + schemas/v1; field names as in OpenSLO/go-sdk pkg/openslo/v1). A spec is
 * validated once, here, into a typed SloSpec; lib/slo/generate.ts trusts it. Pure.
 *
 * Import is strict where the formats are loose: unknown fields are errors (Sloth's
 * YAML loader ignores them, so a typo silently drops a setting), and what the
 * console cannot honour (SLI plugins, threshold metrics, time slices, composite
 * SLOs, alert thresholds other than the table below) is rejected with the path of
 * the field and, where known, its line.
 */

// ---------------------------------------------------------------- the console's type

export type SloWindow =
  | { kind: "rolling"; days: 7 | 28 | 30 }
  /** Calendar month or quarter; rules use the longest one (31d, 92d), see periodDays. */
  | { kind: "calendar"; unit: "month" | "quarter"; timeZone?: string };

/**
 * What counts as an error. Queries use Sloth's `{{.window}}` placeholder for the range.
 * `raw` is Sloth's and OpenSLO's precomputed error ratio (0..1).
 */
export type SloSli =
  | { kind: "ratio"; errorQuery: string; totalQuery: string }
  | { kind: "ratio-good"; goodQuery: string; totalQuery: string }
  /** Share of requests faster than the threshold: <metric>_bucket{le=threshold} / <metric>_count. */
  | { kind: "latency"; metric: string; thresholdSeconds: number; selector: Record<string, string> }
  /** Share of failed scrapes of up{...}. */
  | { kind: "availability"; upSelector: Record<string, string> }
  | { kind: "raw"; errorRatioQuery: string };

export interface SloTiers {
  fast: boolean;
  slow: boolean;
}

export interface SloAlerting {
  /** Alert name of every generated alert (Sloth's alerting.name). */
  name: string;
  pageTiers: SloTiers;
  ticketTiers: SloTiers;
  /** Labels of every alert (Sloth's alerting.labels). */
  labels?: Record<string, string>;
  pageLabels: Record<string, string>;
  ticketLabels: Record<string, string>;
  /** Annotations of every alert; they override the generated summary/title. */
  annotations: Record<string, string>;
  pageAnnotations?: Record<string, string>;
  ticketAnnotations?: Record<string, string>;
  /** Written as the `runbook_url` annotation. */
  runbook?: string;
}

export interface SloSpec {
  /** Sloth's SLO name, e.g. "requests-availability"; the SLO id is `<service>-<name>`. */
  name: string;
  service: string;
  description?: string;
  owner?: string;
  labels: Record<string, string>;
  /** Percent, e.g. 99.9. */
  objective: number;
  window: SloWindow;
  sli: SloSli;
  alerting: SloAlerting;
}

export interface SpecError {
  /** Where in the input, e.g. `slos[0].objective`; "" for the file as a whole. */
  path: string;
  message: string;
  line?: number;
}

export type SpecResult = { ok: true; slos: SloSpec[] } | { ok: false; errors: SpecError[] };

// ---------------------------------------------------------------- shared rules

/** Sloth's name rule for services and SLO names (internal/prometheus/model.go). */
export const SLO_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$/;

/** Labels the generated rules set themselves; a user label of that name would break them. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set([
  "sloth_id",
  "sloth_service",
  "sloth_slo",
  "sloth_window",
  "sloth_severity",
  "sloth_mode",
  "sloth_spec",
  "sloth_version",
  "sloth_objective",
  "slo_tier",
]);

const DEFAULT_WINDOW: SloWindow = { kind: "rolling", days: 30 };
const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;

/** The SLO id Sloth uses in its labels and group names. */
export function sloId(slo: Pick<SloSpec, "service" | "name">): string {
  return `${slo.service}-${slo.name}`;
}

/** A query with its `{{.window}}` placeholders replaced by a range such as "5m". */
export function renderWindow(query: string, window: string): string {
  return query.replace(WINDOW_PLACEHOLDER, window);
}

/** Why a `{{.window}}` query cannot be used, or undefined. */
export function queryProblem(query: string): string | undefined {
  if (query.trim() === "") return "expected a PromQL query";
  if (!new RegExp(WINDOW_PLACEHOLDER.source).test(query)) {
    return "expected the {{.window}} placeholder for the range, e.g. sum(rate(http_requests_total[{{.window}}]))";
  }
  const rendered = renderWindow(query, "5m");
  if (rendered.includes("{{")) return "only the {{.window}} placeholder is supported";
  const problem = promqlError(rendered);
  if (problem) return `does not parse (with {{.window}} = 5m): ${problem.message} at character ${problem.from + 1}`;
  return undefined;
}

/**
 * checkPromQL's first error, if it persists over three checks. lib/promql/check.ts
 * type-checks the tree the editor state parsed at creation, within a 20 ms budget and
 * over at most the first 3000 characters; when that budget runs out (a loaded machine,
 * about 1 in 1000 calls here) it reports a type error in a valid query.
 */
function promqlError(expr: string) {
  let problem;
  for (let attempt = 0; attempt < 3; attempt++) {
    problem = checkPromQL(expr).find((p) => p.severity === "error");
    if (!problem) return undefined;
  }
  return problem;
}

/** `{a="x",b="y"}` with the values escaped; "" for no matchers. */
export function labelSelector(matchers: Record<string, string>, extra: string[] = []): string {
  const parts = [...Object.entries(matchers).map(([k, v]) => labelMatcher(k, v)), ...extra];
  return parts.length ? `{${parts.join(",")}}` : "";
}

/**
 * The `le` matcher of a bucket. Go clients write the bound 1 as "1", Prometheus 3
 * normalises classic histograms to "1.0": whole numbers match both.
 */
function leMatcher(seconds: number): string {
  const text = formatGoFloat(seconds);
  return Number.isInteger(seconds) ? `le=~"${text}(\\\\.0)?"` : `le="${escapeLabelValue(text)}"`;
}

/** Good and total queries of a latency SLI, with the `{{.window}}` placeholder. */
export function latencyQueries(sli: Extract<SloSli, { kind: "latency" }>): { good: string; total: string } {
  return {
    good: `sum(rate(${sli.metric}_bucket${labelSelector(sli.selector, [leMatcher(sli.thresholdSeconds)])}[{{.window}}]))`,
    total: `sum(rate(${sli.metric}_count${labelSelector(sli.selector)}[{{.window}}]))`,
  };
}

/** Error ratio of an availability SLI: the share of failed scrapes. */
export function availabilityQuery(sli: Extract<SloSli, { kind: "availability" }>): string {
  return `1 - avg(avg_over_time(up${labelSelector(sli.upSelector)}[{{.window}}]))`;
}

export type SlothSli = { events: { error_query: string; total_query: string } } | { raw: { error_ratio_query: string } };

/**
 * The SLI as Sloth spells it. Good/total SLIs become an error query `total - good`,
 * and a missing good series counts as no good events (`or total`), so a total outage
 * is not read as "no errors".
 */
export function slothSliOf(sli: SloSli): SlothSli {
  switch (sli.kind) {
    case "ratio":
      return { events: { error_query: sli.errorQuery, total_query: sli.totalQuery } };
    case "ratio-good":
      return { events: { error_query: `(${sli.totalQuery}) - (${sli.goodQuery}) or (${sli.totalQuery})`, total_query: sli.totalQuery } };
    case "latency": {
      const q = latencyQueries(sli);
      return { events: { error_query: `(${q.total}) - (${q.good}) or (${q.total})`, total_query: q.total } };
    }
    case "availability":
      return { raw: { error_ratio_query: availabilityQuery(sli) } };
    case "raw":
      return { raw: { error_ratio_query: sli.errorRatioQuery } };
  }
}

/**
 * Go's `%g` (strconv 'g', shortest): Sloth writes every number in its rules this way,
 * e.g. 0.9990000000000001, 1e-05.
 */
export function formatGoFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  if (x === 0) return "0";
  const [mantissa, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  const sign = x < 0 ? "-" : "";
  // %e when the exponent is below -4 or, for the shortest precision, at least 6 (Go's strconv).
  if (exp < -4 || exp >= 6) {
    const e = `${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}e${e}`;
  }
  return sign + fixedDigits(digits, exp);
}

function fixedDigits(digits: string, exp: number): string {
  if (exp < 0) return `0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return digits + "0".repeat(exp + 1 - digits.length);
  return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

// ---------------------------------------------------------------- the alert table

export type AlertTier = "page-fast" | "page-slow" | "ticket-fast" | "ticket-slow";

export interface TierWindows {
  tier: AlertTier;
  severity: "page" | "ticket";
  /** Share of the period's error budget the tier alerts on, in percent. */
  budgetPercent: number;
  shortSeconds: number;
  longSeconds: number;
  /** Burn-rate threshold: budgetPercent · P / long window. */
  factor: number;
}

const H = 3600;
const D = 24 * H;

/**
 * Multi-window multi-burn-rate table. For every period but 7d: the Google SRE
 * workbook's (ch. 5, "Alerting on SLOs", recommended parameters), exactly as Sloth
 * ships it (internal/alert/windows/google-30d.yaml and google-28d.yaml): 2% of the
 * budget in 1h (short 5m), 5% in 6h (30m), 10% in 1d (2h), 10% in 3d (6h); the
 * threshold scales with the period P (14.4/6/3/1 for 30d, 13.44/5.6/2.8/0.93 for 28d).
 * For 7d the same percentages would give a ticket threshold of 0.23, firing while the
 * SLO is met, so 7d uses the table Sloth publishes for it (examples/windows/7d.yaml:
 * 8%, 12.5%, 20%, 42%; thresholds 13.44/3.5/1.4/0.98).
 */
const WORKBOOK_TABLE: ReadonlyArray<[AlertTier, number, number, number]> = [
  ["page-fast", 2, 5 * 60, H],
  ["page-slow", 5, 30 * 60, 6 * H],
  ["ticket-fast", 10, 2 * H, D],
  ["ticket-slow", 10, 6 * H, 3 * D],
];
const SLOTH_7D_TABLE: ReadonlyArray<[AlertTier, number, number, number]> = [
  ["page-fast", 8, 5 * 60, H],
  ["page-slow", 12.5, 30 * 60, 6 * H],
  ["ticket-fast", 20, 2 * H, D],
  ["ticket-slow", 42, 6 * H, 3 * D],
];

/** Days in the SLO period. A calendar month counts as 31 days and a quarter as 92 (the longest ones). */
export function periodDays(window: SloWindow): number {
  if (window.kind === "rolling") return window.days;
  return window.unit === "month" ? 31 : 92;
}

/** The four alert tiers for a period, thresholds computed as Sloth does (internal/alert/window.go). */
export function burnRateTiers(window: SloWindow): TierWindows[] {
  const days = periodDays(window);
  const table = days === 7 ? SLOTH_7D_TABLE : WORKBOOK_TABLE;
  return table.map(([tier, budgetPercent, shortSeconds, longSeconds]) => ({
    tier,
    severity: tier.startsWith("page") ? "page" : "ticket",
    budgetPercent,
    shortSeconds,
    longSeconds,
    // Same operation order as Sloth's getBurnRateFactor, so the floats are identical.
    factor: (budgetPercent * (days * 24)) / 100 / (longSeconds / H),
  }));
}

export function tierEnabled(alerting: SloAlerting, tier: AlertTier): boolean {
  const tiers = tier.startsWith("page") ? alerting.pageTiers : alerting.ticketTiers;
  return tier.endsWith("fast") ? tiers.fast : tiers.slow;
}

// ---------------------------------------------------------------- schema of SloSpec

const nameSchema = z
  .string()
  .regex(SLO_NAME, "expected letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. order-service)");

/** Label, annotation or matcher maps; `templated` for alert labels and annotations, which Prometheus parses as Go templates. */
function labelMapSchema(what: "label" | "annotation" | "matcher", templated = false) {
  return z.record(z.string(), z.string()).superRefine((map, ctx) => {
    for (const [key, value] of Object.entries(map)) {
      const template = templated ? parseTemplate(value) : undefined;
      if (template && !template.ok) {
        ctx.addIssue({ code: "custom", path: [key], message: `template does not parse at character ${template.offset + 1}: ${template.message}` });
      }
      if (!isValidLabelName(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `invalid ${what} name "${key}": expected letters, digits and '_', not starting with a digit` });
      } else if (what !== "annotation" && key.startsWith("__")) {
        ctx.addIssue({ code: "custom", path: [key], message: `label names starting with "__" are reserved for Prometheus` });
      } else if (what === "label" && RESERVED_LABELS.has(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `"${key}" is set by the generated rules; choose another label name` });
      }
      if (value === "") ctx.addIssue({ code: "custom", path: [key], message: `empty ${what} value (an empty label is the same as no label)` });
    }
  });
}

const querySchema = z.string().superRefine((q, ctx) => {
  const problem = queryProblem(q);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const tiersSchema = z.strictObject({ fast: z.boolean(), slow: z.boolean() });

const windowSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("rolling"), days: z.literal([7, 28, 30], { message: "expected 7, 28 or 30 days" }) }),
    z.strictObject({
      kind: z.literal("calendar"),
      unit: z.enum(["month", "quarter"], { message: 'expected "month" or "quarter"' }),
      timeZone: z
        .string()
        .refine(validTimeZone, "expected an IANA time zone such as Europe/Berlin or UTC")
        .optional(),
    }),
  ],
  { message: 'expected kind "rolling" or "calendar"' },
);

const sliSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("ratio"), errorQuery: querySchema, totalQuery: querySchema }).refine((s) => s.errorQuery !== s.totalQuery, {
      message: "the error and total queries must differ",
      path: ["errorQuery"],
    }),
    z.strictObject({ kind: z.literal("ratio-good"), goodQuery: querySchema, totalQuery: querySchema }).refine((s) => s.goodQuery !== s.totalQuery, {
      message: "the good and total queries must differ",
      path: ["goodQuery"],
    }),
    z.strictObject({
      kind: z.literal("latency"),
      metric: z.string().superRefine((m, ctx) => {
        if (!isValidMetricName(m)) ctx.addIssue({ code: "custom", message: `invalid metric name "${m}"` });
        else if (/_(bucket|count|sum)$/.test(m)) {
          ctx.addIssue({ code: "custom", message: `give the histogram's name without the suffix, e.g. ${m.replace(/_(bucket|count|sum)$/, "")}` });
        }
      }),
      thresholdSeconds: z.number().gt(0, "expected a threshold above 0 seconds, e.g. 0.5").finite(),
      selector: labelMapSchema("matcher").refine((s) => !("le" in s), "the le label is set from thresholdSeconds"),
    }),
    z.strictObject({
      kind: z.literal("availability"),
      upSelector: labelMapSchema("matcher").refine((s) => Object.keys(s).length > 0, 'expected at least one matcher, e.g. { job: "order-service" }'),
    }),
    z.strictObject({ kind: z.literal("raw"), errorRatioQuery: querySchema }),
  ],
  { message: 'expected kind "ratio", "ratio-good", "latency", "availability" or "raw"' },
);

const alertingSchema = z
  .strictObject({
    name: z.string(),
    pageTiers: tiersSchema,
    ticketTiers: tiersSchema,
    labels: labelMapSchema("label", true).optional(),
    pageLabels: labelMapSchema("label", true),
    ticketLabels: labelMapSchema("label", true),
    annotations: labelMapSchema("annotation", true),
    pageAnnotations: labelMapSchema("annotation", true).optional(),
    ticketAnnotations: labelMapSchema("annotation", true).optional(),
    runbook: z
      .string()
      .regex(/^https?:\/\/\S+$/, "expected an http(s) URL such as https://runbooks.example.com/order-service")
      .optional(),
  })
  .superRefine((a, ctx) => {
    const any = a.pageTiers.fast || a.pageTiers.slow || a.ticketTiers.fast || a.ticketTiers.slow;
    if (any && a.name.trim() === "") ctx.addIssue({ code: "custom", path: ["name"], message: "required: the name of the generated alerts" });
  });

/** The console's SLO, validated. Messages name the problem; the path names the field. */
export const sloSpecSchema: z.ZodType<SloSpec> = z.strictObject({
  name: nameSchema,
  service: nameSchema,
  description: z.string().max(1050, "expected at most 1050 characters (OpenSLO's limit)").optional(),
  owner: z.string().min(1, "expected a team or person, or leave it out").optional(),
  labels: labelMapSchema("label"),
  objective: z
    .number()
    .gt(0, "expected a percentage above 0, e.g. 99.9")
    .lt(100, "expected a percentage below 100 (an objective of 100% leaves no error budget)"),
  window: windowSchema,
  sli: sliSchema,
  alerting: alertingSchema,
});

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

type Seg = string | number;

/** Messages for the structural errors zod reports without one of ours. */
const zodMessages: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === "invalid_type") {
    if (iss.input === undefined) return "required";
    return `expected ${iss.expected === "object" ? "a mapping" : iss.expected === "array" ? "a list" : `a ${iss.expected}`}, got ${describe(iss.input)}`;
  }
  return undefined;
};

function describe(v: unknown): string {
  if (v === null) return "nothing (null)";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

interface Issue {
  path: Seg[];
  message: string;
}

function zodIssues(error: z.ZodError, hints: Record<string, string> = {}): Issue[] {
  return error.issues.flatMap((iss): Issue[] => {
    const path = iss.path.filter((p): p is Seg => typeof p !== "symbol");
    if (iss.code === "unrecognized_keys") {
      return iss.keys.map((key) => ({ path: [...path, key], message: hints[key] ?? `unknown field "${key}"` }));
    }
    return [{ path, message: iss.message }];
  });
}

/** Validates a value as an SloSpec (e.g. at a server action); errors carry paths such as `sli.totalQuery`. */
export function validateSloSpec(value: unknown): { ok: true; slo: SloSpec } | { ok: false; errors: SpecError[] } {
  const r = sloSpecSchema.safeParse(value, { error: zodMessages });
  if (r.success) return { ok: true, slo: r.data };
  return { ok: false, errors: zodIssues(r.error).map((i) => ({ path: formatPath("", i.path), message: i.message })) };
}

// ---------------------------------------------------------------- locating errors in YAML

function formatPath(base: string, segs: readonly Seg[]): string {
  let out = base;
  for (const s of segs) out += typeof s === "number" ? `[${s}]` : out === "" ? s : `.${s}`;
  return out;
}

/** One object in a YAML file: its document and the node path to it. */
interface Loc {
  doc: Document;
  lines: LineCounter;
  nodePath: Seg[];
  base: string;
}

/** The error at `path` in an object, with the line of the deepest key of the path that exists. */
function locate(loc: Loc, path: readonly Seg[], message: string): SpecError {
  const full = [...loc.nodePath, ...path];
  let line: number | undefined;
  for (let k = full.length; k >= 0 && line === undefined; k--) {
    const parent = k <= 1 ? loc.doc.contents : loc.doc.getIn(full.slice(0, k - 1), true);
    let node: unknown = k === 0 ? loc.doc.contents : undefined;
    if (k > 0 && isMap(parent)) node = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(full[k - 1]))?.key;
    else if (k > 0 && isSeq(parent) && typeof full[k - 1] === "number") node = parent.items[full[k - 1] as number];
    if (isNode(node) && node.range) line = loc.lines.linePos(node.range[0]).line;
  }
  return { path: formatPath(loc.base, full), message, ...(line !== undefined ? { line } : {}) };
}

/** Where each SloSpec field came from, to report the console's checks at the input's path. */
class Origins {
  private entries: { key: Seg[]; loc: Loc; path: Seg[] }[] = [];
  constructor(private fallback: { loc: Loc; path: Seg[] }) {}
  set(key: Seg[], loc: Loc, path: Seg[]) {
    this.entries.push({ key, loc, path });
  }
  error(consolePath: Seg[], message: string): SpecError {
    let best: { key: Seg[]; loc: Loc; path: Seg[] } | undefined;
    for (const e of this.entries) {
      const matches = e.key.length <= consolePath.length && e.key.every((k, i) => k === consolePath[i]);
      if (matches && (!best || e.key.length > best.key.length)) best = e;
    }
    if (!best) return locate(this.fallback.loc, this.fallback.path, `${formatPath("", consolePath)}: ${message}`);
    return locate(best.loc, [...best.path, ...consolePath.slice(best.key.length)], message);
  }
}

function checkSlo(slo: SloSpec, origins: Origins): SpecError[] {
  const r = sloSpecSchema.safeParse(slo, { error: zodMessages });
  return r.success ? [] : zodIssues(r.error).map((i) => origins.error(i.path, i.message));
}

function readYaml(text: string): { lines: LineCounter; docs: Document[]; errors: SpecError[] } {
  const lines = new LineCounter();
  const all = parseAllDocuments(text, { lineCounter: lines });
  const docs = Array.from(all as Iterable<Document>);
  const errors = docs.flatMap((d) =>
    d.errors.map((e) => ({ path: "", message: `YAML: ${e.message.split("\n")[0]}`, line: lines.linePos(e.pos[0]).line })),
  );
  return { lines, docs: docs.filter((d) => d.contents !== null), errors };
}

/** Errors in file order (stable: those without a line keep their place at the end). */
function byLine(errors: SpecError[]): SpecError[] {
  return [...errors].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

function withoutKey(map: Record<string, string> | undefined, key: string): Record<string, string> {
  const { [key]: _drop, ...rest } = map ?? {};
  return rest;
}

function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** Alert name when a format has none: "order-service" + "requests-latency" → OrderServiceRequestsLatencySLO. */
export function defaultAlertName(service: string, name: string): string {
  return `${pascal(service)}${pascal(name)}SLO`;
}

// ---------------------------------------------------------------- Sloth prometheus/v1

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

// ---------------------------------------------------------------- OpenSLO v1

const OPENSLO_VERSION = "openslo/v1";
const CONSOLE_PREFIX = "perfops-console/";
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
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

// ---------------------------------------------------------------- detection

export type SpecFormat = "sloth" | "openslo";

/** The format of a spec file by its version field (Sloth `version: prometheus/v1`, OpenSLO `apiVersion: openslo/…`). */
export function detectSpecFormat(yamlText: string): SpecFormat | undefined {
  const { docs } = readYaml(yamlText);
  for (const doc of docs) {
    const js: unknown = doc.toJS();
    const first: unknown = Array.isArray(js) ? js[0] : js;
    if (!first || typeof first !== "object") continue;
    const o = first as Record<string, unknown>;
    if (o.version === "prometheus/v1") return "sloth";
    if (typeof o.apiVersion === "string" && o.apiVersion.startsWith("openslo/")) return "openslo";
  }
  return undefined;
}
