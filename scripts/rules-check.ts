import { readFileSync } from "node:fs";
import { prometheusFacts } from "../lib/rules/live-facts";
import { checkRuleFile } from "../lib/rules/check";
import type { RuleProblem } from "../lib/rules/validate";

/**
 * `npm run rules:check -- [--strict] [--prometheus URL] FILE…`: the console's rule-file
 * checks from the command line, for CI pipelines (like `promtool check rules` plus
 * pint-like warnings). Offline: schema, PromQL, templates and semantic warnings; with
 * --prometheus also live checks (selectors that match no series, metric types, the
 * real scrape interval). Prints `file:line: severity: [check] message (fix: …)`;
 * exits 1 on errors (with --strict on warnings too), 2 on usage errors.
 */
const USAGE = "usage: npm run rules:check -- [--strict] [--prometheus URL] FILE…";

function format(file: string, p: RuleProblem): string {
  return `${file}:${p.line}: ${p.severity}: ${p.check ? `[${p.check}] ` : ""}${p.message}${p.fix ? ` (fix: ${p.fix})` : ""}`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let strict = false;
  let prometheus: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--strict") strict = true;
    else if (a === "--prometheus") prometheus = args[++i] ?? "";
    else if (a.startsWith("--prometheus=")) prometheus = a.slice("--prometheus=".length);
    else if (a.startsWith("--")) {
      console.error(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (prometheus !== undefined && !/^https?:\/\/[^/]/.test(prometheus)) {
    console.error(`--prometheus: expected an http(s) URL such as http://127.0.0.1:9090 (got "${prometheus}")\n${USAGE}`);
    return 2;
  }
  if (files.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const live = prometheus ? prometheusFacts({ name: "prometheus", url: prometheus.replace(/\/+$/, ""), timeoutMs: 15_000 }) : undefined;
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      console.log(`${file}:0: error: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      errors++;
      continue;
    }
    for (const p of await checkRuleFile(text, { live })) {
      console.log(format(file, p));
      if (p.severity === "error") errors++;
      else warnings++;
    }
  }
  console.error(`${files.length} file(s) checked${live ? ` (live against ${prometheus})` : ""}: ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 || (strict && warnings > 0) ? 1 : 0;
}

process.exit(await main());
