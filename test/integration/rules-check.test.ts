import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateRuleFile } from "@/lib/rules/validate";

const DIR = path.resolve(process.cwd(), "test/fixtures/upstream/prometheus/rulefmt-testdata");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

describe("rule checks agree with promtool (the real one, from Debian)", () => {
  it.each(files)("%s", (file) => {
    const promtool = spawnSync("promtool", ["check", "rules", path.join(DIR, file)], { encoding: "utf8" });
    const ours = validateRuleFile(readFileSync(path.join(DIR, file), "utf8")).filter((p) => p.severity === "error");
    expect(ours.length > 0, `promtool said: ${promtool.stdout}${promtool.stderr}`).toBe(promtool.status === 1);
  });

  it("npm run rules:check prints file:line: severity: message and exits like promtool", () => {
    const bad = path.join(DIR, "record_and_for.bad.yaml");
    const run = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/rules-check.ts", bad, path.join(DIR, "test.yaml")], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout.trim()).toBe(`${bad}:6: error: group "yolo", rule 1: invalid field 'for' in recording rule`);
    const good = execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/rules-check.ts", path.join(DIR, "test.yaml")], { encoding: "utf8" });
    expect(good).toBe("");
  });
});
