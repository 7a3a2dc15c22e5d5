import { readFileSync } from "node:fs";
import { checkManifestTexts, formatProblem } from "../lib/scaling/check";

/**
 * `npm run profiles:check -- [--strict] FILE…`: the console's checks of HPA and VPA
 * manifests from the command line, for CI pipelines. Errors are what a Kubernetes 1.35
 * API server would refuse (its wording, at the field's line); warnings what it accepts
 * but an operator would regret, looked for across all the files given (an HPA and a VPA
 * fighting over one workload in two files are found). Prints
 * `file:line: severity: path: message`; exits 1 on errors (with --strict on warnings
 * too), 2 on usage errors.
 */
const USAGE = "usage: npm run profiles:check -- [--strict] FILE…";

function main(): number {
  const args = process.argv.slice(2);
  const strict = args.includes("--strict");
  const unknown = args.find((a) => a.startsWith("--") && a !== "--strict");
  if (unknown) {
    console.error(`unknown option ${unknown}\n${USAGE}`);
    return 2;
  }
  const files = args.filter((a) => !a.startsWith("--"));
  if (!files.length) {
    console.error(USAGE);
    return 2;
  }
  let errors = 0;
  let warnings = 0;
  const readable: { file: string; text: string }[] = [];
  for (const file of files) {
    try {
      readable.push({ file, text: readFileSync(file, "utf8") });
    } catch (err) {
      console.log(`${file}:0: error: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      errors++;
    }
  }
  checkManifestTexts(readable.map((r) => r.text)).forEach((problems, i) => {
    for (const p of problems) {
      console.log(formatProblem(readable[i]!.file, p));
      if (p.severity === "error") errors++;
      else warnings++;
    }
  });
  console.error(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s)`);
  return errors > 0 || (strict && warnings > 0) ? 1 : 0;
}

process.exit(main());
