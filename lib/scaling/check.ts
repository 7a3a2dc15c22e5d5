import { parsePath } from "@/lib/documents/yaml-paths";
import { adviseProfiles, type AdviceContext } from "./advice";
import { readManifests } from "./profile";
import { validateProfileObject } from "./validate";

/**
 * Every check of scaling manifests, as the editor, the save, the push and
 * `npm run profiles:check` run them: per YAML document, what the API server would
 * refuse (validate.ts: errors, with the server's wording) and what it accepts but an
 * operator would regret (advice.ts: warnings, across all documents given, so an HPA
 * and a VPA in two files still meet), each at its field path and line. Pure.
 */

export interface CheckedProblem {
  severity: "error" | "warning";
  /** API-server style: spec.behavior.scaleDown.stabilizationWindowSeconds; "" for the document */
  path: string;
  message: string;
  /** 1-based line in the text, when known */
  line?: number;
  /** which YAML document of its text (0-based) */
  doc: number;
  /** which text, when several were checked together */
  file: number;
}

/** Checks several texts (files) together; problems come back per file in line order. */
export function checkManifestTexts(texts: string[], ctx: AdviceContext = {}): CheckedProblem[][] {
  const parsed = texts.map((t) => readManifests(t));
  const all = parsed.flatMap((p, file) => p.objects.map((o, doc) => ({ ...o, file, doc })));
  const advice = adviseProfiles(all.map((o) => o.obj), ctx);
  const out = parsed.map((p, file): CheckedProblem[] => p.errors.map((e) => ({ severity: "error", path: e.path, message: e.message, line: e.line, doc: 0, file })));
  all.forEach((o, i) => {
    const problems = o.obj ? [...validateProfileObject(o.obj), ...advice[i]!] : [{ severity: "error" as const, path: "", message: "expected a mapping (a Kubernetes object)" }];
    for (const p of problems) out[o.file]!.push({ severity: p.severity, path: p.path, message: p.message, line: o.lineOf(parsePath(p.path)), doc: o.doc, file: o.file });
  });
  return out.map((list) => list.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
}

export const checkManifestText = (text: string, ctx: AdviceContext = {}) => checkManifestTexts([text], ctx)[0]!;

/** One line per problem, as the CLI prints it: `file:line: severity: path: message`. */
export function formatProblem(file: string, p: CheckedProblem): string {
  return `${file}:${p.line ?? 0}: ${p.severity}: ${p.path ? `${p.path}: ` : ""}${p.message}`;
}
