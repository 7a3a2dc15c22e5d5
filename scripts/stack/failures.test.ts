import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { failuresIn, playwrightFailures, vitestFailures } from "./failures";

describe("failure digest for npm test's summary", () => {
  it("lists Vitest's failed tests with the first lines of their messages, and files that failed outside a test", () => {
    const got = vitestFailures(
      {
        testResults: [
          { name: "/r/test/integration/a.test.ts", status: "failed", assertionResults: [
            { fullName: "a works", status: "passed" },
            { fullName: "a fails", status: "failed", failureMessages: ["\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n\n    at x.ts:1\n    at y.ts:2\n    at z.ts:3"] },
          ] },
          { name: "/r/test/integration/b.test.ts", status: "failed", message: "Hook timed out in 60000ms", assertionResults: [] },
          { name: "/r/test/integration/c.test.ts", status: "passed", assertionResults: [{ fullName: "c", status: "passed" }] },
        ],
      },
      "/r",
    );
    expect(got).toEqual([
      { test: "test/integration/a.test.ts › a fails", message: "AssertionError: expected 1 to be 2 | at x.ts:1 | at y.ts:2" },
      { test: "test/integration/b.test.ts", message: "Hook timed out in 60000ms" },
    ]);
  });

  it("walks Playwright's nested suites and keeps errors outside any test", () => {
    const got = playwrightFailures({
      suites: [{ title: "a.spec.ts", specs: [], suites: [{ title: "group", specs: [
        { title: "ok", file: "a.spec.ts", line: 3, ok: true, tests: [{ results: [{ status: "passed" }] }] },
        { title: "times out", file: "a.spec.ts", line: 9, ok: false, tests: [{ results: [{ status: "timedOut", error: { message: "Test timeout of 120000ms exceeded." } }] }] },
      ] }] }],
      errors: [{ message: "globalSetup failed" }],
    });
    expect(got).toEqual([
      { test: "a.spec.ts:9 › times out", message: "Test timeout of 120000ms exceeded." },
      { test: "(outside any test)", message: "globalSetup failed" },
    ]);
  });

  it("says when the report is missing or not JSON", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "failures-"));
    expect(failuresIn(path.join(dir, "none.json"), "vitest")[0]?.test).toBe("(no report)");
    writeFileSync(path.join(dir, "bad.json"), "{");
    expect(failuresIn(path.join(dir, "bad.json"), "playwright")[0]?.test).toBe("(unreadable report)");
  });
});
