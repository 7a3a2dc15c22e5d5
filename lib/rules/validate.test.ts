import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isValidDuration, validateRuleFile } from "./validate";

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
