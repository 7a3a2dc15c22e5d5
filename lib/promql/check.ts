import { ensureSyntaxTree } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
// The ESM build, by path: the package has no exports map, and its CommonJS build
// would load a second @codemirror/state under Node.
import { LanguageType, promQLLanguage } from "@prometheus-io/codemirror-promql/dist/esm/index.js";
// Not exported from the package root; it carries the type checks ("expected type
// range vector in call to function rate").
import { Parser } from "@prometheus-io/codemirror-promql/dist/esm/parser/parser.js";

/** A problem in a PromQL expression, with its character range in the expression. */
export interface PromQLProblem {
  from: number;
  to: number;
  message: string;
  severity: "error" | "warning";
}

const language = promQLLanguage(LanguageType.PromQL);

/** Syntax and type errors of a PromQL expression, as the editor underlines them. Pure. */
export function checkPromQL(expr: string): PromQLProblem[] {
  if (expr.trim() === "") return [{ from: 0, to: 0, message: "empty expression", severity: "error" }];
  const state = EditorState.create({ doc: expr, extensions: [language] });
  const tree = ensureSyntaxTree(state, expr.length, 5_000);
  const problems: PromQLProblem[] = [];
  // The type checker skips an error at the very end (in the editor the user is still
  // typing); a rule file must parse completely, so every error node counts.
  tree?.iterate({
    enter(node) {
      if (node.type.isError) {
        const near = expr.slice(node.from, Math.max(node.to, node.from + 1)).trim();
        problems.push({
          from: node.from,
          to: Math.max(node.to, node.from),
          message: node.from >= expr.length ? "parse error: unexpected end of input" : `parse error: unexpected ${near ? `"${near}"` : "character"}`,
          severity: "error",
        });
      }
    },
  });
  // ensureSyntaxTree finished the parse, but the state the Parser reads still holds the
  // partial tree of the first (time-limited) pass: take the state that carries the full one.
  const parser = new Parser(state.update({}).state);
  parser.analyze();
  for (const d of parser.getDiagnostics()) {
    problems.push({ from: d.from, to: d.to, message: d.message, severity: d.severity === "error" ? "error" : "warning" });
  }
  return problems;
}
