import { spawnSync } from "node:child_process";
import pg from "pg";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { buildIfStale, startConsoleServer } from "./stack/console";
import { stopAll } from "./stack/procs";
import { ensureGoServer, prebuildGoServers } from "./stack/go-servers";
import { serversFor, startStack, type ServerFlavor, type Stack } from "./stack/stack";
import { ensurePackages } from "./stack/system-packages";
import { startAutoscalingSyncProcess } from "./stack/autoscaling-sync";
import { kubeEnv, seedReference, startKube, type KubeServer } from "./stack/kube";
import { failuresIn, type Failure } from "./stack/failures";

/**
 * `npm test`: every test, with the real services it needs.
 *   1. typecheck, lint, unit tests (no services)
 *   2. a real PostgreSQL (embedded), a real Kubernetes API server (etcd + kube-apiserver
 *      1.35, built from Go modules, cached), a bare Git repository, Prometheus with 48 h
 *      of simulator history, Alertmanager, Jaeger (2.12, built from Go modules, cached)
 *      with the simulator's live traces: first Prometheus 3.16 + Alertmanager 0.35 (built
 *      from Go modules, cached), then Debian's 2.42 + 0.25 (TEST_SERVERS=current or
 *      =debian for one pair). A fresh machine builds the Go servers while stage 1 runs.
 *   3. integration tests: all against the current pair, those that talk to Prometheus
 *      or Alertmanager against Debian's too
 *   4. next build; two consoles on one fresh database (one pointed at an unreachable
 *      Prometheus); Playwright in Debian's Chromium against the current pair
 * Everything it starts is stopped at the end, whatever happens. Pass stage names to
 * run a subset: `npm test -- unit`, `npm test -- integration e2e`.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
/** TEST_WORK_DIR lets two runs on one machine keep apart (each removes its own directory first). */
const WORK = process.env.TEST_WORK_DIR ? path.resolve(process.env.TEST_WORK_DIR) : path.join(ROOT, ".data", "test");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const log = (l: string) => console.log(`\n[test] ${l}`);
const STAGES = ["typecheck", "lint", "unit", "integration", "e2e"] as const;
type Stage = (typeof STAGES)[number];

const results: { stage: string; ok: boolean; seconds: number; failures: Failure[] }[] = [];
let reports = 0;

/** Runs one stage; a test runner's stage also writes a JSON report whose failures the summary lists. */
function run(stage: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  const runner = path.basename(cmd);
  const report = runner === "vitest" || runner === "playwright" ? path.join(ROOT, ".data", "reports", `${++reports}-${runner}.json`) : undefined;
  if (report) {
    mkdirSync(path.dirname(report), { recursive: true });
    rmSync(report, { force: true });
    args = runner === "vitest" ? [...args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`] : [...args, "--reporter=list,json"];
  }
  log(`${stage}: ${runner} ${args.join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env, ...(report ? { PLAYWRIGHT_JSON_OUTPUT_NAME: report } : {}) } });
  const ok = r.status === 0;
  const failures = !ok && report ? failuresIn(report, runner as "vitest" | "playwright", ROOT) : [];
  results.push({ stage, ok, seconds: (Date.now() - t0) / 1000, failures });
  return ok;
}

/** The integration tests that talk to Prometheus or Alertmanager, run against every pair; the rest (auth, database, Kubernetes, profiles, traces) do not change with their versions. */
const INTEGRATION_ON_EVERY_PAIR = ["dashboard", "faults", "prometheus", "restarts", "reviews", "rule-push", "rule-store", "rules-check", "slo", "sloth"].map((n) => `test/integration/${n}.test.ts`);

const E2E_SPECS_ON_EVERY_PAIR = ["admin", "dashboard", "explore", "overview", "prometheus-down", "replicas", "rules"].map((n) => `e2e/${n}.spec.ts`);

/** An empty bare Git repository at `dir` (real git), for pushes to Git. */
function bareRepository(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  const r = spawnSync("git", ["init", "-q", "--bare", "-b", "main", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git init --bare ${dir}: ${r.stderr}`);
  return dir;
}

/** A new database in the same PostgreSQL cluster (so two stacks never share rows). */
async function createDatabase(url: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** next build (when stale), two consoles (one pointed at an unreachable Prometheus), Playwright. */
async function e2e(stage: string, services: Record<string, string>, dataDir: string, specs: string[]): Promise<boolean> {
  buildIfStale(log);
  mkdirSync(dataDir, { recursive: true });
  const admin = { INITIAL_ADMIN_EMAIL: "admin@example.com", INITIAL_ADMIN_PASSWORD: "e2e-admin-password" };
  const common = { ...services, ...admin, DATA_DIR: dataDir, SESSION_SECRET: "e2e-session-secret-0123456789abcdefghij" };
  const [portA, portB] = [await freePort(), await freePort()];
  const [main, broken] = await Promise.all([
    startConsoleServer({ port: portA, env: { ...common, QUERY_TIMEOUT_MS: "4000" }, logFile: path.join(dataDir, "console.log") }),
    startConsoleServer({
      port: portB,
      env: { ...common, PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`, QUERY_TIMEOUT_MS: "3000" },
      logFile: path.join(dataDir, "console-broken-prometheus.log"),
    }),
  ]);
  try {
    return run(stage, bin("playwright"), ["test", ...specs], { ...services, ...admin, BASE_URL: main.url, BROKEN_PROMETHEUS_BASE_URL: broken.url });
  } finally {
    await Promise.all([main.proc.stop(), broken.proc.stop()]);
  }
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2).filter((a) => STAGES.includes(a as Stage)) as Stage[];
  const stages = new Set<Stage>(requested.length ? requested : STAGES);
  // e.g. `npm run test:e2e -- e2e/rules.spec.ts`: only those specs (or test files; `file:line` for one test)
  const only = process.argv.slice(2).filter((a) => /\.(spec|test)\.ts(:\d+)?$/.test(a));
  const needsServices = stages.has("integration") || stages.has("e2e");
  ensurePackages(stages.has("e2e") ? ["chromium", "poppler"] : [], log);

  // A fresh machine builds the Go servers (minutes): in child processes, one after the
  // other, while the static stages (single-threaded tsc and eslint) run.
  const prebuilt = needsServices ? prebuildGoServers((l) => console.log(`[build] ${l}`)) : Promise.resolve();
  let ok = true;
  if (stages.has("typecheck")) ok = run("typecheck", bin("tsc"), ["--noEmit"]) && ok;
  if (stages.has("lint")) ok = run("lint", bin("eslint"), [".", "--max-warnings=0"]) && ok;
  if (stages.has("unit")) ok = run("unit", bin("vitest"), ["run", "--project", "unit"]) && ok;
  if (!needsServices) return ok ? 0 : 1;
  await prebuilt;

  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  let db: EmbeddedPostgres | undefined;
  let kube: KubeServer | undefined;
  try {
    // Each pair of servers gets its own stack and database; the current pair runs
    // every suite, Debian's the integration tests and the e2e specs but the longest.
    const flavors = (process.env.TEST_SERVERS ?? "current,debian").split(",").map((f) => f.trim()) as ServerFlavor[];
    for (const [i, flavor] of flavors.entries()) {
      const servers = serversFor(flavor, (l) => console.log(`[stack] ${l}`));
      log(`${servers.title}: starting ${i === 0 ? "PostgreSQL, " : ""}Prometheus (48 h of history), Alertmanager and the simulator`);
      let stack: Stack;
      if (!db) {
        // one Kubernetes API server (etcd + kube-apiserver 1.35) serves every pair
        [db, stack, kube] = await Promise.all([
          startEmbeddedPostgres({ baseDir: path.join(WORK, "db"), log: (l) => console.log(`[postgres] ${l}`) }),
          startStack({ dir: path.join(WORK, `stack-${flavor}`), history: "48h", servers, log: (l) => console.log(`[stack] ${l}`) }),
          startKube(path.join(WORK, "kube"), (l) => console.log(`[kube] ${l}`)),
        ]);
      } else {
        stack = await startStack({ dir: path.join(WORK, `stack-${flavor}`), history: "48h", servers, log: (l) => console.log(`[stack] ${l}`) });
        // the reference objects as seeded, whatever the previous pair's tests changed
        if (kube) await seedReference(kube.client, (l) => console.log(`[kube] ${l}`));
      }
      // the cluster's HPAs and VPAs drive the simulator, and their status is written back
      const autoscalingSync = kube ? startAutoscalingSyncProcess({ simulatorUrl: stack.simulatorUrl, kubeEnv: kubeEnv(kube.plan), logFile: path.join(WORK, `autoscaling-sync-${flavor}.log`) }) : undefined;
      const databaseUrl = i === 0 ? db.url : await createDatabase(db.url, `perfops_${flavor}`);
      await migrate(databaseUrl);
      const label = flavors.length > 1 ? ` (${flavor === "current" ? "Prometheus 3.16" : "Prometheus 2.42"})` : "";
      const services = {
        PROMETHEUS_URL: stack.prometheusUrl,
        ALERTMANAGER_URL: stack.alertmanagerUrl,
        SIMULATOR_URL: stack.simulatorUrl,
        ...(stack.jaegerUrl ? { JAEGER_URL: stack.jaegerUrl } : {}),
        DATABASE_URL: databaseUrl,
        HISTORY_END: String(Math.floor(stack.historyEnd)),
        RULES_DIR: stack.rulesDir,
        PROMTOOL: servers.promtool,
        PROMETHEUS_BIN: servers.prometheus,
        ALERTMANAGER_BIN: servers.alertmanager,
        STACK_SERVERS: flavor,
        PROMETHEUS_PID: String(stack.prometheusPid()),
        JAEGER_PID: String(stack.jaegerPid()),
        SLOTH: ensureGoServer("sloth", (l) => console.log(`[stack] ${l}`)).sloth!,
        ...(kube ? { ...kubeEnv(kube.plan) } : {}),
        // a bare repository standing for the GitOps remote scaling profiles are committed to
        GITOPS_REMOTE: bareRepository(path.join(WORK, `gitops-${flavor}.git`)),
      };
      if (stages.has("integration")) {
        const files = only.filter((f) => f.startsWith("test/"));
        ok = run(`integration${label}`, bin("vitest"), ["run", "--project", "integration", ...(files.length || i === 0 ? files : INTEGRATION_ON_EVERY_PAIR)], services) && ok;
      }
      // the browser suite runs against the current servers; Debian's pair is held to the
      // integration tests (the browser sees only the console), for the CI budget. With
      // TEST_E2E_EVERY_PAIR=1 the older pair also runs the specs that touch its APIs most.
      if (stages.has("e2e") && (i === 0 || process.env.TEST_E2E_EVERY_PAIR === "1")) {
        const specs = only.filter((f) => f.startsWith("e2e/"));
        const subset = i === 0 || specs.length ? specs : E2E_SPECS_ON_EVERY_PAIR;
        // a fresh, unmigrated database: the two consoles start together and each runs the
        // migrations and the first-admin creation, as replicas would (e2e/replicas.spec.ts)
        const e2eServices = { ...services, DATABASE_URL: await createDatabase(db.url, `perfops_e2e_${flavor}`) };
        ok = (await e2e(`e2e${label}`, e2eServices, path.join(WORK, `console-${flavor}`), subset)) && ok;
      }
      await autoscalingSync?.stop();
      await stack.stop();
    }
  } finally {
    log("stopping every service this run started");
    await kube?.stop();
    await stopAll();
    await db?.stop();
  }
  return ok ? 0 : 1;
}

main()
  .then((code) => {
    console.log("\n[test] summary");
    for (const r of results) {
      console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.stage.padEnd(12)} ${r.seconds.toFixed(0)} s`);
      for (const f of r.failures.slice(0, 8)) console.log(`       ✗ ${f.test}\n         ${f.message}`);
      if (r.failures.length > 8) console.log(`       … and ${r.failures.length - 8} more`);
    }
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error(`\n[test] ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    await stopAll();
    process.exit(1);
  });
