import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../lib/db/embedded";
import { SERVICES } from "./simulator/catalog";
import { buildIfStale, startConsoleServer } from "./stack/console";
import { startAutoscalingSyncProcess } from "./stack/autoscaling-sync";
import { stopAll } from "./stack/procs";
import { kubeEnv, startKubeInBackground } from "./stack/kube";
import { startStack } from "./stack/stack";
import { ensurePackages } from "./stack/system-packages";

/**
 * `npm run demo`: the whole console on this machine in one command: the simulator
 * with 14 days of history, real Prometheus, Alertmanager and Jaeger, the embedded
 * PostgreSQL and the console. Ctrl-C stops everything it started.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const DATA = path.join(ROOT, ".data");
const DEMO_DIR = path.join(DATA, "demo");
const ADMIN = { email: "admin@example.com", password: "perfops-demo" };
const log = (l: string) => console.log(`[demo] ${l}`);

async function portFor(preferred: number): Promise<number> {
  const net = await import("node:net");
  const free = await new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(preferred, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping the console, Prometheus, Alertmanager, the simulator and PostgreSQL…");
  await stopAll();
  // The console stops its embedded PostgreSQL on exit; make sure of it.
  const pidFile = path.join(DATA, "postgres", "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    for (let i = 0; i < 50 && pid > 0; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      if (i === 0) process.kill(pid, "SIGINT");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  log("stopped.");
  process.exit(code);
}

async function main() {
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  mkdirSync(DEMO_DIR, { recursive: true });
  buildIfStale(log);
  // PDF export of reviews and reports renders in Debian's Chromium (lib/reviews/pdf.ts)
  try {
    ensurePackages(["chromium"], log);
  } catch (err) {
    log(`PDF export will say it needs Chromium: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  // Kubernetes (etcd + kube-apiserver) starts beside the stack; a first run builds it in the background
  const kube = await startKubeInBackground(path.join(DEMO_DIR, "kube"), (l) => log(`kubernetes: ${l}`));
  kube.ready.catch((err: unknown) => log(`Kubernetes could not be started; scaling profiles say so: ${err instanceof Error ? err.message : String(err)}`));
  // the GitOps remote scaling profiles are committed to: a bare repository kept across runs
  const gitops = path.join(DEMO_DIR, "gitops.git");
  if (!existsSync(gitops)) spawnSync("git", ["init", "-q", "--bare", "-b", "main", gitops]);
  const stack = await startStack({ dir: DEMO_DIR, history: process.env.DEMO_HISTORY ?? "14d", log, traces: "background" });
  // the cluster's HPAs and VPAs drive the simulator, and their status is written back
  void kube.ready.then(
    () => startAutoscalingSyncProcess({ simulatorUrl: stack.simulatorUrl, kubeEnv: kubeEnv(kube.plan), logFile: path.join(DEMO_DIR, "logs", "autoscaling-sync.log") }),
    () => undefined,
  );
  writeFileSync(
    path.join(DEMO_DIR, "stack.json"),
    JSON.stringify({ simulatorUrl: stack.simulatorUrl, prometheusUrl: stack.prometheusUrl, alertmanagerUrl: stack.alertmanagerUrl, jaegerUrl: stack.jaegerUrl }, null, 2),
  );
  const port = await portFor(Number(process.env.PORT ?? 3000));
  log("starting the console…");
  const { url } = await startConsoleServer({
    port,
    logFile: path.join(DEMO_DIR, "logs", "console.log"),
    env: {
      PROMETHEUS_URL: stack.prometheusUrl,
      ALERTMANAGER_URL: stack.alertmanagerUrl,
      ...(stack.jaegerUrl ? { JAEGER_URL: stack.jaegerUrl } : {}),
      RULES_DIR: stack.rulesDir,
      PROMTOOL: stack.servers.promtool,
      DEMO_SEED_SLOS: SERVICES.map((s) => s.name).join(","),
      // the reference roadmap (lib/roadmap/reference.ts), inserted at start-up when the table is empty
      DEMO_SEED_ROADMAP: "1",
      ...kubeEnv(kube.plan),
      GITOPS_REMOTE: gitops,
      DATA_DIR: DATA,
      INITIAL_ADMIN_EMAIL: ADMIN.email,
      INITIAL_ADMIN_PASSWORD: ADMIN.password,
      DATABASE_URL: "",
    },
  });
  console.log(`
  Perfops Console is running: ${url}
    sign in as ${ADMIN.email} / ${ADMIN.password}

  Prometheus    ${stack.prometheusUrl}
  Alertmanager  ${stack.alertmanagerUrl}
  Jaeger        ${stack.jaegerUrl ?? `not running: ${stack.tracesMissing}`}
  Kubernetes    ${kube.plan.url} (kube-apiserver 1.35; scaling profiles at /profiles)
  GitOps repo   ${gitops}   (git --git-dir ${gitops} log main)
  Simulator     ${stack.simulatorUrl}   (logs in .data/demo/logs)

  Inject an incident:  npm run incident -- errors order-service 5m
                       npm run incident -- latency|outage|slow-db <service> [duration] [magnitude]
  Press Ctrl-C to stop everything.
`);
}

main().catch(async (err: unknown) => {
  console.error(`[demo] ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
