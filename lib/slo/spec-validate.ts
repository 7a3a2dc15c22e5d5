/**
 * Validation of SloSpecs: the zod schema (sloSpecSchema, validateSloSpec) with the
 * console's messages, and, for the importers, reading YAML and locating an error
 * at the path and line of the field it came from (locate, Origins, checkSlo). Also
 * the default alert name a format without one gets. Pure.
 */
import { formatPath, locate, type Loc, type Seg } from "@/lib/documents/yaml-paths";
import { z } from "zod";
import { isValidLabelName, isValidMetricName } from "@/lib/promql/escape";
import { parseTemplate } from "@/lib/rules/template";
export { byLine, formatPath, locate, readYaml, type Loc, type Seg } from "@/lib/documents/yaml-paths";
import { queryProblem, RESERVED_LABELS, SLO_NAME, type SloSpec, type SpecError } from "./spec-model";

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

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Messages for the structural errors zod reports without one of ours. */
export const zodMessages: z.core.$ZodErrorMap = (iss) => {
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

export function zodIssues(error: z.ZodError, hints: Record<string, string> = {}): Issue[] {
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

/** Where each SloSpec field came from, to report the console's checks at the input's path. */
export class Origins {
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

export function checkSlo(slo: SloSpec, origins: Origins): SpecError[] {
  const r = sloSpecSchema.safeParse(slo, { error: zodMessages });
  return r.success ? [] : zodIssues(r.error).map((i) => origins.error(i.path, i.message));
}

export function withoutKey(map: Record<string, string> | undefined, key: string): Record<string, string> {
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
