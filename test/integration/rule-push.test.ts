import { execFileSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BackendConfig } from "@/lib/config";
import { allRuleGroups, reload, runtimeInfo } from "@/lib/prometheus/rules";
import { pushToPrometheus, type PrometheusPushTarget } from "@/lib/rules/push";
import { env } from "./env";

/**
 * Every push failure path against the real Prometheus (3.16 and Debian's 2.42, started by
 * the harness with --web.enable-lifecycle and rule_files: rules/*.yml). Each case
 * ends with Prometheus still evaluating the previous rules and the file on disk as
 * it was.
 */

const FILE = "performance.rules.yml";
const REFERENCE = readFileSync(path.resolve("scripts/stack/performance.rules.yml"), "utf8");
const RAISED = REFERENCE.replace("> 0.01", "> 0.05");

let cfg: BackendConfig;
let target: PrometheusPushTarget;
const onDisk = () => readFileSync(path.join(env.rulesDir, FILE), "utf8");

async function loadedErrorRateQuery(): Promise<string | undefined> {
  const groups = await allRuleGroups(cfg, { ruleGroup: ["performance.rules"] });
  return groups.flatMap((g) => g.rules).find((r) => r.name === "HighErrorRate")?.query;
}

async function restoreReference() {
  writeFileSync(path.join(env.rulesDir, FILE), REFERENCE);
  await reload(cfg);
}

beforeAll(async () => {
  cfg = { name: "prometheus", url: env.prometheusUrl, timeoutMs: 2_000 };
  target = { prometheus: cfg, rulesDir: env.rulesDir, promtool: env.promtool };
  await restoreReference();
});
afterEach(async () => {
  process.kill(env.prometheusPid, "SIGCONT");
  rmSync(path.join(env.rulesDir, "zz-someone-elses.yml"), { force: true });
});
afterAll(restoreReference);

describe("push to Prometheus", () => {
  it("writes, reloads and verifies a raised threshold; Prometheus evaluates it at once", async () => {
    const res = await pushToPrometheus(target, FILE, RAISED);
    expect(res.message).toBe(`pushed ${FILE} and verified it is loaded`);
    expect(res.outcome).toBe("ok");
    expect(res.steps.map((s) => s.step)).toEqual(["check", "promtool", "reachable", "backup", "write", "reload", "verify"]);
    expect(onDisk()).toBe(RAISED);
    expect(await loadedErrorRateQuery()).toContain("> 0.05");
    // no temp file is left beside it
    expect(execFileSync("ls", ["-a", env.rulesDir], { encoding: "utf8" })).not.toContain("perfops-tmp");
  });

  it("an invalid rule is caught before anything is written or reloaded", async () => {
    await restoreReference();
    const before = (await runtimeInfo(cfg)).lastConfigTime;
    const mtime = statSync(path.join(env.rulesDir, FILE)).mtimeMs;
    const broken = REFERENCE.replace("> 0.01", "> (0.01");
    const res = await pushToPrometheus(target, FILE, broken);
    expect(res.outcome).toBe("failed");
    expect(res.message).toMatch(/^not pushed, nothing changed: performance\.rules\.yml:\d+:\d+: group "performance\.rules", rule 2: could not parse expression/);
    expect(res.steps.map((s) => s.step)).toEqual(["check"]);
    expect(onDisk()).toBe(REFERENCE);
    expect(statSync(path.join(env.rulesDir, FILE)).mtimeMs).toBe(mtime);
    expect((await runtimeInfo(cfg)).lastConfigTime).toBe(before);
    expect(await loadedErrorRateQuery()).toContain("> 0.01");
  });

  it("a rejected reload is rolled back and reported with promtool's precise message", async () => {
    await restoreReference();
    // Someone else's broken file in the same directory makes every reload fail.
    writeFileSync(
      path.join(env.rulesDir, "zz-someone-elses.yml"),
      "groups:\n  - name: broken.rules\n    rules:\n      - alert: BrokenExpr\n        expr: sum(rate(http_requests_total[5m])\n",
    );
    const res = await pushToPrometheus(target, FILE, RAISED);
    expect(res.outcome).toBe("rolled_back");
    expect(res.message).toContain("prometheus rejected the reload (HTTP 500)");
    expect(res.message).toMatch(/promtool says: .*zz-someone-elses\.yml/);
    expect(res.steps.find((s) => s.step === "rollback")).toMatchObject({ ok: true, detail: expect.stringContaining("restored the previous") });
    expect(onDisk()).toBe(REFERENCE);
    expect((await runtimeInfo(cfg)).reloadConfigSuccess).toBe(false);
    // Prometheus kept evaluating the previous rules.
    expect(await loadedErrorRateQuery()).toContain("> 0.01");
    rmSync(path.join(env.rulesDir, "zz-someone-elses.yml"));
    await reload(cfg);
    expect((await runtimeInfo(cfg)).reloadConfigSuccess).toBe(true);
  });

  it("Prometheus not answering before the push: nothing is written", async () => {
    await restoreReference();
    const mtime = statSync(path.join(env.rulesDir, FILE)).mtimeMs;
    process.kill(env.prometheusPid, "SIGSTOP");
    let res;
    try {
      res = await pushToPrometheus(target, FILE, RAISED);
    } finally {
      process.kill(env.prometheusPid, "SIGCONT");
    }
    expect(res.outcome).toBe("failed");
    expect(res.message).toBe("not pushed, nothing changed: prometheus did not answer within 2s");
    expect(res.steps.map((s) => `${s.step}:${s.ok}`)).toEqual(["check:true", "promtool:true", "reachable:false"]);
    expect(onDisk()).toBe(REFERENCE);
    expect(statSync(path.join(env.rulesDir, FILE)).mtimeMs).toBe(mtime);
  });

  it("Prometheus down mid-push: the file is restored and Prometheus comes back with the previous rules", async () => {
    await restoreReference();
    let res;
    try {
      // Prometheus stops answering right after the new file is written
      res = await pushToPrometheus(target, FILE, RAISED, { onStep: (s) => s.step === "write" && process.kill(env.prometheusPid, "SIGSTOP") });
    } finally {
      process.kill(env.prometheusPid, "SIGCONT");
    }
    expect(res.outcome).toBe("rolled_back");
    // the restored file is on disk, but nothing confirmed that Prometheus reloaded it: not reported as restored
    expect(res.message).toMatch(/^push failed; the previous file is back on disk but Prometheus did not confirm reloading it \(prometheus did not answer within 2s\)/);
    expect(res.rollbackIncomplete).toBe(true);
    expect(res.steps.map((s) => `${s.step}:${s.ok}`)).toEqual([
      "check:true",
      "promtool:true",
      "reachable:true",
      "backup:true",
      "write:true",
      "reload:false",
      "rollback:true",
      "rollback-reload:false",
    ]);
    expect(onDisk()).toBe(REFERENCE);
    // The reload requests Prometheus received while stopped now run, and read the restored file.
    await expect.poll(async () => (await runtimeInfo(cfg)).reloadConfigSuccess, { timeout: 10_000 }).toBe(true);
    expect(await loadedErrorRateQuery()).toContain("> 0.01");
  });

  it("a rules directory the console cannot write to changes nothing", async () => {
    await restoreReference();
    const undo = makeReadOnly(env.rulesDir);
    let res;
    try {
      res = await pushToPrometheus(target, FILE, RAISED);
    } finally {
      undo();
    }
    expect(res.outcome).toBe("failed");
    expect(res.message).toBe(`not pushed, nothing changed: the rules directory ${env.rulesDir} is not writable by the console (${res.message.match(/\((E\w+)\)$/)?.[1]})`);
    expect(res.message).toMatch(/\((EACCES|EPERM)\)$/);
    expect(onDisk()).toBe(REFERENCE);
    expect(await loadedErrorRateQuery()).toContain("> 0.01");
  });

  it("a full rules directory changes nothing, and says so", async () => {
    // a 64 KiB filesystem holding the current file, the rest filled up
    const dir = mkdtempSync(path.join(tmpdir(), "rules-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]);
    try {
      writeFileSync(path.join(dir, FILE), REFERENCE);
      try {
        writeFileSync(path.join(dir, "filler"), Buffer.alloc(128 * 1024));
      } catch {
        // ENOSPC: full, as intended
      }
      const res = await pushToPrometheus({ ...target, rulesDir: dir }, FILE, RAISED);
      expect(res.outcome).toBe("failed");
      expect(res.message).toBe(`not pushed, nothing changed: no space left on the device of ${dir}`);
      expect(readFileSync(path.join(dir, FILE), "utf8")).toBe(REFERENCE);
      expect(readdirSync(dir).sort()).toEqual(["filler", FILE].sort());
      expect(res.steps.map((st) => st.step)).not.toContain("reload");
    } finally {
      execFileSync("umount", [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file name that could escape the rules directory", async () => {
    const res = await pushToPrometheus(target, "../prometheus.yml", REFERENCE);
    expect(res.outcome).toBe("failed");
    expect(res.message).toContain("is not a usable rule file name");
    expect(res.steps).toEqual([]);
  });
});

/** Root ignores permission bits, so as root the directory is made immutable (ext4 chattr). */
function makeReadOnly(dir: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync("chattr", ["+i", dir]);
    const undo = () => execFileSync("chattr", ["-i", dir]);
    assertNotWritable(dir, undo);
    return undo;
  }
  const mode = statSync(dir).mode & 0o777;
  execFileSync("chmod", ["0555", dir]);
  const undo = () => execFileSync("chmod", [mode.toString(8), dir]);
  assertNotWritable(dir, undo);
  return undo;
}

function assertNotWritable(dir: string, undo: () => void) {
  try {
    writeFileSync(path.join(dir, ".probe"), "x");
  } catch {
    return;
  }
  rmSync(path.join(dir, ".probe"), { force: true });
  undo();
  throw new Error(`could not make ${dir} read-only for this test (access: ${(() => { try { accessSync(dir, constants.W_OK); return "writable"; } catch { return "not writable"; } })()})`);
}
