import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import path from "node:path";
import { freePort } from "../../lib/db/embedded";
import { parseDurationSeconds } from "../../lib/promql/time-range";
import { alertHistory } from "./alert-history";
import { SERVICES } from "../simulator/catalog";
import { KUBERNETES_TARGET } from "../simulator/model";
import { ensureGoServer } from "./go-servers";
import { ensurePackages } from "./system-packages";
import { buildJaeger, buildJaegerInBackground, jaegerPlan, jaegerPorts, startingStandIn, startJaeger } from "./jaeger";
import { logTail, startProcess, startWithReadyLine, stopAll, waitForHttp, type Proc } from "./procs";

/**
 * The local monitoring stack: the reference-system simulator, a real Prometheus
 * (history backfilled with promtool, then live scraping every 5 s, exemplars on,
 * lifecycle API on, rules directory), a real Alertmanager and a real Jaeger (the
 * simulator's live traces), all on free loopback ports. Used by `npm run demo` and by
 * the test harness.
 */

export interface Stack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  simulatorUrl: string;
  /** Jaeger's query service; undefined when Jaeger could not be had (see `tracesMissing`) */
  jaegerUrl?: string;
  tracesMissing?: string;
  /** unix seconds where the backfilled history ends and live scraping begins */
  historyEnd: number;
  rulesDir: string;
  dir: string;
  servers: Servers;
  /** pid of the running Prometheus (tests pause it to play a hung backend) */
  prometheusPid(): number;
  /** pid of the running Jaeger, -1 when none runs (yet) */
  jaegerPid(): number;
  procs: Proc[];
  stop(): Promise<void>;
}

/** Which Prometheus and Alertmanager run: Debian's (2.42 / 0.25) or the current ones built from Go modules (3.16 / 0.35). */
export type ServerFlavor = "debian" | "current";

export interface Servers {
  flavor: ServerFlavor;
  /** e.g. "Prometheus 3.16.0, Alertmanager 0.35.0" */
  title: string;
  prometheus: string;
  promtool: string;
  alertmanager: string;
}

export function serversFor(flavor: ServerFlavor, log: (l: string) => void): Servers {
  if (flavor === "debian") {
    ensurePackages(["prometheus", "alertmanager"], log);
    return { flavor, title: "Prometheus 2.42 and Alertmanager 0.25 (Debian)", prometheus: "prometheus", promtool: "promtool", alertmanager: "prometheus-alertmanager" };
  }
  const prom = ensureGoServer("prometheus", log);
  const am = ensureGoServer("alertmanager", log);
  return { flavor, title: "Prometheus 3.16 and Alertmanager 0.35", prometheus: prom.prometheus!, promtool: prom.promtool!, alertmanager: am.alertmanager! };
}

export interface StackOptions {
  /** default: Prometheus 3 and Alertmanager 0.35 built from Go modules (STACK_SERVERS=debian for Debian's) */
  servers?: Servers;
  /** working folder; Prometheus and Alertmanager data are recreated in it on each start */
  dir: string;
  /** "14d", "48h": backfilled history */
  history: string;
  log?: (line: string) => void;
  scrapeInterval?: string;
  /**
   * run Jaeger and send the simulator's traces to it (default true: build it first if
   * needed); "background": when it must be built, build it while everything else starts
   * (a stand-in says "Jaeger is starting" meanwhile) — the demo's quick first start
   */
  traces?: boolean | "background";
  /** head-sampling share of the simulator's traces (default 0.1, as the reference system) */
  traceSample?: number;
}

const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** the reference alert rules: copied into a new stack's rules directory, and evaluated over its history */
const REFERENCE_RULES = path.join(ROOT, "scripts", "stack", "performance.rules.yml");
const execFileAsync = promisify(execFile);

/** Waits until Prometheus answers a query at `time` (inside the imported history). */
async function waitForHistory(prometheusUrl: string, time: number, prom: Proc, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (prom.child.exitCode !== null) throw new Error(`Prometheus exited while loading the history. Log:\n${logTail(prom.logFile)}`);
    const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent("count(http_requests_total)")}&time=${time}`;
    const body = (await fetch(url).then((r) => r.json())) as { data?: { result?: unknown[] } };
    if ((body.data?.result?.length ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`Prometheus did not load the imported history within ${timeoutMs / 1000}s`);
}

/** Waits until the imported alert history answers (there is none when no episode fired). */
async function waitForAlertHistory(prometheusUrl: string, time: number, episodes: number, prom: Proc, timeoutMs = 60_000): Promise<void> {
  if (episodes === 0) return;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (prom.child.exitCode !== null) throw new Error(`Prometheus exited while loading the alert history. Log:\n${logTail(prom.logFile)}`);
    const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent("count(count_over_time(ALERTS[30d]))")}&time=${time}`;
    const body = (await fetch(url).then((r) => r.json())) as { data?: { result?: unknown[] } };
    if ((body.data?.result?.length ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Prometheus did not load the imported alert history within ${timeoutMs / 1000}s`);
}

export function prometheusConfig(simPort: number, alertmanagerPort: number, scrapeInterval: string): string {
  const jobs = [...SERVICES.map((s) => s.name), KUBERNETES_TARGET].map((target) => {
    const instance = target === KUBERNETES_TARGET ? "kube-state-metrics" : target;
    return `  - job_name: ${target}
    metrics_path: /metrics/${target}
    static_configs:
      - targets: ["127.0.0.1:${simPort}"]
    relabel_configs:
      - target_label: instance
        replacement: ${instance}`;
  });
  return `# Generated by scripts/stack/stack.ts for the local stack.
global:
  scrape_interval: ${scrapeInterval}
  evaluation_interval: 15s
  external_labels:
    stack: perfops-local
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["127.0.0.1:${alertmanagerPort}"]
rule_files:
  - rules/*.yml
scrape_configs:
${jobs.join("\n")}
`;
}

export const ALERTMANAGER_CONFIG = `# Generated by scripts/stack/stack.ts for the local stack.
route:
  receiver: console
  group_by: [alertname, service]
  group_wait: 5s
  group_interval: 30s
  repeat_interval: 4h
receivers:
  - name: console
`;

/** Prometheus's command line in the local stack (also used by tests that restart their own). */
export function prometheusArgs(o: { configFile: string; dataDir: string; port: number }): string[] {
  return [
    `--config.file=${o.configFile}`,
    `--storage.tsdb.path=${o.dataDir}`,
    "--storage.tsdb.retention.time=30d",
    `--web.listen-address=127.0.0.1:${o.port}`,
    `--web.external-url=http://127.0.0.1:${o.port}`,
    "--web.enable-lifecycle",
    "--web.enable-remote-write-receiver",
    "--enable-feature=exemplar-storage",
  ];
}

/** Alertmanager's command line in the local stack: no clustering, silences kept in `dataDir`. */
export function alertmanagerArgs(o: { configFile: string; dataDir: string; port: number }): string[] {
  return [
    `--config.file=${o.configFile}`,
    `--storage.path=${o.dataDir}`,
    `--web.listen-address=127.0.0.1:${o.port}`,
    `--web.external-url=http://127.0.0.1:${o.port}`,
    "--cluster.listen-address=",
  ];
}

/** Kills processes a killed earlier run left behind (recorded in pids.json). */
function stopLeftovers(dir: string, log: (l: string) => void) {
  const file = path.join(dir, "pids.json");
  if (!existsSync(file)) return;
  const pids = JSON.parse(readFileSync(file, "utf8")) as { pid: number; match: string }[];
  for (const { pid, match } of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(match)) {
        log(`stopping ${match} (pid ${pid}) left running by an earlier run`);
        process.kill(pid, "SIGKILL");
      }
    } catch {
      // gone already
    }
  }
  rmSync(file, { force: true });
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? ((l: string) => console.log(`[stack] ${l}`));
  const servers = opts.servers ?? serversFor(process.env.STACK_SERVERS === "debian" ? "debian" : "current", log);
  const dir = path.resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  stopLeftovers(dir, log);
  const promData = path.join(dir, "prometheus-data");
  const amData = path.join(dir, "alertmanager-data");
  const rulesDir = path.join(dir, "prometheus", "rules");
  rmSync(promData, { recursive: true, force: true });
  rmSync(amData, { recursive: true, force: true });
  // The reference system's alert rules, as an operator would have them on disk. Kept
  // across restarts of the demo: rules pushed from the console stay pushed.
  mkdirSync(rulesDir, { recursive: true });
  if (!readdirSync(rulesDir).some((f) => /\.ya?ml$/.test(f))) copyFileSync(REFERENCE_RULES, path.join(rulesDir, "performance.rules.yml"));
  mkdirSync(promData, { recursive: true });
  const logs = path.join(dir, "logs");
  mkdirSync(logs, { recursive: true });
  const historyFile = path.join(dir, "history.om");
  const procs: Proc[] = [];
  const recordPids = () =>
    writeFileSync(
      path.join(dir, "pids.json"),
      JSON.stringify(procs.map((p) => ({ pid: p.child.pid, match: p.name === "simulator" ? "simulator/main.ts" : p.name === "prometheus" ? servers.prometheus : p.name === "jaeger" ? "jaeger.yaml" : servers.alertmanager }))),
    );

  try {
    let jaeger: { url: string; otlpUrl: string } | undefined;
    let tracesMissing: string | undefined;
    const traces = opts.traces ?? true;
    if (traces) {
      const plan = jaegerPlan();
      if (plan.kind === "missing") {
        tracesMissing = plan.reason;
        log(`running without traces: ${tracesMissing}`);
      } else if (plan.kind === "build" && traces === "background") {
        const ports = await jaegerPorts();
        const standIn = await startingStandIn(ports.query);
        jaeger = { url: `http://127.0.0.1:${ports.query}`, otlpUrl: `http://127.0.0.1:${ports.otlp}` };
        log("building Jaeger from Go modules in the background (first run on this machine); the trace pages say so until it is up");
        void buildJaegerInBackground(log)
          .then(async (bin) => {
            await new Promise((r) => standIn.close(r));
            const started = await startJaeger(bin, dir, logs, ports);
            procs.push(started.proc);
            recordPids();
            log(`Jaeger is up: ${started.url}`);
          })
          .catch((err: unknown) => log(`Jaeger could not be built or started, running without traces: ${err instanceof Error ? err.message : String(err)}`));
      } else {
        const started = await startJaeger(plan.kind === "ready" ? plan.bin : buildJaeger(log), dir, logs);
        procs.push(started.proc);
        recordPids();
        jaeger = started;
      }
    }
    log(`simulating ${opts.history} of history for ${SERVICES.length} services…`);
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const sim = await startWithReadyLine(
      "simulator",
      tsx,
      [
        path.join(ROOT, "scripts", "simulator", "main.ts"),
        "--history",
        opts.history,
        "--history-file",
        historyFile,
        ...(jaeger ? ["--otlp", jaeger.otlpUrl, "--trace-sample", String(opts.traceSample ?? 0.1)] : []),
      ],
      path.join(logs, "simulator.log"),
      600_000,
    );
    procs.push(sim.proc);
    recordPids();
    const simPort = Number(sim.ready.port);
    const simulatorUrl = `http://127.0.0.1:${simPort}`;

    const [promPort, amPort] = [await freePort(), await freePort()];
    const promDir = path.join(dir, "prometheus");
    writeFileSync(path.join(promDir, "prometheus.yml"), prometheusConfig(simPort, amPort, opts.scrapeInterval ?? "5s"));
    const amConfig = path.join(dir, "alertmanager.yml");
    writeFileSync(amConfig, ALERTMANAGER_CONFIG);

    const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    const am = startProcess("alertmanager", servers.alertmanager, alertmanagerArgs({ configFile: amConfig, dataDir: amData, port: amPort }), {
      logFile: path.join(logs, "alertmanager.log"),
    });
    procs.push(am);
    const prometheusUrl = `http://127.0.0.1:${promPort}`;
    const startPrometheus = () =>
      startProcess("prometheus", servers.prometheus, prometheusArgs({ configFile: path.join(promDir, "prometheus.yml"), dataDir: promData, port: promPort }), {
        logFile: path.join(logs, "prometheus.log"),
      });
    let prom = startPrometheus();
    procs.push(prom);
    recordPids();
    await Promise.all([waitForHttp(`${prometheusUrl}/-/ready`, prom), waitForHttp(`${alertmanagerUrl}/-/ready`, am)]);

    // Prometheus already scrapes live data, so the seam between history and live is
    // only as wide as the history generation. Import the history beside it, move the
    // blocks in and restart Prometheus to load them at once (live samples are kept in
    // its WAL; a running Prometheus would take up to a minute to notice the blocks).
    log("importing the history into Prometheus (promtool tsdb create-blocks-from openmetrics)…");
    const t0 = Date.now();
    const importAndRestart = async (file: string) => {
      const staging = path.join(dir, "import-blocks");
      rmSync(staging, { recursive: true, force: true });
      await execFileAsync(servers.promtool, ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=54h", file, staging]);
      rmSync(file, { force: true });
      for (const block of readdirSync(staging)) renameSync(path.join(staging, block), path.join(promData, block));
      rmSync(staging, { recursive: true, force: true });
      await prom.stop();
      procs.splice(procs.indexOf(prom), 1);
      prom = startPrometheus();
      procs.push(prom);
      recordPids();
      await waitForHttp(`${prometheusUrl}/-/ready`, prom);
    };
    await importAndRestart(historyFile);
    const historyEnd = Number(sim.ready.historyEnd);
    await waitForHistory(prometheusUrl, historyEnd - 3600, prom);
    // the alerts the reference rules raised in the past (see alert-history.ts)
    const historySeconds = parseDurationSeconds(opts.history) ?? 0;
    const alertsFile = path.join(dir, "alert-history.om");
    const alerts = await alertHistory(prometheusUrl, [readFileSync(REFERENCE_RULES, "utf8")], Math.ceil((historyEnd - historySeconds) / 60) * 60 + 600, Math.floor(historyEnd / 60) * 60, 60);
    writeFileSync(alertsFile, alerts.text + "# EOF\n");
    await importAndRestart(alertsFile);
    await waitForAlertHistory(prometheusUrl, historyEnd, alerts.episodes, prom);
    log(`alert history: ${alerts.episodes} firing episodes of the reference rules`);
    log(`history imported and loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    log(`${servers.title}: Prometheus ${prometheusUrl}, Alertmanager ${alertmanagerUrl}, simulator ${simulatorUrl}${jaeger ? `, Jaeger ${jaeger.url}` : ""}`);
    return {
      prometheusUrl,
      alertmanagerUrl,
      simulatorUrl,
      jaegerUrl: jaeger?.url,
      tracesMissing,
      historyEnd,
      rulesDir,
      dir,
      servers,
      prometheusPid: () => prom.child.pid ?? -1,
      jaegerPid: () => procs.find((p) => p.name === "jaeger")?.child.pid ?? -1,
      procs,
      async stop() {
        await Promise.all(procs.map((p) => p.stop()));
        rmSync(path.join(dir, "pids.json"), { force: true });
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
