import { parser } from "@prometheus-io/lezer-promql";
import { z } from "zod";
import { checkPromQL } from "@/lib/promql/check";
import { parseDurationSeconds } from "@/lib/promql/time-range";
import { COMPARATORS, TARGET_UNITS, TEMPLATE_KINDS } from "./kinds";
import type { Target } from "./templates";

/**
 * Validation of a roadmap item's measurable target (the Target type and the
 * templates are in templates.ts): zod, with the PromQL parsed by lezer-promql and
 * errors given with line and column, the expression's length capped. Pure.
 */

/** A target's expression: at most this many characters (the type checker reads 3000). */
export const MAX_TARGET_EXPR = 2000;
/** Windows from 5 minutes to 90 days. */
export const MIN_WINDOW_SECONDS = 300;
export const MAX_WINDOW_SECONDS = 90 * 86400;

/** A service name as the simulator and Kubernetes spell them (the templates escape it anyway). */
export const SERVICE_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$/;
export const serviceSchema = z.string().trim().regex(SERVICE_NAME, "expected a service name: letters, digits, '.', '_' or '-' (e.g. order-service)");

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before[before.length - 1] ?? "").length + 1 };
}

const RESULT_TYPES_REFUSED: Record<string, string> = {
  MatrixSelector: "a range vector",
  SubqueryExpr: "a range vector",
  StringLiteral: "a string",
};

/**
 * Why `expr` cannot be a target's expression, with the position of the problem, or
 * undefined. Syntax from lezer-promql (deterministic); type errors (e.g. rate() of an
 * instant vector) from the editor's checker, counted only when they persist (its
 * type check has a time budget that a loaded machine can exhaust: lib/slo/spec-model.ts).
 */
export function exprProblem(expr: string): string | undefined {
  if (expr.trim() === "") return "expected a PromQL expression";
  if (expr.length > MAX_TARGET_EXPR) return `expected at most ${MAX_TARGET_EXPR} characters, got ${expr.length}`;
  const tree = parser.parse(expr);
  let syntax: { from: number; to: number } | undefined;
  tree.iterate({
    enter(node) {
      if (syntax) return false;
      if (node.type.isError) syntax = { from: node.from, to: node.to };
      return undefined;
    },
  });
  if (syntax) {
    const { line, column } = lineColumn(expr, syntax.from);
    const near = expr.slice(syntax.from, Math.max(syntax.to, syntax.from + 1)).trim();
    const what = syntax.from >= expr.length ? "unexpected end of input" : near ? `unexpected "${near}"` : "unexpected character";
    return `parse error at line ${line}, column ${column}: ${what}`;
  }
  let top = tree.topNode.firstChild;
  while (top?.name === "ParenExpr" && top.firstChild) top = top.firstChild;
  const refused = top ? RESULT_TYPES_REFUSED[top.name] : undefined;
  if (refused) return `the expression yields ${refused}; a target compares one number (e.g. wrap it in a function such as rate() or avg_over_time())`;
  let typeError;
  for (let attempt = 0; attempt < 3; attempt++) {
    typeError = checkPromQL(expr).find((p) => p.severity === "error");
    if (!typeError) return undefined;
  }
  if (!typeError) return undefined;
  const { line, column } = lineColumn(expr, typeError.from);
  return `${typeError.message} (line ${line}, column ${column})`;
}

export const windowSchema = z
  .string()
  .trim()
  .refine((w) => {
    const s = parseDurationSeconds(w);
    return s !== undefined && s >= MIN_WINDOW_SECONDS && s <= MAX_WINDOW_SECONDS;
  }, "expected a window from 5m to 90d, written like 30m, 24h or 7d");

export const thresholdSchema = z.number({ message: "expected a number" }).finite("expected a finite number");

export const targetSchema = z.strictObject({
  expr: z
    .string()
    .trim()
    .superRefine((e, ctx) => {
      const problem = exprProblem(e);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  comparator: z.enum(COMPARATORS, { message: 'expected "<", "<=", ">" or ">="' }),
  threshold: thresholdSchema,
  window: windowSchema,
  unit: z.enum(TARGET_UNITS).default("number"),
  margin: z.number().finite().min(0, "expected a margin of 0 or more").optional(),
  template: z.strictObject({ kind: z.enum(TEMPLATE_KINDS), service: serviceSchema }).optional(),
});

/** A target's validation result: the target, or the errors by field path. */
export function validateTarget(input: unknown): { ok: true; target: Target } | { ok: false; errors: { path: string; message: string }[] } {
  const r = targetSchema.safeParse(input);
  if (r.success) return { ok: true, target: r.data };
  return { ok: false, errors: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) };
}
