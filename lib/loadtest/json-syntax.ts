/**
 * Where a text stops being JSON, and what was expected there: V8's JSON.parse says
 * "Unexpected token" without a position for many errors, and the console owes the
 * importer a line and column. Iterative (a stack, no recursion): any nesting depth.
 * Only called after JSON.parse has failed.
 */
export function jsonSyntaxError(text: string): { offset: number; expected: string } | null {
  const stack: ("o" | "a")[] = [];
  let pos = 0;
  type State = "value" | "value-or-end" | "key" | "key-or-end" | "colon" | "comma-or-end" | "end";
  let state = "value" as State;
  const fail = (expected: string) => ({ offset: pos, expected });
  const afterValue = () => {
    state = stack.length ? "comma-or-end" : "end";
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const string = (): "ok" | "bad" | "eof" => {
    pos++;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        return "ok";
      }
      if (c < 32) return "bad";
      if (c === 92) {
        const e = text[pos + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return pos + 6 > text.length ? "eof" : "bad";
          pos += 6;
        } else if (e === undefined) return "eof";
        else if ('"\\/bfnrt'.includes(e)) pos += 2;
        else return "bad";
      } else pos++;
    }
    return "eof";
  };
  const END = "more JSON: the file ends before the JSON does (cut short?)";
  const BAD_STRING = "a well-formed string (closing quote, valid escapes, no raw line breaks)";
  const readString = () => {
    const r = string();
    return r === "ok" ? null : fail(r === "eof" ? END : BAD_STRING);
  };
  for (;;) {
    while (pos < text.length && " \t\n\r".includes(text[pos]!)) pos++;
    if (pos >= text.length) return state === "end" ? null : fail(END);
    const ch = text[pos]!;
    if (state === "end") return fail("nothing after the JSON value");
    if (state === "colon") {
      if (ch !== ":") return fail("':' after the property name");
      pos++;
      state = "value";
      continue;
    }
    if (state === "comma-or-end") {
      const top = stack[stack.length - 1]!;
      if (ch === ",") {
        pos++;
        state = top === "o" ? "key" : "value";
      } else if ((top === "o" && ch === "}") || (top === "a" && ch === "]")) {
        pos++;
        stack.pop();
        afterValue();
      } else return fail(top === "o" ? "',' or '}' after a property value" : "',' or ']' after a list element");
      continue;
    }
    if (state === "key-or-end" || state === "key") {
      if (state === "key-or-end" && ch === "}") {
        pos++;
        stack.pop();
        afterValue();
        continue;
      }
      if (ch !== '"') return fail("a property name in double quotes");
      const bad = readString();
      if (bad) return bad;
      state = "colon";
      continue;
    }
    if (state === "value-or-end" && ch === "]") {
      pos++;
      stack.pop();
      afterValue();
      continue;
    }
    // a value
    if (ch === "{" || ch === "[") {
      pos++;
      stack.push(ch === "{" ? "o" : "a");
      state = ch === "{" ? "key-or-end" : "value-or-end";
    } else if (ch === '"') {
      const bad = readString();
      if (bad) return bad;
      afterValue();
    } else if (ch === "-" || (ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      if (!m) return fail("a number");
      pos += m[0].length;
      afterValue();
    } else {
      const word = ["true", "false", "null"].find((w) => text.startsWith(w, pos));
      if (!word) return fail(["true", "false", "null"].some((w) => w.startsWith(text.slice(pos))) ? END : "a value (object, list, string, number, true, false or null)");
      pos += word.length;
      afterValue();
    }
  }
}
