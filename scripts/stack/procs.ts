import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync, existsSync } from "node:fs";

/** Child processes of the local stack: logged to files, stopped together, never left behind. */

export interface Proc {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

const running = new Set<Proc>();

/** Tracks a child: stop() sends SIGTERM, then SIGKILL after `graceMs`. */
function track(name: string, child: ChildProcess, logFile: string, graceMs: number): Proc {
  const proc: Proc = {
    name,
    child,
    logFile,
    async stop() {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  child.once("exit", () => running.delete(proc));
  return proc;
}

export function startProcess(name: string, cmd: string, args: string[], opts: { logFile: string; env?: Record<string, string | undefined>; cwd?: string }): Proc {
  const out = openSync(opts.logFile, "a");
  const child = spawn(cmd, args, { stdio: ["ignore", out, out], env: (opts.env ?? process.env) as NodeJS.ProcessEnv, cwd: opts.cwd });
  return track(name, child, opts.logFile, 10_000);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].reverse().map((p) => p.stop()));
}

// A synchronous last resort: whatever exits this process, its children go too.
process.once("exit", () => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill("SIGKILL");
});

export function logTail(file: string, lines = 20): string {
  return existsSync(file) ? readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n") : "";
}

/** Polls an HTTP URL until it answers 2xx, the process dies, or the time runs out. */
export async function waitForHttp(url: string, proc: Proc | undefined, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it was ready. Log:\n${logTail(proc.logFile)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${proc?.name ?? url} was not ready within ${timeoutMs / 1000}s${proc ? `. Log:\n${logTail(proc.logFile)}` : ""}`);
}

/** Starts a process that prints one JSON line when ready (the simulator) and returns that line. */
export function startWithReadyLine(name: string, cmd: string, args: string[], logFile: string, timeoutMs: number): Promise<{ proc: Proc; ready: Record<string, unknown> }> {
  const errOut = openSync(logFile, "a");
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", errOut] });
  const proc = track(name, child, logFile, 5_000);
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not report ready within ${timeoutMs / 1000}s. Log:\n${logTail(logFile)}`)), timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      buf += chunk.toString();
      const nl = buf.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        try {
          resolve({ proc, ready: JSON.parse(buf.slice(0, nl)) as Record<string, unknown> });
        } catch {
          reject(new Error(`${name} printed something other than its ready line: ${buf.slice(0, 200)}`));
        }
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready. Log:\n${logTail(logFile)}`));
    });
  });
}
