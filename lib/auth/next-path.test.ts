import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

/** What a browser would do with the Location header: resolve it against the console's own page. */
const landsOn = (location: string) => new URL(location, "https://console.example.com/login").host;

describe("safeNextPath", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeNextPath("/?range=7d")).toBe("/?range=7d");
    expect(safeNextPath("/admin/users")).toBe("/admin/users");
    expect(safeNextPath("/services/order-service?range=24h&compare=1")).toBe("/services/order-service?range=24h&compare=1");
  });

  it("refuses other origins and anything that is not a path", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, 42]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });

  it("refuses paths a browser would read as another origin once tabs, newlines and dot segments are gone", () => {
    // `next=/%09/evil.example` arrives decoded: the browser drops the tab and goes to //evil.example
    for (const bad of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\\\tevil.example", "/.//evil.example", "/a/..//evil.example", "/%2e//evil.example"]) {
      const safe = safeNextPath(bad);
      expect(landsOn(safe), JSON.stringify(bad)).toBe("console.example.com");
      expect(safe.startsWith("//")).toBe(false);
    }
  });
});
