/**
 * Go text/template's parser (text/template/parse) with Prometheus's function map and
 * the variables rulefmt declares: the tree the evaluator walks, parseTemplate (what
 * Prometheus's rule loader accepts, with Go's messages) and findValueReferences. Pure.
 */
import { goQuote, goUnquote, lex, type Item, type ItemType } from "./template-lex";

/** Go's builtins and Prometheus's template functions (template/template.go, v3). */
export const TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...["and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery"],
  ...["eq", "ge", "gt", "le", "lt", "ne"],
  ...["query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title", "toUpper"],
  ...["toLower", "graphLink", "tableLink", "sortByLabel", "stripPort", "stripDomain", "humanize", "humanize1024"],
  ...["humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toTime", "toDuration", "now", "pathPrefix"],
  ...["externalURL", "parseDuration"],
]);

/** Declared by Prometheus (rulefmt) in front of every alert template; not visible inside define/block. */
const ROOT_VARS = ["$", "$labels", "$externalLabels", "$externalURL", "$value"];

export type Arg =
  | { k: "ident"; name: string; pos: number }
  | { k: "dot"; pos: number }
  | { k: "nil"; pos: number }
  | { k: "var"; ident: string[]; pos: number }
  | { k: "field"; ident: string[]; pos: number }
  | { k: "chain"; node: Arg; fields: string[]; pos: number }
  | { k: "bool"; v: boolean; pos: number }
  | { k: "num"; v: number; int: boolean; complex: boolean; text: string; pos: number }
  | { k: "str"; v: string; text: string; pos: number }
  | { k: "pipe"; pipe: Pipe; pos: number };

export interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: { pos: number; args: Arg[] }[];
}

export type ControlNode = { k: "if" | "with" | "range"; pipe: Pipe; list: Node[]; else?: Node[]; pos: number };
export type Node =
  | { k: "text"; text: string }
  | { k: "action"; pipe: Pipe; pos: number }
  | ControlNode
  | { k: "template"; name: string; pipe?: Pipe; pos: number }
  | { k: "break" | "continue" | "end" | "else"; pos: number };

export class ParseError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Go's item.String(): EOF, <keyword>, "quoted" (10 characters at most). */
function show(i: Item): string {
  if (i.type === "eof") return "EOF";
  if (i.type === "error") return i.val;
  if (i.type === "keyword" || i.type === "dot") return `<${i.val}>`;
  const chars = [...i.val];
  return chars.length > 10 ? `${goQuote(chars.slice(0, 10).join(""))}...` : goQuote(i.val);
}

function suggest(name: string): string {
  const dist = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length]!;
  };
  let best: string | undefined;
  let bestDist = name.length >= 6 ? 3 : 2;
  for (const f of TEMPLATE_FUNCTIONS) {
    const d = f.toLowerCase() === name.toLowerCase() ? 0 : dist(name, f);
    if (d < bestDist) [best, bestDist] = [f, d];
  }
  return best ? ` (did you mean "${best}"?)` : "";
}

class Parser {
  private i = 0;
  private vars = [...ROOT_VARS];
  private rangeDepth = 0;
  private actionStart = 0;
  readonly defs = new Map<string, Node[]>();

  constructor(private readonly items: Item[]) {}

  private peek(): Item {
    return this.items[Math.min(this.i, this.items.length - 1)]!;
  }
  private next(): Item {
    const t = this.peek();
    this.i++;
    return t;
  }
  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.type === "space");
    return t;
  }
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.i--;
    return t;
  }
  private fail(offset: number, message: string): never {
    throw new ParseError(offset, message);
  }
  private unexpected(t: Item, context: string): never {
    this.fail(t.pos, t.type === "error" ? t.val : `unexpected ${show(t)} in ${context}`);
  }
  private expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }
  private unquote(t: Item): string {
    const s = goUnquote(t.val);
    return s ?? this.fail(t.pos, `invalid syntax: ${t.val}`);
  }

  parse(): Node[] {
    const root: Node[] = [];
    while (this.peek().type !== "eof") {
      if (this.peek().type === "leftDelim") {
        const save = this.i;
        const delim = this.next();
        const t = this.nextNonSpace();
        if (t.type === "keyword" && t.val === "define") {
          this.definition(delim.pos);
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if (n.k === "end" || n.k === "else") this.fail(n.pos, `unexpected {{${n.k}}}`);
      root.push(n);
    }
    return root;
  }

  /** A define or block body: its own tree, where only $ is declared. */
  private body(open: number, what: string, context: string): Node[] {
    const saved = [this.vars, this.rangeDepth] as const;
    [this.vars, this.rangeDepth] = [["$"], 0];
    const [list, end] = this.itemList(open, what);
    if (end.k !== "end") this.fail(end.pos, `unexpected {{${end.k}}} in ${context}`);
    [this.vars, this.rangeDepth] = saved;
    return list;
  }

  private definition(open: number) {
    const name = this.nextNonSpace();
    if (name.type !== "string" && name.type !== "rawString") this.unexpected(name, "define clause");
    this.expect("rightDelim", "define clause");
    this.defs.set(this.unquote(name), this.body(open, "define", "define clause"));
  }

  private itemList(open: number, what: string): [Node[], { k: "end" | "else"; pos: number }] {
    const list: Node[] = [];
    while (this.peekNonSpace().type !== "eof") {
      const n = this.textOrAction();
      if (n.k === "end" || n.k === "else") return [list, { k: n.k, pos: n.pos }];
      list.push(n);
    }
    this.fail(open, `unexpected EOF: missing {{end}} for {{${what}}}`);
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    if (t.type === "text") return { k: "text", text: t.val };
    if (t.type !== "leftDelim") this.unexpected(t, "input");
    this.actionStart = t.pos;
    const open = t.pos;
    const kw = this.nextNonSpace();
    if (kw.type === "keyword") {
      switch (kw.val) {
        case "if":
        case "range":
        case "with":
          return this.control(kw.val, open);
        case "end":
          this.expect("rightDelim", "end");
          return { k: "end", pos: open };
        case "else": {
          const p = this.peekNonSpace();
          if (!(p.type === "keyword" && (p.val === "if" || p.val === "with"))) this.expect("rightDelim", "else");
          return { k: "else", pos: open };
        }
        case "break":
        case "continue": {
          const t2 = this.nextNonSpace();
          if (t2.type !== "rightDelim") this.unexpected(t2, `{{${kw.val}}}`);
          if (this.rangeDepth === 0) this.fail(open, `{{${kw.val}}} outside {{range}}`);
          return { k: kw.val, pos: open };
        }
        case "template":
        case "block": {
          const context = `${kw.val} clause`;
          const nameTok = this.nextNonSpace();
          if (nameTok.type !== "string" && nameTok.type !== "rawString") this.unexpected(nameTok, context);
          const name = this.unquote(nameTok);
          if (kw.val === "block") {
            const pipe = this.pipeline(context, "rightDelim");
            this.defs.set(name, this.body(open, "block", context));
            return { k: "template", name, pipe, pos: open };
          }
          if (this.nextNonSpace().type === "rightDelim") return { k: "template", name, pos: open };
          this.i--;
          return { k: "template", name, pipe: this.pipeline(context, "rightDelim"), pos: open };
        }
      }
    }
    this.i--;
    // Variables declared here persist until the enclosing {{end}}.
    return { k: "action", pipe: this.pipeline("command", "rightDelim"), pos: open };
  }

  private control(context: "if" | "range" | "with", open: number): Node {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, "rightDelim");
    if (context === "range") this.rangeDepth++;
    const [list, next] = this.itemList(open, context);
    if (context === "range") this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (next.k === "else") {
      const p = this.peek();
      if (context !== "range" && p.type === "keyword" && p.val === context) {
        // {{else if …}} is {{else}}{{if …}}…{{end}}{{end}}
        this.next();
        elseList = [this.control(context, next.pos)];
      } else {
        const [l, end] = this.itemList(open, context);
        if (end.k !== "end") this.fail(end.pos, `expected end; found {{${end.k}}}`);
        elseList = l;
      }
    }
    this.vars.length = mark;
    return { k: context, pipe, list, else: elseList, pos: open };
  }

  private pipeline(context: string, end: "rightDelim" | "rightParen"): Pipe {
    const pipe: Pipe = { decl: [], assign: false, cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== "variable") break;
      const at = this.i;
      this.next();
      const next = this.peekNonSpace();
      if (next.type === "assign" || next.type === "declare") {
        pipe.assign = next.type === "assign";
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
      } else if (next.type === "char" && next.val === ",") {
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const p = this.peekNonSpace().type;
          if (p === "variable" || p === "rightDelim" || p === "rightParen") continue;
          this.fail(v.pos, "range can only initialize variables");
        }
        this.fail(v.pos, `too many declarations in ${context}`);
      } else this.i = at;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (!pipe.cmds.length) this.fail(end === "rightDelim" ? this.actionStart : t.pos, `missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (["bool", "dot", "nil", "num", "str"].includes(c.args[0]!.k)) this.fail(c.pos, `non executable command in pipeline stage ${i + 2}`);
        });
        return pipe;
      }
      const operand = ["bool", "charConstant", "dot", "field", "identifier", "number", "rawString", "string", "variable", "leftParen"];
      if (!operand.includes(t.type) && !(t.type === "keyword" && t.val === "nil")) this.unexpected(t, context);
      this.i--;
      const cmd = { pos: this.peekNonSpace().pos, args: [] as Arg[] };
      for (;;) {
        this.peekNonSpace();
        const op = this.operand();
        if (op) cmd.args.push(op);
        const t2 = this.next();
        if (t2.type === "space") continue;
        if (t2.type === "rightDelim" || t2.type === "rightParen") this.i--;
        else if (t2.type !== "pipe") this.unexpected(t2, "operand");
        break;
      }
      if (!cmd.args.length) this.fail(cmd.pos, "empty command");
      pipe.cmds.push(cmd);
    }
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node || this.peek().type !== "field") return node;
    const fields: string[] = [];
    while (this.peek().type === "field") fields.push(this.next().val.slice(1));
    switch (node.k) {
      case "field":
      case "var":
        return { ...node, ident: [...node.ident, ...fields] };
      case "bool":
      case "str":
      case "num":
      case "nil":
      case "dot":
        this.fail(node.pos, `unexpected . after term ${goQuote(this.items.find((t) => t.pos === node.pos)?.val ?? "")}`);
      default:
        return { k: "chain", node, fields, pos: node.pos };
    }
  }

  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    const pos = t.pos;
    switch (t.type) {
      case "identifier":
        if (!TEMPLATE_FUNCTIONS.has(t.val)) this.fail(pos, `function ${goQuote(t.val)} not defined${suggest(t.val)}`);
        return { k: "ident", name: t.val, pos };
      case "dot":
        return { k: "dot", pos };
      case "keyword":
        if (t.val === "nil") return { k: "nil", pos };
        break;
      case "variable":
        if (!this.vars.includes(t.val)) this.fail(pos, `undefined variable ${goQuote(t.val)}`);
        return { k: "var", ident: [t.val], pos };
      case "field":
        return { k: "field", ident: [t.val.slice(1)], pos };
      case "bool":
        return { k: "bool", v: t.val === "true", pos };
      case "charConstant": {
        const s = goUnquote(t.val);
        if (s === undefined || [...s].length !== 1) this.fail(pos, `malformed character constant: ${t.val}`);
        return { k: "num", v: s.codePointAt(0)!, int: true, complex: false, text: t.val, pos };
      }
      case "number": {
        const clean = t.val.replace(/_/g, "");
        if (clean.endsWith("i")) return { k: "num", v: NaN, int: false, complex: true, text: t.val, pos };
        const sign = clean.startsWith("-") ? -1 : 1;
        const abs = clean.replace(/^[+-]/, "");
        const int = /^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.test(abs);
        if (int && BigInt(/^0[0-7]+$/.test(abs) ? `0o${abs.slice(1)}` : abs) < 2n ** 64n) {
          const v = /^0[0-7]+$/.test(abs) ? parseInt(abs, 8) : Number(abs.replace(/^0[oO]/, "0o"));
          return { k: "num", v: sign * v, int: true, complex: false, text: t.val, pos };
        }
        if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(abs)) {
          // Go: parses as a float but looks like an integer, so too large for one
          if (!/[.eEpP]/.test(abs)) this.fail(pos, `integer overflow: ${goQuote(t.val)}`);
          return { k: "num", v: sign * Number(abs), int: false, complex: false, text: t.val, pos };
        }
        this.fail(pos, `illegal number syntax: ${goQuote(t.val)}`);
      }
      case "leftParen":
        return { k: "pipe", pipe: this.pipeline("parenthesized pipeline", "rightParen"), pos };
      case "string":
      case "rawString":
        return { k: "str", v: this.unquote(t), text: t.val, pos };
    }
    this.i--;
    return undefined;
  }
}

export function parse(text: string): { root: Node[]; defs: Map<string, Node[]> } {
  const p = new Parser(lex(text));
  return { root: p.parse(), defs: p.defs };
}

/**
 * Whether Prometheus would accept `text` as an alert label or annotation template.
 * On failure, `offset` is where in `text` the problem is and `message` is Go's.
 */
export function parseTemplate(text: string): { ok: true } | { ok: false; offset: number; message: string } {
  try {
    parse(text);
    return { ok: true };
  } catch (err) {
    if (err instanceof ParseError) return { ok: false, offset: err.offset, message: err.message };
    throw err;
  }
}

/**
 * Where a template outputs the alert's value ($value, .Value, $.Value, or a variable
 * assigned from them). Offsets into `text`; empty if it does not parse.
 */
export function findValueReferences(text: string): { offset: number; name: string }[] {
  let root: Node[];
  try {
    root = parse(text).root;
  } catch {
    return [];
  }
  const found: { offset: number; name: string }[] = [];
  const valueVars = new Set(["$value"]);
  const arg = (a: Arg, dotIsRoot: boolean, hits: { offset: number; name: string }[]): void => {
    if (a.k === "var" && (valueVars.has(a.ident[0]!) || (a.ident[0] === "$" && a.ident[1] === "Value"))) {
      hits.push({ offset: a.pos, name: a.ident.slice(0, a.ident[0] === "$" ? 2 : 1).join(".") });
    } else if (a.k === "field" && dotIsRoot && a.ident[0] === "Value") hits.push({ offset: a.pos, name: ".Value" });
    else if (a.k === "chain") arg(a.node, dotIsRoot, hits);
    else if (a.k === "pipe") pipe(a.pipe, dotIsRoot);
  };
  const pipe = (p: Pipe, dotIsRoot: boolean) => {
    const hits: { offset: number; name: string }[] = [];
    for (const c of p.cmds) for (const a of c.args) arg(a, dotIsRoot, hits);
    if (!p.decl.length) found.push(...hits);
    else if (hits.length) p.decl.forEach((d) => valueVars.add(d));
  };
  const walk = (nodes: Node[], dotIsRoot: boolean) => {
    for (const n of nodes) {
      if (n.k === "action") pipe(n.pipe, dotIsRoot);
      else if (n.k === "if" || n.k === "with" || n.k === "range") {
        pipe(n.pipe, dotIsRoot);
        walk(n.list, n.k === "if" && dotIsRoot);
        walk(n.else ?? [], dotIsRoot);
      } else if (n.k === "template" && n.pipe) pipe(n.pipe, dotIsRoot);
    }
  };
  walk(root, true);
  return found;
}
