import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { durationSeconds, formatDuration, isValidDuration, validateRuleFile } from "./validate";

const DIR = path.resolve(import.meta.dirname, "../../test/fixtures/upstream/prometheus/rulefmt-testdata");

/** Expected error substrings, from Prometheus's model/rulefmt/rulefmt_test.go (v3.14.0). */
const EXPECTED: Record<string, string> = {
  "duplicate_grp.bad.yaml": 'groupname: "yolo" is repeated in the same file',
  "bad_expr.bad.yaml": "could not parse expression",
  "record_and_alert.bad.yaml": "only one of 'record' and 'alert' must be set",
  "no_rec_alert.bad.yaml": "one of 'record' or 'alert' must be set",
  "noexpr.bad.yaml": "field 'expr' must be set in rule",
  "invalid_record_name.bad.yaml": 'braces present in the recording rule name; should it be in expr?: strawberry{flavor="sweet"}',
  "bad_field.bad.yaml": "field annotation not found",
  "invalid_label_name.bad.yaml": "invalid label name",
  "record_and_for.bad.yaml": "invalid field 'for' in recording rule",
  "record_and_keep_firing_for.bad.yaml": "invalid field 'keep_firing_for' in recording rule",
};

describe("validateRuleFile on Prometheus's own rulefmt test cases", () => {
  it("has every bad case of the upstream suite", () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith(".bad.yaml")).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("accepts the valid file", () => {
    expect(validateRuleFile(readFileSync(path.join(DIR, "test.yaml"), "utf8"))).toEqual([]);
  });

  for (const [file, message] of Object.entries(EXPECTED)) {
    it(`rejects ${file}`, () => {
      const errors = validateRuleFile(readFileSync(path.join(DIR, file), "utf8")).filter((p) => p.severity === "error");
      expect(errors.map((e) => e.message).join("\n")).toContain(message);
    });
  }
});

describe("validateRuleFile positions and details", () => {
  it("points at the line and column of the problem", () => {
    const text = "groups:\n  - name: a\n    rules:\n      - record: x\n        expr: 1\n        for: 5m\n";
    expect(validateRuleFile(text)).toEqual([
      { line: 6, column: 14, severity: "error", message: `group "a", rule 1: invalid field 'for' in recording rule` },
    ]);
  });

  it("locates an expression error inside a block scalar", () => {
    const text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: |\n          rate(x)\n";
    const [p] = validateRuleFile(text);
    expect(p).toMatchObject({ line: 6, column: 16, severity: "error" });
    expect(p?.message).toContain('expected type matrix in call to function "rate"');
  });

  it("checks durations and templates", () => {
    expect(isValidDuration("1h30m")).toBe(true);
    expect(isValidDuration("5 minutes")).toBe(false);
    const text = 'groups:\n  - name: a\n    interval: soon\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: "{{ $labels.job "\n';
    const messages = validateRuleFile(text).map((p) => p.message);
    expect(messages).toContain('interval: not a valid duration string: "soon" (expected e.g. 30s, 5m, 1h30m)');
    expect(messages.some((m) => m.includes("template of summary does not parse"))).toBe(true);
  });

  it("reports YAML syntax errors instead of throwing", () => {
    expect(validateRuleFile("groups: [\n")[0]?.message).toMatch(/^YAML: /);
  });
});

describe("validateRuleFile templates (Go text/template, as Prometheus parses them)", () => {
  const rule = (extra: string, kind = "alert: A") => `groups:\n  - name: a\n    rules:\n      - ${kind}\n        expr: up == 0\n${extra}`;

  it("reports a template that does not parse at the exact place, with Go's message", () => {
    const text = rule('        annotations:\n          summary: "{{ $labels.job }} is {{ humanise $value }}"\n');
    expect(validateRuleFile(text)).toEqual([
      {
        line: 7,
        column: 45,
        severity: "error",
        message: 'group "a", rule 1: annotations: template of summary does not parse: function "humanise" not defined (did you mean "humanize"?)',
      },
    ]);
  });

  it("finds the place inside a multi-line block and in labels", () => {
    const text = rule("        labels:\n          team: '{{ if $labels.x }}ops'\n        annotations:\n          description: |\n            Instance {{ $labels.instance }}\n            is down {{ $labels.job }\n");
    expect(validateRuleFile(text).map((p) => [p.line, p.column, p.message])).toEqual([
      [7, 18, 'group "a", rule 1: labels: template of team does not parse: unexpected EOF: missing {{end}} for {{if}}'],
      [11, 36, 'group "a", rule 1: annotations: template of description does not parse: unexpected "}" in operand'],
    ]);
  });

  it("accepts Prometheus's template language, and does not parse recording rule labels as templates", () => {
    const ok = rule('        labels:\n          severity: \'{{ if gt $value 0.5 }}page{{ else }}ticket{{ end }}\'\n        annotations:\n          summary: "{{ $value | humanizePercentage }} of {{ .Labels.job }} ({{ $externalLabels.cluster }})"\n');
    expect(validateRuleFile(ok)).toEqual([]);
    expect(validateRuleFile(rule("        labels:\n          note: '{{ not a template'\n", "record: r"))).toEqual([]);
  });

  it("locates expression errors on later lines of a block scalar", () => {
    const text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: |\n          sum(up)\n            > rate(x)\n";
    const [p] = validateRuleFile(text);
    expect(p).toMatchObject({ line: 7, column: 20, severity: "error" });
  });

  it("converts durations", () => {
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(durationSeconds("1m500ms")).toBe(60.5);
    expect(durationSeconds("0")).toBe(0);
    expect(durationSeconds("5 minutes")).toBeUndefined();
    expect([5400, 60.5, 20, 0, 90061].map(formatDuration)).toEqual(["1h30m", "1m500ms", "20s", "0s", "1d1h1m1s"]);
  });
});
