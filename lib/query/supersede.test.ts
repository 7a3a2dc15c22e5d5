import { describe, expect, it } from "vitest";
import { Superseder } from "./supersede";

describe("Superseder", () => {
  it("aborts the previous load of the same view only", () => {
    const s = new Superseder();
    const first = s.begin("user1:view1");
    const other = s.begin("user2:view1");
    const second = s.begin("user1:view1");
    expect(first.aborted).toBe(true);
    expect(second.aborted).toBe(false);
    expect(other.aborted).toBe(false);
  });

  it("forgets finished loads without touching a newer one", () => {
    const s = new Superseder();
    const first = s.begin("k");
    const second = s.begin("k");
    s.end("k", first);
    expect(s.size).toBe(1);
    s.end("k", second);
    expect(s.size).toBe(0);
  });
});
