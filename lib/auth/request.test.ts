import { describe, expect, it } from "vitest";
import { clientAddress, secureCookie } from "./request";

describe("secureCookie", () => {
  it("follows the setting, and X-Forwarded-Proto only on auto", () => {
    expect(secureCookie("on", null)).toBe(true);
    expect(secureCookie("on", "http")).toBe(true);
    expect(secureCookie("off", "https")).toBe(false);
    expect(secureCookie("auto", "https")).toBe(true);
    expect(secureCookie("auto", "HTTPS, http")).toBe(true);
    expect(secureCookie("auto", "http")).toBe(false);
    expect(secureCookie("auto", null)).toBe(false);
  });
});

describe("clientAddress", () => {
  it("trusts nothing without trusted proxies", () => {
    expect(clientAddress("203.0.113.9", 0)).toBeUndefined();
  });

  it("takes the entry the outermost trusted proxy appended, not what the client wrote", () => {
    // the client forged 198.51.100.1; one proxy appended the real 203.0.113.9
    expect(clientAddress("198.51.100.1, 203.0.113.9", 1)).toBe("203.0.113.9");
    // two proxies: the CDN appended the client, the load balancer appended the CDN
    expect(clientAddress("198.51.100.1, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
    expect(clientAddress("[2001:DB8::1]", 1)).toBe("2001:db8::1");
  });

  it("gives up on a chain shorter than the proxies or an entry that is not an address", () => {
    expect(clientAddress("203.0.113.9", 2)).toBeUndefined();
    expect(clientAddress(null, 1)).toBeUndefined();
    expect(clientAddress("evil<script>", 1)).toBeUndefined();
  });
});
