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
 */
import { RE2JS } from "re2js";

/** What one render may spend: evaluation steps, bytes of output or of any value it builds, milliseconds. */
export const TEMPLATE_BUDGET = { steps: 100_000, bytes: 64 * 1024, ms: 250 } as const;

/** UTF-8 length of a string without encoding it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
  }
  return n;
}
const overBytes = (s: string) => s.length > TEMPLATE_BUDGET.bytes || (s.length * 3 > TEMPLATE_BUDGET.bytes && utf8Length(s) > TEMPLATE_BUDGET.bytes);
const bytesExceeded = () => `template exceeds the preview's budget of ${TEMPLATE_BUDGET.bytes} bytes`;

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

// ---------------------------------------------------------------- lexer

type ItemType =
  | "text" | "leftDelim" | "rightDelim" | "space" | "assign" | "declare" | "pipe" | "string" | "rawString"
  | "charConstant" | "variable" | "field" | "dot" | "number" | "identifier" | "bool" | "leftParen" | "rightParen"
  | "char" | "keyword" | "eof" | "error";

interface Item {
  type: ItemType;
  val: string;
  pos: number;
}

const KEYWORDS = new Set(["block", "break", "continue", "define", "else", "end", "if", "range", "nil", "template", "with"]);
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlnum = (c: string | undefined) => c !== undefined && (c === "_" || /[\p{L}\p{Nd}]/u.test(c));
const isPrint = (c: string) => c === " " || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(c);

/** Go's %#U: U+007D '}' */
function fmtU(c: string): string {
  const u = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return isPrint(c) ? `${u} '${c}'` : u;
}

/** Go's strconv.Quote (%q). */
export function goQuote(s: string): string {
  const esc: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"' };
  let out = '"';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (esc[c]) out += esc[c];
    else if (isPrint(c)) out += c;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** Go's strconv.Unquote for "…", '…' and `…` literals (PromQL strings use the same rules); undefined if invalid. */
export function goUnquote(lit: string): string | undefined {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) return undefined;
  const body = lit.slice(1, -1);
  if (q === "`") return body.includes("`") ? undefined : body.replace(/\r/g, "");
  if (q !== '"' && q !== "'") return undefined;
  const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };
  let out = "";
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === q || c === "\n") return undefined;
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1] ?? "";
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (simple[e]) {
      out += simple[e];
      i += 2;
    } else if (e === q) {
      out += q;
      i += 2;
    } else if (hexLen) {
      const h = body.slice(i + 2, i + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(h) || parseInt(h, 16) > 0x10ffff) return undefined;
      out += String.fromCodePoint(parseInt(h, 16));
      i += 2 + hexLen;
    } else if (/^[0-7]{3}$/.test(body.slice(i + 1, i + 4)) && parseInt(body.slice(i + 1, i + 4), 8) < 256) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 4), 8));
      i += 4;
    } else return undefined;
  }
  return out;
}

/** The whole token stream, ending with an eof or error item (Go's lexer, run eagerly). */
function lex(input: string): Item[] {
  const items: Item[] = [];
  const n = input.length;
  let pos = 0;
  const cpAt = (p: number) => (p < n ? String.fromCodePoint(input.codePointAt(p)!) : undefined);
  const push = (type: ItemType, start: number, end: number) => items.push({ type, val: input.slice(start, end), pos: start });
  const fail = (message: string, at: number) => {
    items.push({ type: "error", val: message, pos: at });
    return items;
  };
  // Length of the closing delimiter at p: "}}" or " -}}" (with trim marker), 0 if none.
  const rightDelimAt = (p: number) => (input.startsWith("}}", p) ? 2 : isSpace(input[p]) && input.startsWith("-}}", p + 1) ? 4 : 0);
  const skipSpace = (p: number) => {
    while (isSpace(input[p])) p++;
    return p;
  };
  const atTerminator = (p: number) => {
    const c = input[p];
    return c === undefined || isSpace(c) || ".,|:()".includes(c) || input.startsWith("}}", p);
  };
  const scanNumber = (): boolean => {
    const accept = (set: string) => {
      const c = input[pos];
      if (c !== undefined && set.includes(c)) return ++pos > 0;
      return false;
    };
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    while (accept(digits));
    if (accept(".")) while (accept(digits));
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      while (accept("0123456789_"));
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      while (accept("0123456789_"));
    }
    accept("i");
    if (isAlnum(cpAt(pos))) {
      pos += cpAt(pos)!.length;
      return false;
    }
    return true;
  };

  for (;;) {
    const open = input.indexOf("{{", pos);
    if (open < 0) {
      if (pos < n) push("text", pos, n);
      items.push({ type: "eof", val: "", pos: n });
      return items;
    }
    const trimLeft = input[open + 2] === "-" && isSpace(input[open + 3]);
    let textEnd = open;
    if (trimLeft) while (textEnd > pos && isSpace(input[textEnd - 1])) textEnd--;
    if (textEnd > pos) push("text", pos, textEnd);
    pos = open + 2 + (trimLeft ? 2 : 0);
    if (input.startsWith("/*", pos)) {
      const close = input.indexOf("*/", pos + 2);
      if (close < 0) return fail("unclosed comment", open);
      const d = rightDelimAt(close + 2);
      if (!d) return fail("comment ends before closing delimiter", open);
      pos = close + 2 + d;
      if (d === 4) pos = skipSpace(pos);
      continue;
    }
    items.push({ type: "leftDelim", val: "{{", pos: open });
    let depth = 0;
    for (;;) {
      const d = rightDelimAt(pos);
      if (d) {
        if (depth > 0) return fail("unclosed left paren", pos);
        items.push({ type: "rightDelim", val: "}}", pos: pos + d - 2 });
        pos = d === 4 ? skipSpace(pos + d) : pos + d;
        break;
      }
      const start = pos;
      const c = input[pos];
      if (c === undefined) return fail("unclosed action", open);
      if (isSpace(c)) {
        pos = skipSpace(pos);
        // A trim-marked closing delimiter (" -}}") begins with the last space.
        if (input.startsWith("-}}", pos)) pos--;
        if (pos > start) push("space", start, pos);
      } else if (c === "=") push("assign", start, ++pos);
      else if (c === ":") {
        if (input[pos + 1] !== "=") return fail("expected :=", start);
        push("declare", start, (pos += 2));
      } else if (c === "|") push("pipe", start, ++pos);
      else if (c === '"' || c === "'") {
        pos++;
        for (;;) {
          const ch = input[pos++];
          if (ch === "\\" && input[pos] !== undefined && input[pos] !== "\n") pos++;
          else if (ch === undefined || ch === "\n" || ch === "\\") {
            return fail(c === '"' ? "unterminated quoted string" : "unterminated character constant", start);
          } else if (ch === c) break;
        }
        push(c === '"' ? "string" : "charConstant", start, pos);
      } else if (c === "`") {
        const end = input.indexOf("`", pos + 1);
        if (end < 0) return fail("unterminated raw quoted string", start);
        push("rawString", start, (pos = end + 1));
      } else if (c === "$" || (c === "." && !/[0-9]/.test(input[pos + 1] ?? ""))) {
        pos++;
        if (!atTerminator(pos)) {
          while (isAlnum(cpAt(pos))) pos += cpAt(pos)!.length;
          if (!atTerminator(pos)) return fail(`bad character ${fmtU(cpAt(pos)!)}`, pos);
        }
        push(c === "$" ? "variable" : pos - start === 1 ? "dot" : "field", start, pos);
      } else if (c === "+" || c === "-" || c === "." || (c >= "0" && c <= "9")) {
        if (!scanNumber()) return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`, start);
        if (input[pos] === "+" || input[pos] === "-") {
          // complex constant, e.g. 1+2i
          if (!scanNumber() || input[pos - 1] !== "i") return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`, start);
        }
        push("number", start, pos);
      } else if (isAlnum(cpAt(pos))) {
        while (isAlnum(cpAt(pos))) pos += cpAt(pos)!.length;
        if (!atTerminator(pos)) return fail(`bad character ${fmtU(cpAt(pos)!)}`, pos);
        const word = input.slice(start, pos);
        push(KEYWORDS.has(word) ? "keyword" : word === "true" || word === "false" ? "bool" : "identifier", start, pos);
      } else if (c === "(") {
        depth++;
        push("leftParen", start, ++pos);
      } else if (c === ")") {
        // Go's lexer (1.2x) reports a stray ")" itself, before the parser sees it
        if (--depth < 0) return fail("unexpected right paren", start);
        push("rightParen", start, ++pos);
      } else if (c.charCodeAt(0) < 0x80 && isPrint(c)) push("char", start, ++pos);
      else return fail(`unrecognized character in action: ${fmtU(cpAt(pos)!)}`, start);
    }
  }
}

// ---------------------------------------------------------------- parser

type Arg =
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

interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: { pos: number; args: Arg[] }[];
}

type ControlNode = { k: "if" | "with" | "range"; pipe: Pipe; list: Node[]; else?: Node[]; pos: number };
type Node =
  | { k: "text"; text: string }
  | { k: "action"; pipe: Pipe; pos: number }
  | ControlNode
  | { k: "template"; name: string; pipe?: Pipe; pos: number }
  | { k: "break" | "continue" | "end" | "else"; pos: number };

class ParseError extends Error {
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

function parse(text: string): { root: Node[]; defs: Map<string, Node[]> } {
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

// ---------------------------------------------------------------- Go formatting

interface Digits {
  d: string;
  dp: number;
}

/** The exact decimal digits of a positive double. */
function exactDigits(v: number): Digits {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2 = -1074;
  if (e !== 0) [mant, e2] = [mant | (1n << 52n), e - 1075];
  const s = e2 >= 0 ? (mant << BigInt(e2)).toString() : (mant * 5n ** BigInt(-e2)).toString();
  return { d: s.replace(/0+$/, ""), dp: e2 >= 0 ? s.length : s.length + e2 };
}

/** Go's decimal rounding to nd digits: half to even on the exact value. */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x;
  const up = x.d[nd] === "5" && nd + 1 === x.d.length ? nd > 0 && Number(x.d[nd - 1]) % 2 === 1 : x.d[nd]! >= "5";
  if (!up) return { d: x.d.slice(0, nd).replace(/0+$/, ""), dp: x.dp };
  let i = nd - 1;
  while (i >= 0 && x.d[i] === "9") i--;
  if (i < 0) return { d: "1", dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String(Number(x.d[i]) + 1), dp: x.dp };
}

function fmtE(x: Digits, prec: number, e: string): string {
  let s = x.d[0] ?? "0";
  if (prec > 0) s += `.${x.d.slice(1, prec + 1).padEnd(prec, "0")}`;
  const exp = x.d.length === 0 ? 0 : x.dp - 1;
  return `${s}${e}${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

function fmtF(x: Digits, prec: number): string {
  let s = x.dp > 0 ? x.d.slice(0, x.dp).padEnd(x.dp, "0") : "0";
  if (prec > 0) {
    s += ".";
    for (let i = 1; i <= prec; i++) s += x.d[x.dp + i - 1] ?? "0";
  }
  return s;
}

/** Go's strconv.FormatFloat(v, fmt, prec, 64) for fmt e, E, f, g, G (prec -1 = shortest). */
export function formatFloat(v: number, fmt: "e" | "E" | "f" | "g" | "G", prec: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  const sign = v < 0 || Object.is(v, -0) ? "-" : "";
  const a = Math.abs(v);
  const kind = fmt.toLowerCase();
  const shortest = prec < 0;
  let x: Digits;
  if (a === 0) x = { d: "", dp: 0 };
  else if (shortest) {
    const [m, e] = a.toExponential().split("e");
    x = { d: m!.replace(".", "").replace(/0+$/, ""), dp: Number(e) + 1 };
  } else {
    if (kind === "g" && prec === 0) prec = 1;
    const exact = exactDigits(a);
    x = roundDigits(exact, kind === "e" ? prec + 1 : kind === "f" ? exact.dp + prec : prec);
  }
  if (shortest) prec = kind === "e" ? Math.max(x.d.length - 1, 0) : kind === "f" ? Math.max(x.d.length - x.dp, 0) : x.d.length;
  if (kind === "e") return sign + fmtE(x, prec, fmt);
  if (kind === "f") return sign + fmtF(x, prec);
  let eprec = prec;
  if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (exp < -4 || exp >= eprec) return sign + fmtE(x, Math.min(prec, x.d.length) - 1, fmt === "G" ? "E" : "e");
  return sign + fmtF(x, Math.max((prec > x.dp ? x.d.length : prec) - x.dp, 0));
}

// ---------------------------------------------------------------- values

class GoInt {
  constructor(readonly n: number) {}
}
class GoMap {
  constructor(readonly m: Readonly<Record<string, string>>) {}
}
class AlertData {
  constructor(
    readonly Labels: GoMap,
    readonly ExternalLabels: GoMap,
    readonly ExternalURL: string,
    readonly Value: number,
  ) {}
}
type Value = string | number | boolean | null | GoInt | GoMap | AlertData;

const STRUCT = "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }";

function goType(v: Value): string {
  if (v === null) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "float64";
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoInt) return "int";
  return v instanceof GoMap ? "map[string]string" : STRUCT;
}

/** fmt's %v. */
function fmtV(v: Value): string {
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatFloat(v, "g", -1);
  if (typeof v === "boolean") return String(v);
  if (v instanceof GoInt) return String(v.n);
  if (v instanceof GoMap) return `map[${Object.keys(v.m).sort().map((k) => `${k}:${v.m[k]}`).join(" ")}]`;
  return `{${fmtV(v.Labels)} ${fmtV(v.ExternalLabels)} ${v.ExternalURL} ${fmtV(v.Value)}}`;
}

function truth(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0;
  if (typeof v === "boolean") return v;
  if (v instanceof GoInt) return v.n !== 0;
  return v instanceof GoMap ? Object.keys(v.m).length > 0 : true;
}

/** An error of the template itself (wrong argument type or count), reported without "error calling". */
class ExecError extends Error {}

/** fmt.Sprintf for the verbs alert templates use: v s d f F e E g G q x X t, flags - + 0 space, width and precision. */
export function goSprintf(format: string, args: readonly Value[]): string {
  let out = "";
  let argi = 0;
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    if (c !== "%") {
      out += c;
      i++;
      continue;
    }
    const m = /^%([-+ 0#]*)(\d*)(?:\.(\d*))?(.?)/s.exec(format.slice(i))!;
    i += m[0].length;
    const [flags, w, p, verb] = [m[1]!, m[2]!, m[3], m[4]!];
    // fmt's parsenum gives up on a number past 1e6 and swallows the rest of the format
    const tooLarge = (digits: string | undefined) => digits !== undefined && digits.length > 1 && Number(digits.slice(0, -1)) > 1e6;
    if (tooLarge(w) || tooLarge(p)) {
      out += "%!(NOVERB)";
      break;
    }
    if (Number(w || 0) > TEMPLATE_BUDGET.bytes || (Number(p || 0) > TEMPLATE_BUDGET.bytes && "eEfFgG".includes(verb))) throw new Error(bytesExceeded());
    if (!verb) {
      out += "%!(NOVERB)";
      break;
    }
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const v = args[argi++]!;
    const prec = p === undefined ? undefined : Number(p || 0);
    const bad = `%!${verb}(${v === null ? "<nil>" : `${goType(v)}=${fmtV(v)}`})`;
    let s: string | undefined;
    let numeric = false;
    if (typeof v === "number") {
      numeric = true;
      if ("eEfFgG".includes(verb)) s = formatFloat(v, (verb === "F" ? "f" : verb) as "e", prec ?? ("gG".includes(verb) ? -1 : 6));
      else if (verb === "v") s = formatFloat(v, "g", prec ?? -1);
    } else if (v instanceof GoInt) {
      numeric = true;
      if (verb === "d" || verb === "v") s = String(v.n);
      else if (verb === "x" || verb === "X") s = (v.n < 0 ? "-" : "") + Math.abs(v.n).toString(16)[verb === "x" ? "toLowerCase" : "toUpperCase"]();
      else if (verb === "o") s = v.n.toString(8);
      else if (verb === "b") s = v.n.toString(2);
      else if (verb === "c") s = String.fromCodePoint(v.n);
    } else if (typeof v === "string") {
      const t = prec === undefined ? v : [...v].slice(0, prec).join("");
      if (verb === "s" || verb === "v") s = t;
      else if (verb === "q") s = goQuote(t);
      else if (verb === "x" || verb === "X") s = [...new TextEncoder().encode(t)].map((b) => b.toString(16).padStart(2, "0")).join("")[verb === "x" ? "toLowerCase" : "toUpperCase"]();
    } else if (typeof v === "boolean") {
      if (verb === "t" || verb === "v") s = String(v);
    } else if (verb === "v" || (verb === "s" && v !== null)) s = fmtV(v);
    if (s === undefined) {
      out += bad;
      continue;
    }
    if (numeric && !s.startsWith("-") && (flags.includes("+") || flags.includes(" "))) s = (flags.includes("+") ? "+" : " ") + s;
    const width = Number(w || 0);
    if (s.length < width) {
      if (flags.includes("-")) s = s.padEnd(width);
      else if (flags.includes("0") && !/Inf|NaN/.test(s)) {
        const signLen = numeric && /^[-+ ]/.test(s) ? 1 : 0;
        s = s.slice(0, signLen) + s.slice(signLen).padStart(width - signLen, "0");
      } else s = s.padStart(width);
    }
    out += s;
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => (a === null ? "<nil>" : `${goType(a)}=${fmtV(a)}`)).join(", ")})`;
  return out;
}

/** fmt.Sprint: spaces between operands when neither is a string. */
function goSprint(args: readonly Value[]): string {
  return args.map((a, i) => (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string" ? " " : "") + fmtV(a)).join("");
}

function toFloat(v: Value): number {
  if (typeof v === "number") return v;
  if (v instanceof GoInt) return v.n;
  if (typeof v === "string") {
    const s = v.replace(/_/g, "");
    if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(s)) return NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
    throw new Error(`strconv.ParseFloat: parsing ${goQuote(v)}: invalid syntax`);
  }
  throw new Error(`can't convert ${goType(v)} to float`);
}

function str(v: Value): string {
  if (typeof v !== "string") throw new ExecError(`wrong type for value; expected string; got ${goType(v)}`);
  return v;
}

const g4 = (v: number) => formatFloat(v, "g", 4);

function scaled(v: number, base: number, prefixes: string[]): string {
  let prefix = "";
  for (const p of prefixes) {
    if (Math.abs(v) < base) break;
    prefix = p;
    v /= base;
  }
  return g4(v) + prefix;
}

function small(v: number): [number, string] {
  let prefix = "";
  for (const p of ["m", "u", "n", "p", "f", "a", "z", "y"]) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return [v, prefix];
}

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  if (Math.abs(v) >= 1) return scaled(v, 1000, ["k", "M", "G", "T", "P", "E", "Z", "Y"]);
  const [m, p] = small(v);
  return g4(m) + p;
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return `${g4(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? "-" : "";
    const a = Math.abs(v);
    const t = Math.trunc(a);
    const [d, h, m, s] = [Math.trunc(t / 86400), Math.trunc(t / 3600) % 24, Math.trunc(t / 60) % 60, t % 60];
    if (d) return `${sign}${d}d ${h}h ${m}m ${s}s`;
    if (h) return `${sign}${h}h ${m}m ${s}s`;
    if (m) return `${sign}${m}m ${s}s`;
    return `${sign}${g4(a)}s`;
  }
  const [m, p] = small(v);
  return `${g4(m)}${p}s`;
}

function humanizeTimestamp(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  const ns = v * 1e9;
  if (ns >= 2 ** 63 || ns < -(2 ** 63)) throw new Error(`${fmtV(v)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  // Prometheus goes through model.Time: millisecond precision, truncated.
  const ms = Number(BigInt(Math.trunc(ns)) / 1_000_000n);
  const [date, time] = new Date(ms).toISOString().slice(0, -1).split("T") as [string, string];
  const [hms, frac] = time.split(".") as [string, string];
  const f = frac.replace(/0+$/, "");
  return `${date} ${hms}${f ? `.${f}` : ""} +0000 UTC`;
}

/** net.SplitHostPort */
function splitHostPort(s: string): [string, string] | undefined {
  const i = s.lastIndexOf(":");
  if (i < 0) return undefined;
  let host: string;
  if (s.startsWith("[")) {
    const end = s.indexOf("]");
    if (end < 0 || end + 1 !== i) return undefined;
    host = s.slice(1, end);
  } else {
    host = s.slice(0, i);
    if (host.includes(":")) return undefined;
  }
  if (/[[\]]/.test(host) || /[[\]]/.test(s.slice(i + 1))) return undefined;
  return [host, s.slice(i + 1)];
}

const isIP = (h: string) => /^(\d{1,3}\.){3}\d{1,3}$/.test(h) || (h.includes(":") && /^[0-9a-fA-F:.]+$/.test(h));

/** Go's regexp (RE2) through re2js: linear time, Go's syntax and error messages. */
function goRegExp(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    throw new Error((e as Error).message.startsWith("error parsing regexp") ? (e as Error).message : `error parsing regexp: ${(e as Error).message}`);
  }
}

/** regexp.ReplaceAllString: Go's match loop (no empty match right after a match) and Expand ($1, ${name}, $$). */
function reReplaceAll(pattern: string, repl: string, text: string): string {
  const re = goRegExp(pattern);
  const names = re.namedGroups();
  const m = re.matcher(text);
  let out = "";
  let last = 0;
  let lastMatchEnd = 0;
  while (m.find()) {
    const [a0, a1] = [m.start(), m.end()];
    out += text.slice(last, a0);
    last = a0;
    if (a1 > lastMatchEnd || a0 === 0) {
      out += repl.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (all, _x, braced?: string, bare?: string) => {
        if (all === "$$") return "$";
        const name = (braced ?? bare)!;
        const index = /^\d+$/.test(name) ? Number(name) : names[name];
        return index !== undefined && index <= m.groupCount() ? (m.group(index) ?? "") : "";
      });
      last = a1;
      if (overBytes(out)) throw new Error(bytesExceeded());
    }
    lastMatchEnd = a1;
  }
  return out + text.slice(last);
}

/** url.QueryEscape */
const queryEscape = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");

const DURATION_UNITS: Record<string, number> = { y: 31536000, w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

function compare(name: "eq" | "lt", a: Value, b: Value): boolean {
  const kind = (v: Value) =>
    v === null ? "nil" : typeof v === "number" ? "float" : v instanceof GoInt ? "int" : typeof v === "string" || typeof v === "boolean" ? typeof v : "other";
  const [ka, kb] = [kind(a), kind(b)];
  if (name === "lt" && [ka, kb].some((k) => k === "nil" || k === "other" || k === "boolean")) throw new Error("invalid type for comparison");
  if (ka === "nil" || kb === "nil") return ka === kb;
  if (ka !== kb) throw new Error("incompatible types for comparison");
  if (ka === "other") throw new Error(`non-comparable type ${fmtV(a)}: ${goType(a)}`);
  const [x, y] = [a instanceof GoInt ? a.n : a, b instanceof GoInt ? b.n : b] as [string | number | boolean, string | number | boolean];
  return name === "eq" ? x === y : x < y;
}

type Fn = { min: number; max?: number; fn: (args: Value[], data: AlertData, externalURL: string) => Value };
const one = (fn: (v: Value) => Value): Fn => ({ min: 1, max: 1, fn: ([v]) => fn(v!) });

const FUNCS: Record<string, Fn> = {
  not: one((v) => !truth(v)),
  len: one((v) => {
    if (typeof v === "string") return new GoInt(new TextEncoder().encode(v).length);
    if (v instanceof GoMap) return new GoInt(Object.keys(v.m).length);
    throw new Error(`len of type ${goType(v)}`);
  }),
  index: {
    min: 1,
    fn: ([item, ...keys]) =>
      keys.reduce<Value>((cur, k) => {
        if (cur instanceof GoMap && typeof k === "string") return cur.m[k] ?? "";
        if (typeof cur === "string" && k instanceof GoInt) {
          const b = new TextEncoder().encode(cur)[k.n];
          if (b === undefined) throw new Error(`index out of range: ${k.n}`);
          return new GoInt(b);
        }
        throw new Error(`can't index item of type ${goType(cur)}`);
      }, item!),
  },
  print: { min: 0, fn: (a) => goSprint(a) },
  println: { min: 0, fn: (a) => `${a.map(fmtV).join(" ")}\n` },
  printf: { min: 1, fn: ([f, ...a]) => goSprintf(str(f!), a) },
  urlquery: { min: 0, fn: (a) => queryEscape(goSprint(a)) },
  html: {
    min: 0,
    fn: (a) => goSprint(a).replace(/[&'<>"\0]/g, (c) => ({ "&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "\0": "\uFFFD" })[c]!),
  },
  eq: { min: 2, fn: ([a, ...bs]) => bs.some((b) => compare("eq", a!, b)) },
  ne: { min: 2, max: 2, fn: ([a, b]) => !compare("eq", a!, b!) },
  lt: { min: 2, max: 2, fn: ([a, b]) => compare("lt", a!, b!) },
  le: { min: 2, max: 2, fn: ([a, b]) => compare("lt", a!, b!) || compare("eq", a!, b!) },
  gt: { min: 2, max: 2, fn: ([a, b]) => !(compare("lt", a!, b!) || compare("eq", a!, b!)) },
  ge: { min: 2, max: 2, fn: ([a, b]) => !compare("lt", a!, b!) },
  humanize: one((v) => humanize(toFloat(v))),
  humanize1024: one((v) => {
    const f = toFloat(v);
    return Math.abs(f) <= 1 || !Number.isFinite(f) ? g4(f) : scaled(f, 1024, ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"]);
  }),
  humanizeDuration: one((v) => humanizeDuration(toFloat(v))),
  humanizePercentage: one((v) => `${g4(toFloat(v) * 100)}%`),
  humanizeTimestamp: one((v) => humanizeTimestamp(toFloat(v))),
  toUpper: one((v) => str(v).toUpperCase()),
  toLower: one((v) => str(v).toLowerCase()),
  title: one((v) => str(v).replace(/(^|[^\p{L}\p{N}_'’])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase())),
  safeHtml: one((v) => str(v)),
  match: {
    min: 2,
    max: 2,
    fn: ([p, t]) => {
      return goRegExp(str(p!)).matcher(str(t!)).find();
    },
  },
  reReplaceAll: {
    min: 3,
    max: 3,
    fn: ([p, repl, t]) => reReplaceAll(str(p!), str(repl!), str(t!)),
  },
  stripPort: one((v) => splitHostPort(str(v))?.[0] ?? (v as string)),
  stripDomain: one((v) => {
    const s = str(v);
    const [host, port] = splitHostPort(s) ?? [s, ""];
    if (isIP(host)) return s;
    const short = host.split(".")[0]!;
    return port ? `${short.includes(":") ? `[${short}]` : short}:${port}` : short;
  }),
  graphLink: one((v) => `/graph?g0.expr=${queryEscape(str(v))}&g0.tab=0`),
  tableLink: one((v) => `/graph?g0.expr=${queryEscape(str(v))}&g0.tab=1`),
  externalURL: { min: 0, max: 0, fn: (_a, _d, url) => url },
  pathPrefix: { min: 0, max: 0, fn: (_a, _d, url) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? "" },
  parseDuration: one((v) => {
    const s = str(v);
    const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
    if (!m || s === "") {
      if (s === "0") return 0;
      throw new Error(`not a valid duration string: ${goQuote(s)}`);
    }
    return ["y", "w", "d", "h", "m", "s", "ms"].reduce((sum, u, i) => sum + Number(m[i + 1] ?? 0) * DURATION_UNITS[u]!, 0);
  }),
};

const UNSUPPORTED: Record<string, string> = {
  query: "runs a PromQL query when the alert fires",
  first: "works on query results",
  label: "works on query results",
  value: "works on query results",
  strvalue: "works on query results",
  sortByLabel: "works on query results",
  toTime: "returns a time value",
  toDuration: "returns a duration value",
  now: "returns the current time",
};

const BREAK = Symbol("break");
const CONTINUE = Symbol("continue");

class Exec {
  out = "";
  private vars: { name: string; value: Value }[];
  private depth = 0;
  private steps = 0;
  private outBytes = 0;

  constructor(
    private readonly defs: Map<string, Node[]>,
    private readonly data: AlertData,
    private readonly deadline: number,
  ) {
    this.vars = [
      { name: "$", value: data },
      { name: "$labels", value: data.Labels },
      { name: "$externalLabels", value: data.ExternalLabels },
      { name: "$externalURL", value: data.ExternalURL },
      { name: "$value", value: data.Value },
    ];
  }

  /** One unit of work: refuses to go past the step budget or the deadline. */
  private tick() {
    if (++this.steps > TEMPLATE_BUDGET.steps) throw new ExecError(`template exceeds the preview's budget of ${TEMPLATE_BUDGET.steps} steps`);
    if ((this.steps & 127) === 0 && performance.now() > this.deadline) throw new ExecError(`template exceeds the preview's time budget of ${TEMPLATE_BUDGET.ms} ms`);
  }

  private emit(text: string) {
    this.out += text;
    this.outBytes += utf8Length(text);
    if (this.outBytes > TEMPLATE_BUDGET.bytes) throw new ExecError(bytesExceeded());
  }

  walk(dot: Value, nodes: Node[]): void {
    for (const n of nodes) {
      this.tick();
      switch (n.k) {
        case "text":
          this.emit(n.text);
          break;
        case "action": {
          const v = this.pipe(dot, n.pipe);
          if (!n.pipe.decl.length) this.emit(v === null ? "<no value>" : fmtV(v));
          break;
        }
        case "if":
        case "with": {
          const mark = this.vars.length;
          const v = this.pipe(dot, n.pipe);
          if (truth(v)) this.walk(n.k === "with" ? v : dot, n.list);
          else if (n.else) this.walk(dot, n.else);
          this.vars.length = mark;
          break;
        }
        case "range":
          this.range(dot, n);
          break;
        case "template": {
          const body = this.defs.get(n.name);
          if (!body) throw new ExecError(`no such template ${goQuote(n.name)}`);
          if (++this.depth > 100) throw new ExecError("exceeded maximum template depth (100)");
          const v = n.pipe ? this.pipe(dot, n.pipe) : null;
          const saved = this.vars;
          this.vars = [{ name: "$", value: v }];
          this.walk(v, body);
          [this.vars, this.depth] = [saved, this.depth - 1];
          break;
        }
        case "break":
          throw BREAK;
        case "continue":
          throw CONTINUE;
      }
    }
  }

  private range(dot: Value, n: ControlNode) {
    const mark = this.vars.length;
    const v = this.pipe(dot, { ...n.pipe, decl: [] });
    let entries: Iterable<[Value, Value]>;
    let empty: boolean;
    if (v instanceof GoMap) {
      const keys = Object.keys(v.m).sort();
      [entries, empty] = [keys.map((k) => [k, v.m[k]!]), !keys.length];
    } else if (v instanceof GoInt) {
      // lazily: `range 1000000000` must not allocate before the step budget stops it
      entries = (function* count(to: number): Generator<[Value, Value]> {
        for (let i = 0; i < to; i++) yield [new GoInt(i), new GoInt(i)];
      })(v.n);
      empty = v.n <= 0;
    } else if (v === null) [entries, empty] = [[], true];
    else throw new ExecError(`range can't iterate over ${fmtV(v)}`);
    if (empty && n.else) this.walk(dot, n.else);
    for (const [key, elem] of entries) {
      this.tick();
      this.vars.length = mark;
      const values = n.pipe.decl.length === 2 ? [key, elem] : [elem];
      n.pipe.decl.forEach((d, i) => this.declare(d, values[i]!, n.pipe.assign));
      try {
        this.walk(elem, n.list);
      } catch (e) {
        if (e === BREAK) break;
        if (e !== CONTINUE) throw e;
      }
    }
    this.vars.length = mark;
  }

  private declare(name: string, value: Value, assign: boolean) {
    if (!assign) return void this.vars.push({ name, value });
    const v = this.vars.findLast((x) => x.name === name);
    if (!v) throw new ExecError(`undefined variable: ${name}`);
    v.value = value;
  }

  private lookup(name: string): Value {
    const v = this.vars.findLast((x) => x.name === name);
    if (!v) throw new ExecError(`undefined variable: ${name}`);
    return v.value;
  }

  private pipe(dot: Value, p: Pipe): Value {
    let v: Value | undefined;
    for (const c of p.cmds) v = this.command(dot, c.args, v);
    const value = v ?? null;
    for (const d of p.decl) this.declare(d, value, p.assign);
    return value;
  }

  private command(dot: Value, [first, ...rest]: Arg[], final: Value | undefined): Value {
    const noArgs = () => {
      if (rest.length || final !== undefined) throw new ExecError(`can't give argument to non-function ${argText(first!)}`);
    };
    switch (first!.k) {
      case "field":
        return this.fields(dot, first!.ident, rest, final);
      case "chain":
        return this.fields(this.arg(dot, first!.node), first!.fields, rest, final);
      case "var":
        if (first!.ident.length > 1) return this.fields(this.lookup(first!.ident[0]!), first!.ident.slice(1), rest, final);
        noArgs();
        return this.lookup(first!.ident[0]!);
      case "ident":
        return this.call(dot, first!.name, rest, final);
      case "nil":
        throw new ExecError("nil is not a command");
    }
    noArgs();
    return this.arg(dot, first!);
  }

  private fields(receiver: Value, names: string[], args: Arg[], final: Value | undefined): Value {
    names.forEach((name, i) => {
      const hasArgs = i === names.length - 1 && (args.length > 0 || final !== undefined);
      if (receiver instanceof AlertData) {
        if (!["Labels", "ExternalLabels", "ExternalURL", "Value"].includes(name)) throw new ExecError(`can't evaluate field ${name} in type ${STRUCT}`);
        if (hasArgs) throw new ExecError(`${name} has arguments but cannot be invoked as function`);
        receiver = receiver[name as "Labels"];
      } else if (receiver instanceof GoMap) {
        if (hasArgs) throw new ExecError(`${name} is not a method but has arguments`);
        receiver = receiver.m[name] ?? "";
      } else if (receiver === null) throw new ExecError(`nil pointer evaluating interface {}.${name}`);
      else throw new ExecError(`can't evaluate field ${name} in type ${goType(receiver)}`);
    });
    return receiver;
  }

  private arg(dot: Value, a: Arg): Value {
    switch (a.k) {
      case "dot":
        return dot;
      case "nil":
        return null;
      case "bool":
      case "str":
        return a.v;
      case "num":
        if (a.complex) throw new ExecError(`cannot preview complex number ${a.text}`);
        return a.int ? new GoInt(a.v) : a.v;
      case "pipe":
        return this.pipe(dot, a.pipe);
      case "ident":
        return this.call(dot, a.name, [], undefined);
      default:
        return this.command(dot, [a], undefined);
    }
  }

  private call(dot: Value, name: string, argNodes: Arg[], final: Value | undefined): Value {
    if (name === "and" || name === "or") {
      if (!argNodes.length) throw new ExecError(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: Value = null;
      for (const a of argNodes) {
        v = this.arg(dot, a);
        if (truth(v) === (name === "or")) return v;
      }
      return final === undefined ? v : final;
    }
    const f = FUNCS[name];
    if (!f) throw new ExecError(`cannot preview {{ ${name} }}: ${UNSUPPORTED[name] ?? "the preview does not evaluate this function"}`);
    const args = argNodes.map((a) => this.arg(dot, a));
    if (final !== undefined) args.push(final);
    if (args.length < f.min || (f.max !== undefined && args.length > f.max)) {
      const want = f.max === undefined ? `at least ${f.min}` : String(f.min);
      throw new ExecError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
    }
    this.tick();
    try {
      const result = f.fn(args, this.data, this.data.ExternalURL);
      if (typeof result === "string" && overBytes(result)) throw new ExecError(bytesExceeded());
      return result;
    } catch (e) {
      if (e instanceof ExecError) throw e;
      throw new ExecError(`error calling ${name}: ${(e as Error).message}`);
    }
  }
}

function argText(a: Arg): string {
  if (a.k === "str" || a.k === "num") return a.text;
  if (a.k === "var") return a.ident.join(".");
  if (a.k === "field") return `.${a.ident.join(".")}`;
  return a.k === "bool" ? String(a.v) : a.k === "dot" ? "." : a.k;
}

export interface TemplateData {
  labels: Record<string, string>;
  value: number;
  externalLabels?: Record<string, string>;
  externalURL?: string;
}

/**
 * Expands an alert template the way Prometheus would for an alert with these labels
 * and value (text mode, missingkey=zero). Throws an Error with Go's message when the
 * template does not parse or fails, and for functions that need Prometheus.
 */
export function renderTemplate(text: string, data: TemplateData, budget: { deadline?: number } = {}): string {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text);
  } catch (err) {
    if (err instanceof ParseError) throw new Error(`template does not parse: ${err.message}`);
    throw err;
  }
  const root = new AlertData(new GoMap(data.labels), new GoMap(data.externalLabels ?? {}), data.externalURL ?? "", data.value);
  const exec = new Exec(parsed.defs, root, budget.deadline ?? performance.now() + TEMPLATE_BUDGET.ms);
  try {
    exec.walk(root, parsed.root);
  } catch (err) {
    if (err === BREAK || err === CONTINUE) throw new Error("{{break}} outside {{range}}");
    throw new Error((err as Error).message);
  }
  return exec.out;
}
