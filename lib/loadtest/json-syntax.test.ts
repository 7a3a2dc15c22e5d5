import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonSyntaxError } from "./json-syntax";

const real = readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/k6/handle-summary-k6-reporter-simple.json"), "utf8");

const parses = (t: string) => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

describe("jsonSyntaxError agrees with JSON.parse on what is JSON", () => {
  it("finds nothing wrong in valid JSON, whatever its nesting", () => {
    for (const t of [real, "0", '"x"', "[]", "{}", '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', `${"[".repeat(100_000)}${"]".repeat(100_000)}`]) expect(jsonSyntaxError(t)).toBeNull();
  });

  it("finds an error wherever JSON.parse does: the real file with one character removed, doubled or replaced", () => {
    let checked = 0;
    for (let i = 0; i < real.length; i += 3) {
      for (const t of [real.slice(0, i) + real.slice(i + 1), real.slice(0, i) + real[i] + real.slice(i), real.slice(0, i) + "}" + real.slice(i + 1)]) {
        expect(jsonSyntaxError(t) === null, `at ${i}`).toBe(parses(t));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it("points at the offending character", () => {
    expect(jsonSyntaxError('{"a": 1 "b": 2}')).toEqual({ offset: 8, expected: "',' or '}' after a property value" });
    expect(jsonSyntaxError("[1, 2,]")).toEqual({ offset: 6, expected: "a value (object, list, string, number, true, false or null)" });
    expect(jsonSyntaxError('{"a": "x\ny"}')).toEqual({ offset: 8, expected: "a well-formed string (closing quote, valid escapes, no raw line breaks)" });
    expect(jsonSyntaxError('{"a": "x')?.expected).toMatch(/the file ends before the JSON does/);
    expect(jsonSyntaxError('{"a": nu')?.expected).toMatch(/the file ends before the JSON does/);
  });
});
