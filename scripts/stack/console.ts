import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { startProcess, waitForHttp, type Proc } from "./procs";

/** Building and starting the console (`next build`, `next start`) for the demo and the tests. */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SOURCES = ["app", "components", "lib", "public", "next.config.ts", "package.json", "instrumentation.ts", "tsconfig.json"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newestMtime(path.join(p, name))), st.mtimeMs);
}

/** Runs `next build` unless .next is newer than every source file. */
export function buildIfStale(log: (l: string) => void, force = false): void {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  if (!force && built > changed) return;
  log("building the console (next build, about a minute)…");
  execFileSync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

export async function startConsoleServer(opts: { port: number; env: Record<string, string>; logFile: string }): Promise<{ proc: Proc; url: string }> {
  const url = `http://127.0.0.1:${opts.port}`;
  const proc = startProcess("next-server", path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    logFile: opts.logFile,
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(opts.port), ...opts.env },
  });
  await waitForHttp(`${url}/login`, proc, 120_000);
  return { proc, url };
}
