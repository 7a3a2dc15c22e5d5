import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyEdit, formatDuration, groupsFromApi, outline, parseDuration, readRuleModel, sameRules } from "./document";

const REFERENCE = readFileSync(path.resolve("scripts/stack/performance.rules.yml"), "utf8");
const API_EXAMPLE = JSON.parse(readFileSync(path.resolve("test/fixtures/upstream/prometheus/api-v1-rules.docs-example.json"), "utf8"));

describe("rule file model", () => {
  it("reads the reference group performance.rules", () => {
    const m = readRuleModel(REFERENCE);
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.groups.map((g) => g.name)).toEqual(["performance.rules"]);
    expect(m.groups[0]!.rules.map((r) => [r.kind, r.name, r.for, r.labels.severity])).toEqual([
      ["alert", "HighResponseTime", "2m", "warning"],
      ["alert", "HighErrorRate", "1m", "critical"],
      ["alert", "DatabaseSlowQueries", "5m", "warning"],
    ]);
    expect(m.groups[0]!.rules[1]!.expr).toContain('status=~"5.."');
  });

  it("reports YAML that is not a rule file instead of guessing", () => {
    expect(readRuleModel("groups: [\n")).toMatchObject({ ok: false });
    expect(readRuleModel("- a\n- b\n")).toEqual({ ok: false, error: "expected a mapping with a 'groups' list" });
    expect(readRuleModel("")).toEqual({ ok: true, groups: [] });
  });
});

describe("form edits keep the rest of the file", () => {
  it("raising a threshold changes that expression only and keeps every comment and key order", () => {
    const m = readRuleModel(REFERENCE);
    if (!m.ok) throw new Error(m.error);
    const expr = m.groups[0]!.rules[1]!.expr.replace("> 0.01", "> 0.05");
    const out = applyEdit(REFERENCE, { op: "setRule", group: 0, rule: 1, field: "expr", value: expr });
    expect(out).toContain("# Share of requests answered with a 5xx status.");
    expect(out).toContain("# Performance alerts of the reference e-commerce system");
    expect(out).toContain("> 0.05");
    expect(out).not.toContain("> 0.01");
    const changed = out.split("\n").filter((l, i) => l !== REFERENCE.split("\n")[i]);
    expect(changed).toEqual(REFERENCE.split("\n").filter((l) => l.includes("> 0.01")).map((l) => l.replace("> 0.01", "> 0.05")));
    expect(changed).toHaveLength(1);
  });

  it("empty optional fields are removed, names kept even when empty (the checks report them)", () => {
    let out = applyEdit(REFERENCE, { op: "setRule", group: 0, rule: 0, field: "for", value: "" });
    const before = readRuleModel(out);
    expect(before.ok && before.groups[0]!.rules[0]!.for).toBeUndefined();
    expect(out).toContain("for: 1m");
    out = applyEdit(out, { op: "setRule", group: 0, rule: 0, field: "keep_firing_for", value: "10m" });
    out = applyEdit(out, { op: "setRule", group: 0, rule: 0, field: "name", value: "" });
    const m = readRuleModel(out);
    expect(m.ok && m.groups[0]!.rules[0]!).toMatchObject({ name: "", keep_firing_for: "10m", kind: "alert" });
  });

  it("labels and annotations: removed keys go, kept keys stay in place, new keys are appended", () => {
    const out = applyEdit(REFERENCE, {
      op: "setRuleMap",
      group: 0,
      rule: 2,
      field: "annotations",
      value: { description: "changed", runbook_url: "https://runbooks/db", summary: "Slow DB on {{ $labels.service }}" },
    });
    const rule = readRuleModel(out);
    if (!rule.ok) throw new Error(rule.error);
    expect(Object.keys(rule.groups[0]!.rules[2]!.annotations)).toEqual(["summary", "description", "runbook_url"]);
    expect(applyEdit(out, { op: "setRuleMap", group: 0, rule: 2, field: "labels", value: {} })).not.toMatch(/DatabaseSlowQueries[\s\S]*severity: warning\n\s+annotations/);
  });

  it("adds and removes groups and rules; a multi-line expr becomes a literal block", () => {
    let out = applyEdit(REFERENCE, { op: "addGroup", name: "slo.rules" });
    out = applyEdit(out, { op: "addRule", group: 1, kind: "record" });
    out = applyEdit(out, { op: "setRule", group: 1, rule: 0, field: "expr", value: "sum by (service) (\n  rate(http_requests_total[5m])\n)" });
    expect(out).toContain("expr: |-\n");
    expect(outline(out)).toEqual([
      { name: "performance.rules", rules: outline(REFERENCE)[0]!.rules },
      { name: "slo.rules", rules: [{ kind: "record", name: "new:record" }] },
    ]);
    out = applyEdit(out, { op: "removeRule", group: 0, rule: 0 });
    out = applyEdit(out, { op: "removeGroup", group: 1 });
    expect(outline(out)).toEqual([{ name: "performance.rules", rules: outline(REFERENCE)[0]!.rules.slice(1) }]);
  });

  it("refuses to edit YAML that does not parse, saying why", () => {
    expect(() => applyEdit("groups: [", { op: "addGroup", name: "x" })).toThrow(/does not parse.*YAML view/);
  });
});

describe("durations", () => {
  it("formats API seconds as rule-file strings and back", () => {
    expect(formatDuration(120)).toBe("2m");
    expect(formatDuration(5400)).toBe("1h30m");
    expect(formatDuration(0.25)).toBe("250ms");
    expect(formatDuration(0)).toBe("0s");
    expect(parseDuration("1h30m")).toBe(5400);
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("1m30")).toBeUndefined();
    expect(parseDuration("5x")).toBeUndefined();
  });
});

describe("round trip", () => {
  it("the upstream /api/v1/rules example becomes an equivalent rule file", () => {
    const yaml = groupsFromApi(API_EXAMPLE.data.groups);
    const m = readRuleModel(yaml);
    if (!m.ok) throw new Error(m.error);
    expect(m.groups[0]!.rules.map((r) => r.kind)).toEqual(API_EXAMPLE.data.groups[0].rules.map((r: { type: string }) => (r.type === "alerting" ? "alert" : "record")));
    const alert = API_EXAMPLE.data.groups[0].rules.find((r: { type: string }) => r.type === "alerting");
    const drafted = m.groups[0]!.rules.find((r) => r.kind === "alert")!;
    expect(parseDuration(drafted.for) ?? 0).toBe(alert.duration);
    expect(drafted.expr).toBe(alert.query);
  });

  it("the reference file and its API form are the same rules; a changed threshold is not", () => {
    const m = readRuleModel(REFERENCE);
    if (!m.ok) throw new Error(m.error);
    const api = m.groups.map((g) => ({
      name: g.name,
      // what /api/v1/rules reports for a group without its own interval: the global one
      interval: 15,
      rules: g.rules.map((r) => ({
        type: "alerting" as const,
        name: r.name,
        query: r.expr.replace(/\n\s*/g, " ").trim(),
        duration: parseDuration(r.for) ?? 0,
        labels: r.labels,
        annotations: r.annotations,
      })),
    }));
    expect(sameRules(REFERENCE, groupsFromApi(api))).toBe(true);
    expect(sameRules(REFERENCE, REFERENCE.replace("for: 2m", "for: 120s"))).toBe(true);
    const withInterval = REFERENCE.replace("  - name: performance.rules\n", "  - name: performance.rules\n    interval: 30s\n");
    expect(sameRules(withInterval, groupsFromApi(api))).toBe(false);
    expect(sameRules(withInterval, withInterval.replace("30s", "30000ms"))).toBe(true);
    expect(sameRules(REFERENCE, REFERENCE.replace("> 0.5", "> 0.6"))).toBe(false);
    expect(sameRules(REFERENCE, REFERENCE.replace("severity: critical", "severity: page"))).toBe(false);
  });
});
