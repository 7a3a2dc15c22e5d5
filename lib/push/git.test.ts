import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pushToGit, safeRepoPath } from "./git";

// real git: a bare repository as the remote, and a second clone as "someone else"
const root = mkdtempSync(path.join(tmpdir(), "perfops-git-"));
const remote = path.join(root, "gitops.git");
execFileSync("git", ["init", "-q", "--bare", "-b", "main", remote]);
const target = { remote, branch: "main", workRoot: path.join(root, "work") };
const who = { authorName: "Ada Editor", authorEmail: "ada@example.com" };
const show = (ref: string) => execFileSync("git", ["--git-dir", remote, "show", ref], { encoding: "utf8" });
const log = () => execFileSync("git", ["--git-dir", remote, "log", "--format=%an <%ae>|%s", "main"], { encoding: "utf8" }).trim().split("\n");

/**
 * Someone else pushes between the console's fetch and its push: a pre-push hook in
 * the console's work tree (it runs once, then removes itself) commits to the remote
 * from another clone, so the console's push meets a non-fast-forward.
 */
function raceOnNextPush(file: string, content: string) {
  const work = path.join(target.workRoot, createHash("sha256").update(`${remote}\nmain`).digest("hex").slice(0, 16));
  const other = path.join(root, `other-${Math.random().toString(36).slice(2)}`);
  const hook = path.join(work, ".git", "hooks", "pre-push");
  mkdirSync(path.dirname(hook), { recursive: true });
  writeFileSync(
    hook,
    `#!/bin/sh\nrm -f "$0"\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\ngit clone -q "${remote}" "${other}" && cd "${other}" && mkdir -p "$(dirname '${file}')" && printf '%s' '${content}' > '${file}' && git add . && git -c user.name=Bob -c user.email=bob@example.com commit -qm 'bob was here' && git push -q origin HEAD:main\n`,
  );
  chmodSync(hook, 0o755);
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("pushing a document to Git", () => {
  it("creates the branch with the first commit, authored by the console user", async () => {
    const r = await pushToGit(target, { path: "shop/hpa/order-service.yaml", content: "maxReplicas: 20\n" }, { message: "order-service: v1", ...who });
    expect(r.outcome).toBe("ok");
    expect(r.steps.map((s) => s.step)).toEqual(["fetch", "write", "commit", "push", "verify"]);
    expect(show("main:shop/hpa/order-service.yaml")).toBe("maxReplicas: 20\n");
    expect(log()).toEqual(["Ada Editor <ada@example.com>|order-service: v1"]);
  });

  it("commits nothing when the file already holds the version", async () => {
    const r = await pushToGit(target, { path: "shop/hpa/order-service.yaml", content: "maxReplicas: 20\n" }, { message: "again", ...who });
    expect(r).toMatchObject({ outcome: "ok", message: expect.stringMatching(/nothing to commit/) });
    expect(log()).toHaveLength(1);
  });

  it("rebases on a remote that moved meanwhile (another file) and pushes", async () => {
    raceOnNextPush("shop/vpa/catalog-service.yaml", "updateMode: Off");
    const r = await pushToGit(target, { path: "shop/hpa/order-service.yaml", content: "maxReplicas: 25\n" }, { message: "order-service: v2", ...who });
    expect(r.outcome).toBe("ok");
    expect(r.steps.find((s) => s.step === "push")?.detail).toMatch(/rebased/);
    expect(log().map((l) => l.split("|")[1])).toEqual(["order-service: v2", "bob was here", "order-service: v1"]);
    expect(show("main:shop/vpa/catalog-service.yaml")).toBe("updateMode: Off");
  });

  it("refuses when the remote changed the same file meanwhile, and leaves the remote as the other writer left it", async () => {
    raceOnNextPush("shop/hpa/order-service.yaml", "maxReplicas: 30");
    const r = await pushToGit(target, { path: "shop/hpa/order-service.yaml", content: "maxReplicas: 40\n" }, { message: "order-service: v3", ...who });
    expect(r.outcome).toBe("failed");
    expect(r.message).toMatch(/changed shop\/hpa\/order-service.yaml too: refused/);
    expect(log()[0]).toBe("Bob <bob@example.com>|bob was here");
    expect(show("main:shop/hpa/order-service.yaml")).toBe("maxReplicas: 30");
    // and the next push starts from the remote's state
    const again = await pushToGit(target, { path: "shop/hpa/order-service.yaml", content: "maxReplicas: 40\n" }, { message: "order-service: v3 on top of bob's", ...who });
    expect(again.outcome).toBe("ok");
    expect(show("main:shop/hpa/order-service.yaml")).toBe("maxReplicas: 40\n");
  });

  it("refuses paths outside the repository and remotes it cannot reach", async () => {
    for (const p of ["../x.yaml", "/etc/passwd", ".git/config", "a/../../b", ""]) expect(safeRepoPath(p), p).toBeNull();
    expect((await pushToGit(target, { path: "../escape.yaml", content: "x" }, { message: "m", ...who })).outcome).toBe("failed");
    const gone = await pushToGit({ ...target, remote: path.join(root, "missing.git") }, { path: "a.yaml", content: "x" }, { message: "m", ...who });
    expect(gone).toMatchObject({ outcome: "failed", message: expect.stringMatching(/^not pushed, nothing changed: git ls-remote/) });
  });
});
