import { execFile } from "node:child_process";
import { pushSteps, type PushResult as GenericPushResult, type PushStep as GenericPushStep } from "@/lib/push/steps";
import { randomBytes } from "node:crypto";
import { mkdtemp, open, readdir, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BackendConfig } from "@/lib/config";
import { allRuleGroups, reload, runtimeInfo, type ApiRuleGroup } from "@/lib/prometheus/rules";
import { describeFailure } from "@/lib/upstream/errors";
import { outline } from "./document";
import { validateRuleFile } from "./validate";

/**
 * Pushing a rule file to a Prometheus that reads a rules directory. Prometheus has no
 * API to write rules, so a push is a small transaction against the outside world:
 *
 *   check (own checks, then promtool when installed) → Prometheus answers (a push
 *   to a Prometheus that is down or restarting writes nothing) → back up the current file →
 *   write a temp file beside it (a name outside the rule glob) and rename it in →
 *   POST /-/reload → verify (reload succeeded, exactly the pushed groups and rules
 *   are loaded from this file) → on any failure restore the previous file, reload
 *   again, and report the precise cause.
 *
 * A file Prometheus cannot load must never stay in the directory: Prometheus keeps
 * its previous rules on a failed reload, but exits at its next start.
 */

export type RulePushStepName = "check" | "promtool" | "reachable" | "backup" | "write" | "reload" | "verify" | "rollback" | "rollback-reload";
export type PushStep = GenericPushStep<RulePushStepName>;
export type PushResult = GenericPushResult<RulePushStepName>;

export interface PrometheusPushTarget {
  prometheus: BackendConfig;
  rulesDir: string;
  /** promtool binary; a missing binary skips that step (it is noted). */
  promtool: string;
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;

export function checkFileName(name: string): string | undefined {
  if (!FILE_NAME.test(name)) {
    return `"${name}" is not a usable rule file name: letters, digits, ".", "_" and "-", ending in .yml or .yaml, no directories`;
  }
  return undefined;
}

/** The temp name used while writing: beside the file (same filesystem, so rename is atomic), never matching *.yml / *.yaml. */
export function tempName(fileName: string): string {
  return `.${fileName}.${randomBytes(4).toString("hex")}.perfops-tmp`;
}

function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<{ code: number | null; out: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err ? ((err as NodeJS.ErrnoException).code === "ENOENT" ? null : typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}`.trim(), missing: (err as NodeJS.ErrnoException | null)?.code === "ENOENT" });
    });
  });
}

/** `promtool check rules` on content, from a temp file outside the rules directory. */
export async function promtoolCheck(promtool: string, content: string, displayName: string): Promise<{ ok: boolean; missing: boolean; message: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "perfops-promtool-"));
  const file = path.join(dir, displayName);
  try {
    await writeFile(file, content);
    const r = await run(promtool, ["check", "rules", file]);
    if (r.missing) return { ok: true, missing: true, message: `${promtool} is not installed; skipped` };
    const message = r.out.split(file).join(displayName);
    return { ok: r.code === 0, missing: false, message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** Write-then-rename, with fsync of the file and the directory, so a crash leaves either the old or the new file. */
export async function atomicWrite(dir: string, fileName: string, content: string): Promise<void> {
  const tmp = path.join(dir, tempName(fileName));
  try {
    const fh = await open(tmp, "w", 0o644);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path.join(dir, fileName));
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  const d = await open(dir, "r").catch(() => undefined);
  if (d) {
    await d.sync().catch(() => undefined);
    await d.close();
  }
}

function fsMessage(err: unknown, dir: string): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EACCES" || e.code === "EPERM") return `the rules directory ${dir} is not writable by the console (${e.code})`;
  if (e.code === "ENOENT") return `the rules directory ${dir} does not exist`;
  if (e.code === "ENOSPC") return `no space left on the device of ${dir}`;
  return `${e.code ?? "error"}: ${e.message}`;
}

/** Compares what Prometheus loaded from this file with what was pushed. Empty = identical. */
export function compareLoaded(fileName: string, pushed: string, loaded: ApiRuleGroup[]): string[] {
  const want = outline(pushed);
  const have = loaded.filter((g) => path.basename(g.file) === fileName);
  const problems: string[] = [];
  const wantNames = want.map((g) => g.name);
  const haveNames = have.map((g) => g.name);
  for (const n of wantNames) if (!haveNames.includes(n)) problems.push(`group "${n}" is not loaded`);
  for (const n of haveNames) if (!wantNames.includes(n)) problems.push(`group "${n}" is loaded from ${fileName} but was not pushed`);
  for (const g of want) {
    const h = have.find((x) => x.name === g.name);
    if (!h) continue;
    const a = g.rules.map((r) => `${r.kind === "alert" ? "alerting" : "recording"} ${r.name}`).join(", ");
    const b = h.rules.map((r) => `${r.type} ${r.name}`).join(", ");
    if (a !== b) problems.push(`group "${g.name}": loaded rules [${b}] differ from pushed [${a}]`);
  }
  return problems;
}

/** Which files of the rules directory promtool rejects: the precise reason behind Prometheus's generic reload error. */
async function diagnoseDirectory(target: PrometheusPushTarget): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(target.rulesDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return "";
  }
  const found: string[] = [];
  for (const n of names) {
    const content = await readIfExists(path.join(target.rulesDir, n));
    if (content === undefined) continue;
    const own = validateRuleFile(content).filter((p) => p.severity === "error");
    const first = own[0];
    if (first) {
      found.push(`${n}:${first.line}: ${first.message}`);
      continue;
    }
    const pt = await promtoolCheck(target.promtool, content, n);
    if (!pt.ok) found.push(pt.message.split("\n").filter((l) => !/^Checking /.test(l)).join(" ").trim());
  }
  return found.join("; ");
}

export async function pushToPrometheus(
  target: PrometheusPushTarget,
  fileName: string,
  content: string,
  opts: { signal?: AbortSignal; now?: () => number; onStep?: (s: PushStep) => void } = {},
): Promise<PushResult> {
  const { step, done } = pushSteps<RulePushStepName>(opts);

  // 1. Checks: nothing is written unless the file would load.
  const nameProblem = checkFileName(fileName);
  if (nameProblem) return done("failed", nameProblem);
  try {
    await step(
      "check",
      async () => {
        const errors = validateRuleFile(content).filter((p) => p.severity === "error");
        const e = errors[0];
        if (e) throw new Error(`${fileName}:${e.line}:${e.column}: ${e.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`);
        return outline(content);
      },
      (o) => `${o.length} group(s), ${o.reduce((n, g) => n + g.rules.length, 0)} rule(s)`,
    );
    await step(
      "promtool",
      async () => {
        const r = await promtoolCheck(target.promtool, content, fileName);
        if (!r.ok) throw new Error(r.message);
        return r;
      },
      (r) => (r.missing ? r.message : "promtool check rules: SUCCESS"),
    );
  } catch (err) {
    return done("failed", `not pushed, nothing changed: ${(err as Error).message}`);
  }
  // A file written while Prometheus is down could neither be verified nor rolled back
  // by a reload; it would simply be loaded at the next start. Nothing is written then.
  try {
    await step(
      "reachable",
      () => runtimeInfo(target.prometheus, opts.signal),
      (info) => `Prometheus answers (last reload ${info.reloadConfigSuccess ? "succeeded" : "FAILED"})`,
    );
  } catch (err) {
    return done("failed", `not pushed, nothing changed: ${err instanceof Error ? err.message : describeFailure(err).message}`);
  }

  // 2. Back up and write.
  const file = path.join(target.rulesDir, fileName);
  let previous: string | undefined;
  try {
    previous = await step("backup", () => readIfExists(file), (p) => (p === undefined ? "no previous file" : `previous file kept (${p.length} bytes)`));
    await step(
      "write",
      async () => {
        try {
          await atomicWrite(target.rulesDir, fileName, content);
        } catch (err) {
          throw new Error(fsMessage(err, target.rulesDir));
        }
      },
      () => `wrote ${file} (temp file + rename)`,
    );
  } catch (err) {
    return done("failed", `not pushed, nothing changed: ${(err as Error).message}`);
  }

  // 3. Reload and verify; anything wrong from here on is rolled back.
  let failure: string;
  try {
    await step("reload", () => reload(target.prometheus, opts.signal), () => "POST /-/reload: 200");
    await step(
      "verify",
      async () => {
        const info = await runtimeInfo(target.prometheus, opts.signal);
        if (!info.reloadConfigSuccess) throw new Error("Prometheus reports that its last reload failed");
        const loaded = await allRuleGroups(target.prometheus, {}, opts.signal);
        const problems = compareLoaded(fileName, content, loaded);
        if (problems.length) throw new Error(`Prometheus did not load what was pushed: ${problems.join("; ")}`);
        return loaded;
      },
      () => "reload succeeded; exactly the pushed groups and rules are loaded from this file",
    );
    return done("ok", `pushed ${fileName} and verified it is loaded`);
  } catch (err) {
    failure = err instanceof Error ? err.message : describeFailure(err).message;
  }

  // 4. Roll back: restore the previous file (or remove the new one), reload again.
  let rollbackIncomplete = false;
  try {
    await step(
      "rollback",
      async () => {
        if (previous === undefined) await unlink(file);
        else await atomicWrite(target.rulesDir, fileName, previous);
      },
      () => (previous === undefined ? `removed ${file}` : `restored the previous ${file}`),
    );
  } catch {
    rollbackIncomplete = true;
  }
  let reloadProblem: string | undefined;
  if (!rollbackIncomplete) {
    try {
      await step("rollback-reload", () => reload(target.prometheus, opts.signal), () => "POST /-/reload: 200");
    } catch (err) {
      // Prometheus may still run what was pushed until it reloads: the rollback is not complete.
      reloadProblem = err instanceof Error ? err.message : describeFailure(err).message;
    }
  }
  const diagnosis = /rejected the reload|last reload failed/.test(failure) ? await diagnoseDirectory(target) : "";
  const cause = diagnosis ? `${failure}. promtool says: ${diagnosis}` : failure;
  if (rollbackIncomplete) return done("rolled_back", `push failed and the previous file could NOT be restored: ${cause}`, { rollbackIncomplete });
  if (reloadProblem) {
    return done(
      "rolled_back",
      `push failed; the previous file is back on disk but Prometheus did not confirm reloading it (${reloadProblem}), so it may still run the pushed rules until its next reload — check drift: ${cause}`,
      { rollbackIncomplete: true },
    );
  }
  return done("rolled_back", `push failed, previous rules restored: ${cause}`);
}

/** The content of a file in the rules directory, or undefined when it does not exist. */
export function readRuleFileFromDir(dir: string, fileName: string): Promise<string | undefined> {
  const problem = checkFileName(fileName);
  if (problem) return Promise.reject(new Error(problem));
  return readIfExists(path.join(dir, fileName));
}

/** Rule files (*.yml, *.yaml) in the directory with their content. */
export async function listRuleDir(dir: string): Promise<{ name: string; content: string }[]> {
  const names = (await readdir(dir)).filter((n) => !checkFileName(n)).sort();
  const out: { name: string; content: string }[] = [];
  for (const name of names) {
    const content = await readIfExists(path.join(dir, name));
    if (content !== undefined) out.push({ name, content });
  }
  return out;
}
