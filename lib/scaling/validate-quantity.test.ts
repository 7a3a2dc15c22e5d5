import { describe, expect, it } from "vitest";
import {
  compareQuantities,
  ERR_FORMAT_WRONG,
  ERR_NUMERIC,
  ERR_SUFFIX,
  parseQuantity,
  parseQuantityText,
  quantityFromJson,
  quantitySign,
  quantityString,
  type Quantity,
} from "./validate-quantity";

function parsed(text: string | number): Quantity {
  const result = quantityFromJson(text);
  if (!result.ok) throw new Error(`${text}: ${result.error}`);
  return result.quantity;
}

describe("parseQuantity (value in base units)", () => {
  it.each([
    ["500m", 0.5],
    ["4Gi", 4294967296],
    ["128Mi", 134217728],
    ["2", 2],
    [100, 100],
    [0.25, 0.25],
    ["1.5", 1.5],
    ["1k", 1000],
    ["1Ki", 1024],
    ["0.5Ki", 512],
    ["1e3", 1000],
    ["1E3", 1000],
    ["1e-3", 0.001],
    ["12E", 12e18],
    ["1n", 1e-9],
    ["1u", 1e-6],
    ["1Ei", 2 ** 60],
    ["-1", -1],
    ["+1", 1],
    [".5", 0.5],
    ["5.", 5],
    ["0", 0],
    [" 100 ", 100],
    [1e21, 1e21],
  ])("reads %j as %d", (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each(["", "abc", "1.2.3", "1K", "1KiB", "100 pods", "\t100", "1e", "5%"])("refuses %j", (text) => {
    expect(parseQuantity(text)).toBeNull();
  });
});

describe("ParseQuantity errors", () => {
  it.each([
    ["", ERR_FORMAT_WRONG],
    ["1KiB", ERR_FORMAT_WRONG],
    ["1.5.5", ERR_FORMAT_WRONG],
    ["x", ERR_FORMAT_WRONG],
    ["1e", ERR_SUFFIX],
    ["1Mi5", ERR_SUFFIX],
    ["1e99999999999999999999", ERR_SUFFIX],
    // inf.Dec reads the number again on the slow path and finds no digit
    [".e-10", ERR_NUMERIC],
  ])("%j → %s", (text, error) => {
    expect(parseQuantityText(text)).toEqual({ ok: false, error });
  });

  it("names the regular expression Go reports", () => {
    expect(ERR_FORMAT_WRONG).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });

  it("reads a lone sign, dot or suffix as zero, as Go does", () => {
    expect(["-", "+", ".", "m", "Mi"].map((t) => quantityString(parsed(t)))).toEqual(["0", "0", "0", "0", "0"]);
  });

  it("refuses JSON values that are neither strings nor numbers", () => {
    expect(quantityFromJson(true)).toEqual({ ok: false, error: ERR_FORMAT_WRONG });
    expect(quantityFromJson([1])).toEqual({ ok: false, error: ERR_FORMAT_WRONG });
  });
});

describe("canonical form (Quantity.String, used in error messages)", () => {
  it.each([
    ["1.5", "1500m"],
    ["1.5Gi", "1536Mi"],
    ["1000m", "1"],
    ["0.1", "100m"],
    ["1024Mi", "1Gi"],
    ["1500Ki", "1500Ki"],
    ["100000", "100k"],
    ["1e3", "1e3"],
    ["1.5e3", "1500"],
    ["0.0000000001", "1n"],
    ["-0.0000000001", "-1n"],
    ["0Mi", "0"],
    ["-0", "0"],
    ["1000k", "1M"],
    ["0.5Ki", "512"],
    ["-0.5", "-500m"],
    ["-1024Mi", "-1Gi"],
    ["10Ei", "9223372036854775807"],
    [0.1, "100m"],
    [1e21, "1e+21"],
  ])("%j → %s", (text, canonical) => {
    expect(quantityString(parsed(text))).toBe(canonical);
  });

  it("keeps the input where Go keeps it (its int64 fast path with an already canonical number)", () => {
    expect(quantityString(parsed("+5"))).toBe("+5");
    expect(quantityString(parsed("-0100m"))).toBe("-0100m");
    expect(quantityString(parsed("-1Gi"))).toBe("-1Gi");
  });
});

describe("sign and comparison", () => {
  it("is exact: a tiny positive value rounds up to 1n, never to zero", () => {
    expect(quantitySign(parsed("0.0000000001"))).toBe(1);
    expect(quantitySign(parsed("-1e-30"))).toBe(-1);
    expect(quantitySign(parsed("0e5"))).toBe(0);
  });

  it("compares across suffixes", () => {
    expect(compareQuantities(parsed("1Gi"), parsed("1024Mi"))).toBe(0);
    expect(compareQuantities(parsed("500m"), parsed("1"))).toBe(-1);
    expect(compareQuantities(parsed("2"), parsed("1999m"))).toBe(1);
    expect(compareQuantities(parsed("-1"), parsed("0"))).toBe(-1);
    expect(compareQuantities(parsed("1e4000"), parsed("1"))).toBe(1);
  });
});
