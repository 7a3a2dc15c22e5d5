import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { servicePanels } from "@/lib/dashboard/panels";
import { labelMatcher } from "@/lib/promql/escape";
import { exprProblem, lineColumn, MAX_TARGET_EXPR, validateTarget } from "./target";
import { targetFromTemplate } from "./templates";

const ok = { expr: "sum(rate(x[5m]))", comparator: "<", threshold: 0.1, window: "7d", unit: "seconds" };

function parses(expr: string): boolean {
  let errors = 0;
  parser.parse(expr).iterate({
    enter(n) {
      if (n.type.isError) errors++;
    },
  });
  return errors === 0;
}

describe("target validation", () => {
  it("accepts a well-formed target and defaults the unit", () => {
    expect(validateTarget(ok)).toEqual({ ok: true, target: ok });
    const { unit: _unit, ...noUnit } = ok;
    expect(validateTarget(noUnit)).toEqual({ ok: true, target: { ...ok, unit: "number" } });
  });

  it("reports a syntax error with its line and column", () => {
    expect(exprProblem("sum(rate(x[5m])")).toBe("parse error at line 1, column 16: unexpected end of input");
    expect(exprProblem("sum(\n  rate(x[5m]) +* 2)")).toBe('parse error at line 2, column 16: unexpected "*"');
    const r = validateTarget({ ...ok, expr: "up{job=}" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.path).toBe("expr");
      expect(r.errors[0]!.message).toMatch(/^parse error at line 1, column \d+: /);
    }
  });

  it("refuses a range vector or a string, and type errors", () => {
    expect(exprProblem("x[5m]")).toMatch(/yields a range vector/);
    expect(exprProblem("(rate(x[5m])[1h:5m])")).toMatch(/yields a range vector/);
    expect(exprProblem('"text"')).toMatch(/yields a string/);
    expect(exprProblem("rate(x)")).toBe('expected type matrix in call to function "rate", got vector (line 1, column 6)');
    expect(exprProblem("1")).toBeUndefined();
  });

  it("caps the expression's length", () => {
    const long = `${"sum(".repeat(10)}x${")".repeat(10)}`.padEnd(MAX_TARGET_EXPR + 1, " ");
    expect(exprProblem(long)).toBe(`expected at most ${MAX_TARGET_EXPR} characters, got ${MAX_TARGET_EXPR + 1}`);
    expect(validateTarget({ ...ok, expr: "" }).ok).toBe(false);
  });

  it("checks comparator, threshold and window, each at its own path", () => {
    const r = validateTarget({ ...ok, comparator: "==", threshold: Number.NaN, window: "2y" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path).sort()).toEqual(["comparator", "threshold", "window"]);
    expect(validateTarget({ ...ok, window: "1m" }).ok).toBe(false);
    expect(validateTarget({ ...ok, window: "91d" }).ok).toBe(false);
    expect(validateTarget({ ...ok, window: "90d" }).ok).toBe(true);
    expect(validateTarget({ ...ok, extra: 1 }).ok).toBe(false);
  });

  it("gives line and column of an offset", () => {
    expect(lineColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});

describe("templates", () => {
  it("takes the p95 from the dashboard's own panel query, with the window as rate window", () => {
    const t = targetFromTemplate({ kind: "latency-p95", service: "order-service", window: "7d", comparator: "<", threshold: 0.1 });
    const panel = servicePanels("order-service", 7 * 86400, 60).find((p) => p.id === "response-time-p95")!;
    expect(t.expr).toBe(panel.queries.find((q) => "name" in q.legend && q.legend.name === "p95")!.expr);
    expect(t.expr).toContain("[1w]");
    expect(t).toMatchObject({ comparator: "<", threshold: 0.1, window: "7d", unit: "seconds", template: { kind: "latency-p95", service: "order-service" } });
    expect(validateTarget(t).ok).toBe(true);
  });

  it("builds availability as 1 − the error-rate panel, with a margin of 10 % of the budget", () => {
    const t = targetFromTemplate({ kind: "availability", service: "order-service", window: "30d", comparator: ">=", threshold: 0.999 });
    const errorRate = servicePanels("order-service", 30 * 86400, 60).find((p) => p.id === "error-rate")!.queries[0]!.expr;
    expect(t.expr).toBe(`1 - (${errorRate})`);
    expect(t.unit).toBe("ratio");
    expect(t.margin).toBeCloseTo(0.0001, 12);
    expect(parses(t.expr)).toBe(true);
    expect(validateTarget(t).ok).toBe(true);
  });

  it("keeps a crafted service name inside its label matcher", () => {
    const t = targetFromTemplate({ kind: "latency-p95", service: 'x"} or vector(1) or up{job="', window: "1h", comparator: "<", threshold: 1 });
    expect(parses(t.expr)).toBe(true);
    expect(t.expr).toContain(labelMatcher("service", 'x"} or vector(1) or up{job="'));
  });
});
