import { describe, expect, it } from "vitest";
import nextConfig, { ACTION_BODY_LIMIT, SECURITY_HEADERS } from "@/next.config";
import { MAX_RULE_FILE_BYTES } from "./limits";

describe("limits the server enforces", () => {
  it("lets a rule file of the largest accepted size through the server action body limit", () => {
    // a file's JSON encoding adds an escape per newline and quote: a 2 MB file of 40-byte lines grows by ~2.5 %
    const file = `${"x".repeat(38)}"\n`.repeat(Math.floor(MAX_RULE_FILE_BYTES / 40));
    expect(JSON.stringify([file]).length).toBeLessThan(ACTION_BODY_LIMIT);
    expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe(ACTION_BODY_LIMIT);
  });

  it("forbids framing and foreign scripts on every page", async () => {
    const rules = await nextConfig.headers!();
    expect(rules).toEqual([{ source: "/:path*", headers: SECURITY_HEADERS }]);
    const csp = SECURITY_HEADERS.find((h) => h.key === "Content-Security-Policy")!.value;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'( |;|$)/);
    expect(SECURITY_HEADERS).toContainEqual({ key: "X-Frame-Options", value: "DENY" });
  });
});
