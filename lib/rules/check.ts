import { semanticChecks, type LiveFacts, type RulePolicy } from "./semantic";
import { validateRuleFile, type RuleProblem } from "./validate";

/**
 * Every check of a rule file: the errors Prometheus would reject it for
 * (validateRuleFile) and the warnings about rules that load but misbehave
 * (semanticChecks; with `live`, also against the data in Prometheus). Sorted by
 * position, each problem once.
 */
export async function checkRuleFile(text: string, opts: { policy?: RulePolicy; live?: LiveFacts } = {}): Promise<RuleProblem[]> {
  const all = [...validateRuleFile(text), ...(await semanticChecks(text, opts))];
  const seen = new Set<string>();
  return all
    .filter((p) => {
      const key = `${p.line}:${p.column}:${p.severity}:${p.message}`;
      return !seen.has(key) && seen.add(key);
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

export function hasErrors(problems: readonly RuleProblem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
