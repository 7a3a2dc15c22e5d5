/**
 * Go text/template as Prometheus uses it in alert labels and annotations.
 *
 * parseTemplate rejects what Prometheus's rule loader rejects: it ports Go's
 * text/template/parse (lexer, parser, messages) with Prometheus's function map and
 * the variables rulefmt declares before every template ($labels, $externalLabels,
 * $externalURL, $value). renderTemplate evaluates the common subset for previews,
 * with Go's formatting rules (%v of floats, printf, humanize*), and throws for what
 * needs Prometheus (query, time values). Output is plain text. Pure.
 *
 * Templates come from callers, so evaluation runs under TEMPLATE_BUDGET (steps,
 * bytes of any string it builds, wall time) and regexps use RE2 (re2js, linear
 * time, Go's syntax and messages), as Prometheus does.
 *
 * This file is the entry point; the implementation lives next to it, one stage per
 * module: template-budget.ts (TEMPLATE_BUDGET), template-lex.ts (lexer, Go quoting),
 * template-parse.ts (parser, parseTemplate, findValueReferences), template-gofmt.ts
 * (Go values, FormatFloat, Sprintf), template-funcs.ts (Prometheus's functions) and
 * template-render.ts (the evaluator, renderTemplate).
 */
export { TEMPLATE_BUDGET } from "./template-budget";
export { formatFloat, goSprintf } from "./template-gofmt";
export { goQuote, goUnquote } from "./template-lex";
export { findValueReferences, parseTemplate, TEMPLATE_FUNCTIONS } from "./template-parse";
export { renderTemplate, type TemplateData } from "./template-render";
