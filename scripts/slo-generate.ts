import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateRuleFile, type GenerateOptions } from "../lib/slo/generate";
import { detectSpecFormat, parseOpenSlo, parseSlothSpec, type SloSpec, type SloWindow, type SpecError } from "../lib/slo/spec";

/**
 * `npm run slo:generate -- [options] SPEC…`: Prometheus rules for SLO specs, like
 * `sloth generate`. Each SPEC is a Sloth `prometheus/v1` file or OpenSLO v1 objects,
 * told apart by their version field. The rule files go to stdout (several are
 * separated by `---`), or with --out DIR one file per spec, named as the spec.
 * An invalid spec prints `file: path: message` lines on stderr and exits 1 (nothing
 * is written); usage errors exit 2.
 *
 * Options:
 *   --out DIR                    write DIR/<spec file name> instead of stdout
 *   --default-slo-period 30d     period of Sloth specs (they carry none): 7d, 28d or 30d
 *   --extra-labels k=v           added to every SLO's labels (repeatable), as Sloth's flag
 *   --sloth-style                Sloth's own expressions and two alerts (NaN at zero traffic)
 */
const USAGE =
  "usage: npm run slo:generate -- [--out DIR] [--default-slo-period 7d|28d|30d] [--extra-labels k=v]... [--sloth-style] SPEC…";

const PERIODS: Record<string, SloWindow> = {
  "7d": { kind: "rolling", days: 7 },
  "1w": { kind: "rolling", days: 7 },
  "28d": { kind: "rolling", days: 28 },
  "4w": { kind: "rolling", days: 28 },
  "30d": { kind: "rolling", days: 30 },
};

function usage(message: string): number {
  console.error(`${message}\n${USAGE}`);
  return 2;
}

function formatError(file: string, e: SpecError): string {
  return `${file}: ${e.path ? `${e.path}: ` : ""}${e.message}${e.line !== undefined ? ` (line ${e.line})` : ""}`;
}

function main(): number {
  const args = process.argv.slice(2);
  let out: string | undefined;
  let window: SloWindow | undefined;
  const extraLabels: Record<string, string> = {};
  let style: GenerateOptions["style"] = "console";
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === "--out") {
      out = value();
      if (!out) return usage("--out: expected a directory");
    } else if (flag === "--default-slo-period") {
      const v = value() ?? "";
      window = PERIODS[v];
      if (!window) return usage(`--default-slo-period: expected 7d, 28d or 30d (got "${v}")`);
    } else if (flag === "--extra-labels" || flag === "-l") {
      const v = value() ?? "";
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)=(.+)$/.exec(v);
      if (!m) return usage(`--extra-labels: expected name=value with a Prometheus label name (got "${v}")`);
      extraLabels[m[1]!] = m[2]!;
    } else if (flag === "--sloth-style") style = "sloth";
    else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      return 0;
    } else if (a.startsWith("-")) return usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) return usage("no spec file given");
  if (out !== undefined && existsSync(out) && !statSync(out).isDirectory()) return usage(`--out: ${out} is not a directory`);
  const names = new Set<string>();
  for (const file of files) {
    if (out !== undefined && names.has(path.basename(file))) return usage(`--out: two specs are named ${path.basename(file)}`);
    names.add(path.basename(file));
  }

  const parsed: { file: string; slos: SloSpec[]; spec: string }[] = [];
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      console.error(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      failed = true;
      continue;
    }
    const format = detectSpecFormat(text);
    if (!format) {
      console.error(`${file}: not an SLO spec: expected Sloth's version: "prometheus/v1" or OpenSLO's apiVersion: openslo/v1`);
      failed = true;
      continue;
    }
    const result = format === "sloth" ? parseSlothSpec(text, window ? { window } : {}) : parseOpenSlo(text);
    if (!result.ok) {
      for (const e of result.errors) console.error(formatError(file, e));
      failed = true;
      continue;
    }
    parsed.push({ file, slos: result.slos, spec: format === "sloth" ? "prometheus/v1" : "openslo/v1" });
  }
  if (failed) return 1;

  const outputs = parsed.map((p) => ({
    file: p.file,
    count: p.slos.length,
    text: generateRuleFile(p.slos, { style, extraLabels, info: { spec: p.spec } }),
  }));
  if (out === undefined) {
    process.stdout.write(outputs.map((o) => o.text).join("---\n"));
    return 0;
  }
  mkdirSync(out, { recursive: true });
  for (const o of outputs) {
    const target = path.join(out, path.basename(o.file));
    writeFileSync(target, o.text);
    console.error(`${target}: ${o.count} SLO(s)`);
  }
  return 0;
}

process.exit(main());
