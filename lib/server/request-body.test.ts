import { describe, expect, it } from "vitest";
import { readBodyCapped } from "./request-body";

describe("readBodyCapped", () => {
  it("reads a body under the cap", async () => {
    expect(await readBodyCapped(new Request("http://x/", { method: "POST", body: "match[]=up" }), 100)).toBe("match[]=up");
  });

  it("refuses a declared or streamed body over the cap without reading it all", async () => {
    expect(await readBodyCapped(new Request("http://x/", { method: "POST", body: "x".repeat(101) }), 100)).toBeUndefined();
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024));
      },
    });
    const req = new Request("http://x/", { method: "POST", body: endless, duplex: "half" } as RequestInit);
    expect(await readBodyCapped(req, 10 * 1024)).toBeUndefined();
    expect(pulled).toBeLessThan(20);
  });
});
