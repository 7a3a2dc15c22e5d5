/**
 * Go text/template's lexer (text/template/parse/lex.go, run eagerly): the token
 * stream of a template, ending with an eof or error item carrying Go's message.
 * Also Go's string quoting (strconv.Quote, strconv.Unquote), which the lexer, the
 * parser's messages and the evaluator share. Pure.
 */

export type ItemType =
  | "text" | "leftDelim" | "rightDelim" | "space" | "assign" | "declare" | "pipe" | "string" | "rawString"
  | "charConstant" | "variable" | "field" | "dot" | "number" | "identifier" | "bool" | "leftParen" | "rightParen"
  | "char" | "keyword" | "eof" | "error";

export interface Item {
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
export function lex(input: string): Item[] {
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
