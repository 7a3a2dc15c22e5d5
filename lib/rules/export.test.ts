import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { CRD_DURATION_PATTERN, PROMETHEUS_RULE_GROUP_KEYS, PROMETHEUS_RULE_RULE_KEYS, toPrometheusRule } from "./export";

/** The product's reference rule file (performance.rules). */
const REFERENCE = `# Performance alerts of the reference e-commerce system.
groups:
  - name: performance.rules
    rules:
      # p95 latency per service, from the request-duration histogram.
      - alert: HighResponseTime
        expr: histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5
        for: 2m
        labels:
          severity: warning
        annotations:
          summary: "High response time on {{ $labels.service }}"
      - alert: HighErrorRate
        expr: |
          sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))
            / sum by (service) (rate(http_requests_total[5m])) > 0.01
        for: 1m
        labels:
          severity: critical
      - alert: DatabaseSlowQueries
        expr: histogram_quantile(0.95, sum by (le, service) (rate(database_query_duration_seconds_bucket[5m]))) > 0.1
        for: 5m
        labels:
          severity: warning
`;

/** Golden output: a change to the generated manifest shows up here as a readable diff. */
const EXPECTED = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: performance-rules
  namespace: monitoring
  labels:
    prometheus: k8s
    role: alert-rules
spec:
  groups:
    - name: performance.rules
      rules:
        # p95 latency per service, from the request-duration histogram.
        - alert: HighResponseTime
          expr: histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5
          for: 2m
          labels:
            severity: warning
          annotations:
            summary: "High response time on {{ $labels.service }}"
        - alert: HighErrorRate
          expr: |
            sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))
              / sum by (service) (rate(http_requests_total[5m])) > 0.01
          for: 1m
          labels:
            severity: critical
        - alert: DatabaseSlowQueries
          expr: histogram_quantile(0.95, sum by (le, service) (rate(database_query_duration_seconds_bucket[5m]))) > 0.1
          for: 5m
          labels:
            severity: warning
`;

const OPTS = { name: "performance-rules", namespace: "monitoring", labels: { prometheus: "k8s", role: "alert-rules" } };

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: { groups: Record<string, unknown>[] };
}

describe("toPrometheusRule", () => {
  it("writes the golden manifest for the reference group (comments, key order, block scalars kept)", () => {
    expect(toPrometheusRule(REFERENCE, OPTS)).toBe(EXPECTED);
  });

  it("round-trips: spec.groups is the rule file's groups, key for key and in order", () => {
    const out = parse(toPrometheusRule(REFERENCE, OPTS)) as Manifest;
    const source = parse(REFERENCE) as { groups: Record<string, unknown>[] };
    expect(out.spec.groups).toEqual(source.groups);
    const keys = (groups: Record<string, unknown>[]) => groups.map((g) => [Object.keys(g), (g.rules as object[]).map((r) => Object.keys(r))]);
    expect(keys(out.spec.groups)).toEqual(keys(source.groups));
    expect(out.spec.groups[0]?.rules).toMatchObject([{ for: "2m" }, { for: "1m" }, { for: "5m" }]);
  });

  it("writes durations and label values as strings, as Prometheus reads them", () => {
    const out = toPrometheusRule(
      "groups:\n  - name: g\n    interval: 0\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 0\n        labels:\n          tier: 1\n          page: true\n          ratio: 1.50\n",
      { name: "g" },
    );
    const g = (parse(out) as Manifest).spec.groups[0]!;
    expect(g.interval).toBe("0");
    expect(g.rules).toEqual([{ alert: "A", expr: "up == 0", for: "0", labels: { tier: "1", page: "true", ratio: "1.50" } }]);
  });

  it("exports an empty rule file as a manifest with no groups", () => {
    expect((parse(toPrometheusRule("", { name: "empty" })) as Manifest).spec).toEqual({ groups: [] });
    expect((parse(toPrometheusRule("groups:\n", { name: "empty" })) as Manifest).spec).toEqual({ groups: [] });
  });

  it("omits namespace and labels when not given", () => {
    expect((parse(toPrometheusRule(REFERENCE, { name: "x" })) as Manifest).metadata).toEqual({ name: "x" });
  });

  it("validates metadata.name as a DNS-1123 subdomain, naming the problem", () => {
    expect(() => toPrometheusRule(REFERENCE, { name: "Performance_Rules" })).toThrow(
      `metadata.name: Invalid value: "Performance_Rules": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
    );
    expect(() => toPrometheusRule(REFERENCE, { name: "" })).toThrow('metadata.name: Invalid value: ""');
    expect(() => toPrometheusRule(REFERENCE, { name: "-rules" })).toThrow("must start and end with an alphanumeric character");
    expect(() => toPrometheusRule(REFERENCE, { name: "a".repeat(254) })).toThrow("must be no more than 253 characters");
    expect(() => toPrometheusRule(REFERENCE, { name: "perf.rules-v2" })).not.toThrow();
  });

  it("validates the namespace and the labels", () => {
    expect(() => toPrometheusRule(REFERENCE, { name: "x", namespace: "team.a" })).toThrow('metadata.namespace: Invalid value: "team.a": a lowercase RFC 1123 label');
    expect(() => toPrometheusRule(REFERENCE, { name: "x", labels: { "bad key!": "v" } })).toThrow('metadata.labels: Invalid value: "bad key!"');
    expect(() => toPrometheusRule(REFERENCE, { name: "x", labels: { role: "alert rules" } })).toThrow('metadata.labels: Invalid value: "alert rules"');
    expect(() => toPrometheusRule(REFERENCE, { name: "x", labels: { "app.kubernetes.io/part-of": "perfops" } })).not.toThrow();
  });

  it("refuses a rule file the CRD would reject, listing every problem with its path", () => {
    const bad = [
      "groups:",
      "  - name: a",
      "    rules:",
      "      - alert: A",
      "        for: 5 minutes",
      "        annotation: {summary: typo}",
      "  - name: a",
      "    rules: []",
      "",
    ].join("\n");
    let message = "";
    try {
      toPrometheusRule(bad, { name: "x" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("spec.groups[0].rules[0].annotation: field not declared in the PrometheusRule schema");
    expect(message).toContain("spec.groups[0].rules[0].expr: Required value");
    expect(message).toContain(`spec.groups[0].rules[0].for: "5 minutes" is not a duration`);
    expect(message).toContain('spec.groups[1].name: Duplicate value: "a"');
    expect(() => toPrometheusRule("groups:\n  - rules: []\n", { name: "x" })).toThrow("spec.groups[0].name: Required value");
    expect(() => toPrometheusRule("groups: [\n", { name: "x" })).toThrow("not valid YAML");
    expect(() => toPrometheusRule("- a\n", { name: "x" })).toThrow("must be a mapping with a 'groups' list");
  });
});

// ---- against the CRD's own schema -------------------------------------------------------

const CRD_PATH = path.resolve(process.cwd(), "test/fixtures/upstream/k8s/monitoring.coreos.com_prometheusrules.yaml");
const EXAMPLE_PATH = path.resolve(process.cwd(), "test/fixtures/upstream/k8s/prometheusrule-example.yaml");


interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  required?: string[];
  items?: Schema;
  pattern?: string;
  minLength?: number;
  enum?: unknown[];
  anyOf?: Schema[];
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-list-map-keys"?: string[];
}

function loadCrd() {
  const docs = parseAllDocuments(readFileSync(CRD_PATH, "utf8")).map((d) => d.toJS());
  const crd = docs.find((d) => d?.kind === "CustomResourceDefinition") as {
    spec: { group: string; names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
  };
  const v1 = crd.spec.versions.find((v) => v.name === "v1")!;
  return { crd, schema: v1.schema.openAPIV3Schema };
}

/** Go RE2 → JavaScript: the CRD uses the inline flag `(?i)` (see k8s/README.md). */
function toRegExp(pattern: string): RegExp {
  return pattern.startsWith("^(?i)") ? new RegExp(`^${pattern.slice(5)}`, "i") : new RegExp(pattern);
}

/**
 * The subset of OpenAPI v3 the CRD uses, checked the way the API server would with
 * fieldValidation=Strict: unknown fields in an object with declared properties are errors.
 */
function validate(schema: Schema, value: unknown, at: string, errors: string[]): void {
  if (schema.anyOf) {
    const ok = schema.anyOf.some((s) => {
      const e: string[] = [];
      validate(s, value, at, e);
      return e.length === 0;
    });
    if (!ok) errors.push(`${at}: matches none of anyOf`);
    return;
  }
  switch (schema.type) {
    case "object": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return void errors.push(`${at}: must be of type object`);
      const obj = value as Record<string, unknown>;
      for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${at}.${r}: Required value`);
      for (const [k, v] of Object.entries(obj)) {
        const sub = schema.properties?.[k] ?? schema.additionalProperties;
        if (sub) validate(sub, v, `${at}.${k}`, errors);
        else if (schema.properties) errors.push(`${at}.${k}: unknown field`);
      }
      return;
    }
    case "array": {
      if (!Array.isArray(value)) return void errors.push(`${at}: must be of type array`);
      value.forEach((v, i) => schema.items && validate(schema.items, v, `${at}[${i}]`, errors));
      if (schema["x-kubernetes-list-type"] === "map") {
        const seen = new Set<string>();
        for (const item of value as Record<string, unknown>[]) {
          const key = JSON.stringify((schema["x-kubernetes-list-map-keys"] ?? []).map((k) => item[k]));
          if (seen.has(key)) errors.push(`${at}: Duplicate value: ${key}`);
          seen.add(key);
        }
      }
      return;
    }
    case "string":
      if (typeof value !== "string") return void errors.push(`${at}: must be of type string`);
      if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
      if (schema.pattern && !toRegExp(schema.pattern).test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
      if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: not one of ${schema.enum.join(", ")}`);
      return;
    case "integer":
      if (!Number.isInteger(value)) errors.push(`${at}: must be of type integer`);
      return;
    default:
      return;
  }
}

function schemaErrors(schema: Schema, manifest: unknown): string[] {
  const errors: string[] = [];
  validate(schema, manifest, "", errors);
  return errors;
}

describe("toPrometheusRule against the PrometheusRule CRD schema", () => {
  it("the schema check itself accepts the upstream example and rejects a broken manifest", () => {
    const { schema } = loadCrd();
    expect(schemaErrors(schema, parse(readFileSync(EXAMPLE_PATH, "utf8")))).toEqual([]);
    const broken = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "x" },
      spec: { groups: [{ name: "", interval: 30, rules: [{ alert: "A", for: "5 minutes", severity: "page" }] }, { name: "", rules: [] }] },
    };
    expect(schemaErrors(schema, broken)).toEqual([
      ".spec.groups[0].name: shorter than 1",
      ".spec.groups[0].interval: must be of type string",
      ".spec.groups[0].rules[0].expr: Required value",
      ".spec.groups[0].rules[0].for: does not match ^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$",
      ".spec.groups[0].rules[0].severity: unknown field",
      ".spec.groups[1].name: shorter than 1",
      '.spec.groups: Duplicate value: [""]',
    ]);
    expect(schemaErrors(schema, { metadata: {} })).toEqual([".spec: Required value"]);
  });

  it("exports the reference group as a manifest the schema accepts, with the CRD's group/version and kind", () => {
    const { crd, schema } = loadCrd();
    const manifest = parse(toPrometheusRule(REFERENCE, OPTS)) as Manifest;
    expect(schemaErrors(schema, manifest)).toEqual([]);
    expect(manifest.apiVersion).toBe(`${crd.spec.group}/v1`);
    expect(manifest.kind).toBe(crd.spec.names.kind);
  });

  it("accepts every export with coerced scalars (numbers and booleans would fail `type: string`)", () => {
    const { schema } = loadCrd();
    const text = "groups:\n  - name: g\n    interval: 0\n    limit: 10\n    rules:\n      - record: r:x\n        expr: 1\n        labels: {tier: 1}\n";
    expect(schemaErrors(schema, parse(toPrometheusRule(text, { name: "g" })))).toEqual([]);
    // the same groups copied without coercion are what the API server would refuse
    const raw = { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "g" }, spec: parse(text) };
    expect(schemaErrors(schema, raw)).toEqual([".spec.groups[0].interval: must be of type string", ".spec.groups[0].rules[0].labels.tier: must be of type string"]);
  });

  it("uses the CRD's duration pattern for every duration field, and agrees with it", () => {
    const { schema } = loadCrd();
    const group = schema.properties!.spec!.properties!.groups!.items!;
    const rule = group.properties!.rules!.items!;
    for (const p of [group.properties!.interval, group.properties!.query_offset, rule.properties!.for, rule.properties!.keep_firing_for]) {
      expect(p?.pattern).toBe(CRD_DURATION_PATTERN);
    }
    const crdRe = toRegExp(CRD_DURATION_PATTERN);
    const withDuration = (d: string) => `groups:\n  - name: g\n    interval: "${d}"\n    rules:\n      - alert: A\n        expr: up\n        for: "${d}"\n`;
    for (const d of ["0", "30s", "5m", "1h30m", "2w", "1y", "1d12h", "500ms", "1m5s250ms"]) {
      expect(crdRe.test(d)).toBe(true);
      const out = parse(toPrometheusRule(withDuration(d), { name: "g" })) as Manifest;
      expect(out.spec.groups[0]?.interval).toBe(d);
    }
    for (const d of ["5 minutes", "5M", "1.5h", "30m1h", "-1m", "5"]) {
      expect(crdRe.test(d)).toBe(false);
      expect(() => toPrometheusRule(withDuration(d), { name: "g" })).toThrow("is not a duration");
    }
    // stricter than the pattern on one point: the empty string matches the CRD regex, but
    // Prometheus refuses an empty duration ("empty duration string")
    expect(crdRe.test("")).toBe(true);
    expect(() => toPrometheusRule(withDuration(""), { name: "g" })).toThrow("is not a duration");
  });

  it("allows exactly the group and rule keys the schema declares", () => {
    const { schema } = loadCrd();
    const group = schema.properties!.spec!.properties!.groups!.items!;
    expect(Object.keys(group.properties!).sort()).toEqual([...PROMETHEUS_RULE_GROUP_KEYS].sort());
    expect(Object.keys(group.properties!.rules!.items!.properties!).sort()).toEqual([...PROMETHEUS_RULE_RULE_KEYS].sort());
    expect(group.required).toEqual(["name"]);
    expect(group.properties!.rules!.items!.required).toEqual(["expr"]);
  });
});
