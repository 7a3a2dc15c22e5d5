import { parser } from "@prometheus-io/lezer-promql";

const COMPARISONS = new Set(["Gtr", "Lss", "Gte", "Lte", "EqlSingle", "Eql", "Neq"]);

/**
 * For an alert written as `<expression> <comparison> <number>` (or the number
 * first), the expression without its threshold and the threshold itself: what the
 * editor charts and what template previews run against when nothing crosses the
 * threshold now. Undefined for any other shape. Pure.
 */
export function splitThreshold(expr: string): { value: string; op: string; threshold: number } | undefined {
  const tree = parser.parse(expr);
  let top = tree.topNode.firstChild;
  while (top && top.name === "ParenExpr" && top.firstChild) top = top.firstChild;
  if (!top || top.name !== "BinaryExpr") return undefined;
  const kids: { name: string; from: number; to: number }[] = [];
  for (let c = top.firstChild; c; c = c.nextSibling) kids.push({ name: c.name, from: c.from, to: c.to });
  const opIndex = kids.findIndex((k) => COMPARISONS.has(k.name));
  if (opIndex !== 1 || kids.some((k) => k.name === "BoolModifier" || k.name === "⚠")) return undefined;
  const lhs = kids[0]!;
  const rhs = kids[kids.length - 1]!;
  const op = expr.slice(kids[1]!.from, kids[1]!.to);
  const num = (k: { name: string; from: number; to: number }) => (k.name === "NumberDurationLiteral" ? Number(expr.slice(k.from, k.to)) : NaN);
  if (Number.isFinite(num(rhs))) return { value: expr.slice(lhs.from, lhs.to).trim(), op, threshold: num(rhs) };
  if (Number.isFinite(num(lhs))) return { value: expr.slice(rhs.from, rhs.to).trim(), op, threshold: num(lhs) };
  return undefined;
}
