import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pushSteps, type PushResult } from "./steps";

/**
 * Pushing a document to Git (GitOps): one commit of the file at its path on the
 * configured branch, authored by the console user, pushed to the remote. A
 * non-fast-forward (someone pushed meanwhile) is fetched and the commit rebased and
 * pushed once more; if the rebase conflicts (someone changed the same file) the push is
 * refused with the reason and nothing is left behind. The remote is read back to check
 * the branch holds the commit. Real git, in a work tree kept under the data directory
 * (one per remote and branch); git runs with no prompts and a time limit.
 */

export interface GitTarget {
  /** a URL or a path git can push to */
  remote: string;
  branch: string;
  /** where the work trees live */
  workRoot: string;
  timeoutMs?: number;
}

export type GitStep = "fetch" | "write" | "commit" | "push" | "verify";

function git(cwd: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "/bin/false", LC_ALL: "C", ...env } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`git ${args[0]}: ${(stderr || err.message).trim().split("\n").slice(-3).join(" ")}`));
        else resolve(stdout.trim());
      },
    );
  });
}

/** A relative path inside the repository: no absolute paths, no "..", no .git. */
export function safeRepoPath(p: string): string | null {
  const norm = path.posix.normalize(p.replace(/\\/g, "/"));
  if (!norm || norm.startsWith("/") || norm === "." || norm.split("/").some((s) => s === ".." || s === ".git" || s === "")) return null;
  return norm;
}

export async function pushToGit(
  target: GitTarget,
  file: { path: string; content: string },
  commit: { message: string; authorName: string; authorEmail: string },
  opts: { now?: () => number } = {},
): Promise<PushResult<GitStep> & { commit?: string }> {
  const { step, done } = pushSteps<GitStep>(opts);
  const t = target.timeoutMs ?? 30_000;
  const rel = safeRepoPath(file.path);
  if (!rel) return done("failed", `not pushed: "${file.path}" is not a path inside the repository`);
  const work = path.join(target.workRoot, createHash("sha256").update(`${target.remote}\n${target.branch}`).digest("hex").slice(0, 16));
  const env = { GIT_AUTHOR_NAME: commit.authorName, GIT_AUTHOR_EMAIL: commit.authorEmail, GIT_COMMITTER_NAME: "Perfops Console", GIT_COMMITTER_EMAIL: commit.authorEmail };
  const remoteHead = async () => (await git(work, ["ls-remote", "origin", `refs/heads/${target.branch}`], t)).split(/\s/)[0] ?? "";
  try {
    await step(
      "fetch",
      async () => {
        await mkdir(work, { recursive: true });
        await git(work, ["init", "-q"], t);
        await git(work, ["remote", "remove", "origin"], t).catch(() => "");
        await git(work, ["remote", "add", "origin", target.remote], t);
        const head = await remoteHead();
        if (head) {
          await git(work, ["fetch", "-q", "origin", target.branch], t);
          await git(work, ["checkout", "-q", "-B", target.branch, "FETCH_HEAD"], t);
          await git(work, ["reset", "-q", "--hard", "FETCH_HEAD"], t);
          await git(work, ["clean", "-q", "-fdx"], t);
        } else await git(work, ["checkout", "-q", "--orphan", target.branch], t).catch(() => git(work, ["checkout", "-q", "-B", target.branch], t));
        return head;
      },
      (head) => (head ? `${target.branch} at ${head.slice(0, 12)}` : `${target.branch} does not exist yet: it will be created`),
    );
  } catch (err) {
    return done("failed", `not pushed, nothing changed: ${(err as Error).message}`);
  }
  try {
    const unchanged = await step(
      "write",
      async () => {
        // a clone made at run time: nothing for the build's file tracing to follow
        const abs = path.join(/* turbopackIgnore: true */ work, rel);
        const before = await readFile(/* turbopackIgnore: true */ abs, "utf8").catch(() => null);
        await mkdir(path.dirname(abs), { recursive: true });
        await writeFile(abs, file.content);
        return before === file.content;
      },
      (same) => (same ? `${rel} already holds this content` : `wrote ${rel}`),
    );
    if (unchanged) return done("ok", `${rel} on ${target.branch} already holds this version: nothing to commit`);
    const sha = await step(
      "commit",
      async () => {
        await git(work, ["add", "--", rel], t);
        await git(work, ["-c", "commit.gpgsign=false", "commit", "-q", "-m", commit.message], t, env);
        return git(work, ["rev-parse", "HEAD"], t);
      },
      (s) => `commit ${s.slice(0, 12)} by ${commit.authorEmail}`,
    );
    let pushed = sha;
    await step(
      "push",
      async () => {
        try {
          await git(work, ["push", "-q", "origin", `HEAD:refs/heads/${target.branch}`], t);
          return "fast-forward";
        } catch (err) {
          if (!/non-fast-forward|fetch first|rejected/i.test((err as Error).message)) throw err;
          // someone pushed meanwhile: put this commit on top of theirs, once
          await git(work, ["fetch", "-q", "origin", target.branch], t);
          try {
            await git(work, ["-c", "commit.gpgsign=false", "rebase", "-q", "FETCH_HEAD"], t, env);
          } catch {
            await git(work, ["rebase", "--abort"], t).catch(() => "");
            throw new Error(`the remote ${target.branch} moved and changed ${rel} too: refused; open the new version, merge by hand and push again`);
          }
          pushed = await git(work, ["rev-parse", "HEAD"], t);
          await git(work, ["push", "-q", "origin", `HEAD:refs/heads/${target.branch}`], t);
          return "rebased on the remote's newer commits and pushed";
        }
      },
      (how) => how,
    );
    await step(
      "verify",
      async () => {
        const head = await remoteHead();
        if (head !== pushed) {
          // someone may have pushed on top already: the commit must be in the branch's history
          await git(work, ["fetch", "-q", "origin", target.branch], t);
          await git(work, ["merge-base", "--is-ancestor", pushed, "FETCH_HEAD"], t).catch(() => {
            throw new Error(`the remote ${target.branch} (${head.slice(0, 12)}) does not contain the pushed ${pushed.slice(0, 12)}`);
          });
        }
        return head;
      },
      (h) => (h === pushed ? `${target.branch} is at ${h.slice(0, 12)}` : `${target.branch} contains ${pushed.slice(0, 12)} (now at ${h.slice(0, 12)})`),
    );
    return { ...done("ok", `committed ${rel} to ${target.branch} (${pushed.slice(0, 12)}) and pushed`), commit: pushed };
  } catch (err) {
    // nothing reached the remote: drop the local work tree so the next push starts clean
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
    return done("failed", `not pushed: ${(err as Error).message}`);
  }
}
