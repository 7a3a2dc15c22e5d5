import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startRulerStandIn, type RulerStandIn } from "@/test/standins/ruler-api-standin";
import { groupTexts, pushToRuler } from "./push-ruler";

/** Push to a Mimir/Cortex ruler, against the stand-in that reproduces its documented API. */

const REFERENCE = readFileSync(path.resolve("scripts/stack/performance.rules.yml"), "utf8");
const TWO_GROUPS = `${REFERENCE}  - name: extra.rules\n    rules:\n      - record: service:requests:rate5m\n        expr: sum by (service) (rate(http_requests_total[5m]))\n`;
let standin: RulerStandIn | undefined;
afterEach(async () => {
  await standin?.stop();
  standin = undefined;
});

const cfgFor = (s: RulerStandIn, flavor: "mimir" | "cortex") => ({ flavor, backend: { name: "ruler" as const, url: s.url, tenant: "team-a", timeoutMs: 2000 } });
const stored = (s: RulerStandIn, ns: string) => [...(s.state.get("team-a")?.get(ns)?.keys() ?? [])].sort();

describe("push to a ruler API", () => {
  it("splits a file into groups, keeping comments", () => {
    const g = groupTexts(TWO_GROUPS);
    expect(g.map((x) => x.name)).toEqual(["performance.rules", "extra.rules"]);
    expect(g[0]!.text).toMatch(/^name: performance\.rules\n/);
    expect(g[0]!.text).toContain("# Share of requests answered with a 5xx status.");
  });

  it.each(["mimir", "cortex"] as const)("%s: stores every group under the file's namespace, removes dropped groups, verifies", async (flavor) => {
    standin = await startRulerStandIn({ flavor });
    const cfg = cfgFor(standin, flavor);
    expect((await pushToRuler(cfg, "team.rules.yml", TWO_GROUPS)).outcome).toBe("ok");
    expect(stored(standin, "team.rules")).toEqual(["extra.rules", "performance.rules"]);
    const res = await pushToRuler(cfg, "team.rules.yml", REFERENCE);
    expect(res).toMatchObject({ outcome: "ok", message: 'pushed team.rules.yml to the ruler (namespace "team.rules") and verified it is stored' });
    expect(res.steps.map((s) => s.step)).toEqual(["check", "backup", "write", "verify"]);
    expect(res.steps.find((s) => s.step === "write")?.detail).toContain("deleted extra.rules");
    expect(stored(standin, "team.rules")).toEqual(["performance.rules"]);
    const posts = standin.requests.filter((r) => r.method === "POST");
    expect(posts.every((r) => r.tenant === "team-a" && r.contentType === "application/yaml")).toBe(true);
  });

  it("a rejected group rolls the namespace back to what it held, and says what the ruler said", async () => {
    // at most 3 rules per group: the first group is stored, the second (4 rules) refused
    standin = await startRulerStandIn({ flavor: "mimir", maxRulesPerGroup: 3 });
    const cfg = cfgFor(standin, "mimir");
    await pushToRuler(cfg, "team.rules.yml", REFERENCE.replace("for: 2m", "for: 3m"));
    const four = Array.from({ length: 4 }, (_, i) => `      - record: service:requests:rate${i + 1}m\n        expr: sum by (service) (rate(http_requests_total[${i + 1}m]))\n`).join("");
    const res = await pushToRuler(cfg, "team.rules.yml", `${REFERENCE}  - name: extra.rules\n    rules:\n${four}`);
    expect(res.outcome).toBe("rolled_back");
    expect(res.steps.map((s) => `${s.step}:${s.ok}`), JSON.stringify(res.steps)).toEqual(["check:true", "backup:true", "write:false", "rollback:true"]);
    expect(res.message).toMatch(/^push failed, previous rules restored: ruler \(mimir\): storing a rule group in namespace "team.rules" failed with HTTP 400: .*limit/);
    expect(stored(standin, "team.rules")).toEqual(["performance.rules"]);
    // the previous version of the group is back, not the half-pushed one
    expect(standin.state.get("team-a")?.get("team.rules")?.get("performance.rules")?.rules[0]?.forMs).toBe(180_000);
  });

  it("an invalid file never reaches the ruler; an unreachable ruler changes nothing", async () => {
    standin = await startRulerStandIn({ flavor: "cortex" });
    const cfg = cfgFor(standin, "cortex");
    const bad = await pushToRuler(cfg, "team.rules.yml", REFERENCE.replace("> 0.01", "> (0.01"));
    expect(bad.outcome).toBe("failed");
    expect(standin.requests).toEqual([]);
    const url = standin.url;
    await standin.stop();
    standin = undefined;
    const down = await pushToRuler({ ...cfg, backend: { ...cfg.backend, url } }, "team.rules.yml", REFERENCE);
    expect(down.outcome).toBe("failed");
    expect(down.message).toMatch(/^not pushed, nothing changed: ruler \(cortex\) at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)$/);
  });
});
