import { readFileSync } from "node:fs";
import { validateRuleFile } from "../lib/rules/validate";

/**
 * `npm run rules:check -- [--strict] FILE…`: the console's rule-file checks from the
 * command line, offline, for CI pipelines (like `promtool check rules`). Prints
 * `file:line: severity: message`; exits 1 on errors (with --strict on warnings too),
 * 2 on usage errors.
 */
function main(): number {
  const args = process.argv.slice(2);
  const strict = args.includes("--strict");
  const files = args.filter((a) => a !== "--strict");
  if (files.length === 0 || files.some((f) => f.startsWith("--"))) {
    console.error("usage: npm run rules:check -- [--strict] FILE…");
    return 2;
  }
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
    for (const p of validateRuleFile(text)) {
      console.log(`${file}:${p.line}: ${p.severity}: ${p.message}`);
      if (p.severity === "error") errors++;
      else warnings++;
    }
  }
  console.error(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 || (strict && warnings > 0) ? 1 : 0;
}

process.exit(main());
