import { describe, expect, it } from "vitest";
import { formatQuantity, parseQuantity } from "./quantity";

describe("Kubernetes quantities", () => {
  it("read suffixes, exponents and numbers in base units", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("2")).toBe(2);
    expect(parseQuantity("1.5")).toBe(1.5);
    expect(parseQuantity("128Mi")).toBe(128 * 2 ** 20);
    expect(parseQuantity("4Gi")).toBe(4 * 2 ** 30);
    expect(parseQuantity("1k")).toBe(1000);
    expect(parseQuantity("2e3")).toBe(2000);
    expect(parseQuantity("-1")).toBe(-1);
    expect(parseQuantity(".5")).toBe(0.5);
    expect(parseQuantity(100)).toBe(100);
  });

  it("refuse what the API server refuses", () => {
    for (const bad of ["", "1 Gi", "1gi", "1KiB", "abc", "1.2.3"]) expect(parseQuantity(bad), bad).toBeNull();
    // as apimachinery reads them: a bare suffix is zero
    expect(parseQuantity("Mi")).toBe(0);
    expect(parseQuantity(undefined)).toBeNull();
    expect(parseQuantity(Number.NaN)).toBeNull();
  });

  it("write them back for people", () => {
    expect(formatQuantity(0.5, "cpu")).toBe("500m");
    expect(formatQuantity(2, "cpu")).toBe("2");
    expect(formatQuantity(512 * 2 ** 20, "memory")).toBe("512Mi");
    expect(formatQuantity(1.5 * 2 ** 30, "memory")).toBe("1536Mi");
    expect(formatQuantity(1.55 * 2 ** 30, "memory")).toBe("1.6Gi");
  });
});
