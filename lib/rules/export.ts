import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLSeq, type Node, type Pair, type YAMLMap } from "yaml";

/**
 * Export of a rule file as a Prometheus Operator `PrometheusRule` (monitoring.coreos.com/v1)
 * manifest, for GitOps repositories and `kubectl apply`. Pure.
 *
 * `spec.groups` is the rule file's `groups` list itself, copied node by node: key order,
 * comments and scalar styles (e.g. a block-literal expr) are kept, so the manifest diffs
 * like the rule file. Checked against the CRD's openAPIV3Schema (prometheus-operator
 * v0.93.0, see /work/shared/fixtures/k8s/README.md): keys the schema allows, `name`
 * non-empty and unique (groups are a list-map keyed by name), `expr` present, durations
 * strings matching the CRD pattern, label/annotation values strings (a YAML `1` or
 * `true` is written as the string Prometheus would have read). Not checked here: PromQL
 * and the record/alert exclusivity (lib/rules/validate does that; the CRD does not).
 */

/** The CRD's duration pattern (interval, query_offset, for, keep_firing_for). */
export const CRD_DURATION_PATTERN =
  "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$";
const DURATION = new RegExp(CRD_DURATION_PATTERN);

/** Keys of spec.groups[] and spec.groups[].rules[] in the CRD schema. */
export const PROMETHEUS_RULE_GROUP_KEYS = ["interval", "labels", "limit", "name", "partial_response_strategy", "query_offset", "rules"] as const;
export const PROMETHEUS_RULE_RULE_KEYS = ["alert", "annotations", "expr", "for", "keep_firing_for", "labels", "record"] as const;

const GROUP_KEYS = new Set<string>(PROMETHEUS_RULE_GROUP_KEYS);
const RULE_KEYS = new Set<string>(PROMETHEUS_RULE_RULE_KEYS);

export interface PrometheusRuleOptions {
  /** metadata.name: a DNS-1123 subdomain. */
  name: string;
  /** metadata.namespace: a DNS-1123 label; omitted = the namespace kubectl applies to. */
  namespace?: string;
  /** metadata.labels, e.g. the labels the Prometheus object's ruleSelector matches. */
  labels?: Record<string, string>;
}

// Kubernetes apimachinery validation (k8s.io/apimachinery/pkg/util/validation), same wording.
const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const full = (re: string) => new RegExp(`^${re}$`);

function invalid(field: string, value: string, message: string): string {
  return `${field}: Invalid value: ${JSON.stringify(value)}: ${message}`;
}

function checkSubdomain(field: string, v: string): string[] {
  const out: string[] = [];
  if (v.length > 253) out.push(invalid(field, v, "must be no more than 253 characters"));
  if (!full(DNS1123_SUBDOMAIN).test(v)) {
    out.push(
      invalid(
        field,
        v,
        `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`,
      ),
    );
  }
  return out;
}

function checkNamespace(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push(invalid("metadata.namespace", v, "must be no more than 63 characters"));
  if (!full(DNS1123_LABEL).test(v)) {
    out.push(
      invalid(
        "metadata.namespace",
        v,
        `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '${DNS1123_LABEL}')`,
      ),
    );
  }
  return out;
}

function checkLabels(labels: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const field = `metadata.labels`;
    const slash = key.indexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (prefix !== undefined) out.push(...checkSubdomain(`${field}`, prefix).map((m) => m.replace("Invalid value", "Invalid value (prefix part)")));
    if (name === "" || name.length > 63 || !full(QUALIFIED_NAME).test(name)) {
      out.push(
        invalid(
          field,
          key,
          `name part must be 1-63 characters, consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`,
        ),
      );
    }
    if (value.length > 63 || !full(LABEL_VALUE).test(value)) {
      out.push(
        invalid(
          field,
          value,
          `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, at most 63 characters (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '${LABEL_VALUE}')`,
        ),
      );
    }
  }
  return out;
}

type Problems = string[];

function keyOf(pair: Pair<unknown, unknown>): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** A scalar that must be a string in the manifest: a YAML number or boolean becomes its text. */
function asStringScalar(node: unknown, path: string, problems: Problems): string | undefined {
  if (!isScalar(node)) {
    problems.push(`${path}: expected a string`);
    return undefined;
  }
  if (node.value === null) {
    problems.push(`${path}: expected a string, got null`);
    return undefined;
  }
  if (typeof node.value !== "string") {
    // keep what Prometheus reads (`for: 0` is the string "0" to yaml.v3), but typed as a string
    node.value = node.source ?? String(node.value);
    node.type = Scalar.QUOTE_DOUBLE;
  }
  return node.value as string;
}

function checkDuration(node: unknown, path: string, problems: Problems) {
  const v = asStringScalar(node, path, problems);
  if (v !== undefined && (v === "" || !DURATION.test(v))) {
    problems.push(`${path}: ${JSON.stringify(v)} is not a duration matching ${CRD_DURATION_PATTERN} (e.g. 30s, 5m, 1h30m)`);
  }
}

function checkStringMap(node: unknown, path: string, problems: Problems) {
  if (node === null || (isScalar(node) && node.value === null)) return;
  if (!isMap(node)) {
    problems.push(`${path}: expected a mapping of names to strings`);
    return;
  }
  for (const pair of node.items as Pair<unknown, unknown>[]) asStringScalar(pair.value, `${path}.${keyOf(pair)}`, problems);
}

function checkKeys(map: YAMLMap, allowed: Set<string>, path: string, problems: Problems) {
  for (const pair of map.items as Pair<unknown, unknown>[]) {
    const key = keyOf(pair);
    if (!allowed.has(key)) problems.push(`${path}.${key}: field not declared in the PrometheusRule schema (allowed: ${[...allowed].join(", ")})`);
  }
}

function checkGroups(groups: YAMLSeq, problems: Problems) {
  const names = new Map<string, number>();
  groups.items.forEach((g, gi) => {
    const at = `spec.groups[${gi}]`;
    if (!isMap(g)) return problems.push(`${at}: expected a mapping`);
    checkKeys(g, GROUP_KEYS, at, problems);
    const nameNode = g.get("name", true);
    const name = nameNode === undefined ? undefined : asStringScalar(nameNode, `${at}.name`, problems);
    if (nameNode === undefined || name === "") problems.push(`${at}.name: Required value (a non-empty group name)`);
    else if (name !== undefined) {
      if (names.has(name)) problems.push(`${at}.name: Duplicate value: ${JSON.stringify(name)} (also spec.groups[${names.get(name)}])`);
      else names.set(name, gi);
    }
    for (const key of ["interval", "query_offset"]) {
      const n = g.get(key, true);
      if (n !== undefined) checkDuration(n, `${at}.${key}`, problems);
    }
    const limit = g.get("limit", true);
    if (limit !== undefined && !(isScalar(limit) && Number.isInteger(limit.value))) problems.push(`${at}.limit: expected an integer`);
    const prs = g.get("partial_response_strategy", true);
    if (prs !== undefined) {
      const v = asStringScalar(prs, `${at}.partial_response_strategy`, problems);
      if (v !== undefined && !/^(abort|warn)?$/i.test(v)) problems.push(`${at}.partial_response_strategy: expected abort or warn`);
    }
    const labels = g.get("labels", true);
    if (labels !== undefined) checkStringMap(labels, `${at}.labels`, problems);
    const rules = g.get("rules", true);
    if (rules === undefined || rules === null || (isScalar(rules) && rules.value === null)) return;
    if (!isSeq(rules)) return problems.push(`${at}.rules: expected a list`);
    rules.items.forEach((r, ri) => {
      const rat = `${at}.rules[${ri}]`;
      if (!isMap(r)) return problems.push(`${rat}: expected a mapping`);
      checkKeys(r, RULE_KEYS, rat, problems);
      const expr = r.get("expr", true);
      if (expr === undefined || (isScalar(expr) && (expr.value === null || expr.value === ""))) problems.push(`${rat}.expr: Required value`);
      else if (!isScalar(expr) || !(typeof expr.value === "string" || Number.isInteger(expr.value))) problems.push(`${rat}.expr: expected a string`);
      for (const key of ["record", "alert"]) {
        const n = r.get(key, true);
        if (n !== undefined) asStringScalar(n, `${rat}.${key}`, problems);
      }
      for (const key of ["for", "keep_firing_for"]) {
        const n = r.get(key, true);
        if (n !== undefined) checkDuration(n, `${rat}.${key}`, problems);
      }
      for (const key of ["labels", "annotations"]) {
        const n = r.get(key, true);
        if (n !== undefined) checkStringMap(n, `${rat}.${key}`, problems);
      }
    });
  });
}

/**
 * The rule file as a PrometheusRule manifest (YAML text). Throws an Error listing every
 * problem (invalid metadata, or a rule file the CRD would reject).
 */
export function toPrometheusRule(ruleFileText: string, opts: PrometheusRuleOptions): string {
  const problems: Problems = [...checkSubdomain("metadata.name", opts.name)];
  if (opts.namespace !== undefined) problems.push(...checkNamespace(opts.namespace));
  if (opts.labels) problems.push(...checkLabels(opts.labels));

  const source = parseDocument(ruleFileText, { uniqueKeys: true });
  if (source.errors.length > 0) {
    throw new Error(`cannot export as a PrometheusRule: the rule file is not valid YAML: ${source.errors[0]!.message.split("\n")[0]}`);
  }
  let groups: YAMLSeq;
  const root = source.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) groups = new YAMLSeq();
  else if (!isMap(root)) {
    throw new Error("cannot export as a PrometheusRule: the rule file must be a mapping with a 'groups' list");
  } else {
    checkKeys(root, new Set(["groups"]), "rule file", problems);
    const g = root.get("groups", true);
    if (g === undefined || g === null || (isScalar(g) && g.value === null)) groups = new YAMLSeq();
    else if (!isSeq(g)) throw new Error("cannot export as a PrometheusRule: 'groups' must be a list");
    else groups = g.clone() as YAMLSeq;
  }
  checkGroups(groups, problems);
  if (problems.length > 0) throw new Error(`cannot export as a PrometheusRule: ${problems.join("; ")}`);

  const metadata: Record<string, unknown> = { name: opts.name };
  if (opts.namespace !== undefined) metadata.namespace = opts.namespace;
  if (opts.labels && Object.keys(opts.labels).length > 0) metadata.labels = { ...opts.labels };
  const doc = new Document({ apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata, spec: {} });
  (doc.get("spec", true) as YAMLMap).set("groups", groups);
  return doc.toString({ lineWidth: 0 });
}
