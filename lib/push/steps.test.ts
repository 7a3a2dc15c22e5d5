import { describe, expect, it } from "vitest";
import { pushSteps } from "./steps";

describe("pushSteps", () => {
  it("records each step with its outcome, detail and duration, and the whole push's", async () => {
    let t = 1000;
    const seen: string[] = [];
    const p = pushSteps<"check" | "write">({ now: () => t, onStep: (s) => seen.push(`${s.step}:${s.ok}`) });
    const n = await p.step("check", async () => ((t += 5), 3), (v) => `${v} group(s)`);
    expect(n).toBe(3);
    await expect(p.step("write", async () => ((t += 7), Promise.reject(new Error("disk full"))), () => "never")).rejects.toThrow("disk full");
    const r = p.done("failed", "not pushed");
    expect(r).toEqual({
      outcome: "failed",
      message: "not pushed",
      durationMs: 12,
      steps: [
        { step: "check", ok: true, detail: "3 group(s)", ms: 5 },
        { step: "write", ok: false, detail: "disk full", ms: 7 },
      ],
    });
    expect(seen).toEqual(["check:true", "write:false"]);
  });
});
