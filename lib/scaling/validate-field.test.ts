import { describe, expect, it } from "vitest";
import { dedupe, goJson, goNumber, goQuote, goValue, invalid, notSupported, required, tooLong } from "./validate-field";
import { isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidPathSegmentName } from "./validate-names";
import { err } from "./validate-test-fixtures";

describe("Go value printers", () => {
  it("goQuote is strconv.Quote", () => {
    expect(goQuote(`say "hi"\\`)).toBe(`"say \\"hi\\"\\\\"`);
    expect(goQuote("tab\there\nnew")).toBe(`"tab\\there\\nnew"`);
    expect(goQuote("\u0001\u007f")).toBe(`"\\x01\\x7f"`);
    expect(goQuote("café ✓")).toBe(`"café ✓"`);
    expect(goQuote("nbsp\u00a0")).toBe(`"nbsp\\u00a0"`);
  });

  it("goJson is encoding/json.Marshal: HTML-safe strings, sorted map keys", () => {
    expect(goJson("<a&b>")).toBe(`"\\u003ca\\u0026b\\u003e"`);
    expect(goJson({ b: 1, a: [true, null, "x"] })).toBe(`{"a":[true,null,"x"],"b":1}`);
  });

  it("goNumber is %v of an int64 or a float64", () => {
    expect(goNumber(3)).toBe("3");
    expect(goNumber(-0.5)).toBe("-0.5");
    expect(goNumber(1234567.5)).toBe("1.2345675e+06");
    expect(goNumber(0.00001)).toBe("1e-05");
    expect(goNumber(0.0001)).toBe("0.0001");
    expect(goNumber(3_000_000_000)).toBe("3000000000");
  });

  it("goValue prints strings quoted and composites as JSON", () => {
    expect(goValue("Off")).toBe(`"Off"`);
    expect(goValue(false)).toBe("false");
    expect(goValue({ z: 1 })).toBe(`{"z":1}`);
  });
});

describe("field errors", () => {
  it("render like field.Error.ErrorBody", () => {
    expect(invalid("spec.minReplicas", "0", "must be greater than or equal to 1")).toEqual(err("spec.minReplicas", "Invalid value: 0: must be greater than or equal to 1"));
    expect(required("spec.scaleTargetRef.name")).toEqual(err("spec.scaleTargetRef.name", "Required value"));
    expect(notSupported("x", `"a"`, ["b", "c"])).toEqual(err("x", `Unsupported value: "a": supported values: "b", "c"`));
    expect(tooLong("metadata.annotations", 1)).toEqual(err("metadata.annotations", "Too long: may not be more than 1 byte"));
  });

  it("dedupe keeps the first of identical errors", () => {
    const a = required("a");
    expect(dedupe([a, required("b"), { ...a }])).toEqual([a, required("b")]);
  });
});

describe("name rules", () => {
  it("count bytes, not characters", () => {
    expect(isDns1123Label("é".repeat(32))).toContain("must be no more than 63 characters");
    expect(isDns1123Subdomain("a".repeat(253))).toEqual([]);
  });

  it("qualified names allow upper case and a DNS prefix", () => {
    expect(isQualifiedName("example.com/MyName")).toEqual([]);
    expect(isQualifiedName(`p/${"n".repeat(64)}`)).toContain("name part must be no more than 63 bytes");
  });

  it("path segment names refuse . and .. and / and %", () => {
    expect(isValidPathSegmentName(".")).toEqual(["may not be '.'"]);
    expect(isValidPathSegmentName("a%2F")).toEqual(["may not contain '%'"]);
    expect(isValidPathSegmentName("...")).toEqual([]);
  });
});
