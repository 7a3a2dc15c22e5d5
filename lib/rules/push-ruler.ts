import { isMap, isSeq, parseDocument, stringify } from "yaml";
import { listRules, setGroup, deleteGroup, type RuleGroupYaml, type RulerConfig } from "@/lib/ruler/client";
import { describeFailure } from "@/lib/upstream/errors";
import { outline } from "./document";
import { pushSteps } from "@/lib/push/steps";
import type { PushResult, RulePushStepName } from "./push";
import { validateRuleFile } from "./validate";

/**
 * Pushing a rule file to a Prometheus-compatible ruler (Mimir, Cortex). The file name
 * is the namespace; each group is POSTed on its own (the API takes one group per
 * request), groups of the namespace that the file no longer has are deleted, then
 * the namespace is read back and must hold exactly the pushed groups and rules. On
 * any failure the namespace's previous groups are put back.
 */

export const namespaceOf = (fileName: string) => fileName.replace(/\.ya?ml$/, "");

/** Each group of the file as its own YAML document, comments and key order kept. */
export function groupTexts(content: string): { name: string; text: string }[] {
  const doc = parseDocument(content);
  const groups = doc.get("groups", true);
  if (!isSeq(groups)) return [];
  return groups.items.map((g) => {
    const name = isMap(g) ? String(g.get("name") ?? "") : "";
    const single = parseDocument("{}");
    single.contents = g as typeof single.contents;
    return { name, text: single.toString({ lineWidth: 0 }) };
  });
}

export async function pushToRuler(cfg: RulerConfig, fileName: string, content: string, opts: { signal?: AbortSignal; now?: () => number } = {}): Promise<PushResult> {
  const ns = namespaceOf(fileName);
  const { steps, record, done, now } = pushSteps<RulePushStepName>(opts);

  let s = now();
  const errors = validateRuleFile(content).filter((p) => p.severity === "error");
  const firstError = errors[0];
  if (firstError) {
    record("check", false, `${fileName}:${firstError.line}:${firstError.column}: ${firstError.message}`, s);
    return done("failed", `not pushed, nothing changed: ${fileName}:${firstError.line}: ${firstError.message}`);
  }
  const groups = groupTexts(content);
  record("check", true, `${groups.length} group(s) for namespace "${ns}"`, s);

  s = now();
  let previous: RuleGroupYaml[];
  try {
    previous = (await listRules(cfg, ns, opts))[ns] ?? [];
    record("backup", true, `namespace "${ns}" had ${previous.length} group(s)`, s);
  } catch (err) {
    record("backup", false, describeFailure(err).message, s);
    return done("failed", `not pushed, nothing changed: ${describeFailure(err).message}`);
  }

  let failure: string;
  try {
    s = now();
    for (const g of groups) await setGroup(cfg, ns, g.text, opts);
    const stale = previous.filter((p) => !groups.some((g) => g.name === p.name));
    for (const p of stale) await deleteGroup(cfg, ns, p.name, opts);
    record("write", true, `stored ${groups.length} group(s)${stale.length ? `, deleted ${stale.map((p) => p.name).join(", ")}` : ""} (202 Accepted)`, s);
    s = now();
    const stored = (await listRules(cfg, ns, opts))[ns] ?? [];
    const want = outline(content);
    const problems: string[] = [];
    const have = stored.map((g) => ({ name: g.name, rules: g.rules.map((r) => `${r.alert !== undefined ? "alert" : "record"} ${r.alert ?? r.record}`).join(", ") }));
    for (const g of want) {
      const h = have.find((x) => x.name === g.name);
      const wantRules = g.rules.map((r) => `${r.kind} ${r.name}`).join(", ");
      if (!h) problems.push(`group "${g.name}" is not stored`);
      else if (h.rules !== wantRules) problems.push(`group "${g.name}": stored rules [${h.rules}] differ from pushed [${wantRules}]`);
    }
    for (const h of have) if (!want.some((g) => g.name === h.name)) problems.push(`group "${h.name}" is stored but was not pushed`);
    if (problems.length) throw new Error(`the ruler does not hold what was pushed: ${problems.join("; ")}`);
    record("verify", true, `namespace "${ns}" holds exactly the pushed groups`, s);
    return done("ok", `pushed ${fileName} to the ruler (namespace "${ns}") and verified it is stored`);
  } catch (err) {
    failure = describeFailure(err).message;
    record(steps.some((x) => x.step === "write") ? "verify" : "write", false, failure, s);
  }

  // Roll back: put the previous groups back and remove the ones that were not there.
  s = now();
  try {
    const current = (await listRules(cfg, ns, opts))[ns] ?? [];
    for (const p of previous) await setGroup(cfg, ns, stringify(p, { lineWidth: 0 }), opts);
    for (const c of current) if (!previous.some((p) => p.name === c.name)) await deleteGroup(cfg, ns, c.name, opts);
    record("rollback", true, `restored ${previous.length} previous group(s) of namespace "${ns}"`, s);
    return done("rolled_back", `push failed, previous rules restored: ${failure}`);
  } catch (err) {
    record("rollback", false, describeFailure(err).message, s);
    return done("rolled_back", `push failed and the previous rules could NOT be restored: ${failure}; rollback: ${describeFailure(err).message}`, { rollbackIncomplete: true });
  }
}
