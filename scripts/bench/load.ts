import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { sealData } from "iron-session";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { freePort, startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import { SERVICES } from "../simulator/catalog";
import { buildIfStale, startConsoleServer } from "../stack/console";
import { stopAll } from "../stack/procs";
import { startStack } from "../stack/stack";

/**
 * `npm run bench:load`: many viewers on the demo at once, on loopback only, bounded in
 * time and count. Each virtual viewer holds a real session and, with 2–6 s between
 * steps, refreshes a service dashboard (the page's auto-refresh action), opens a
 * dashboard page (server-rendered, all panels), loads the SLO board or runs an Explore
 * query, as a browser would send them (Next.js server actions over HTTP). A one-viewer
 * phase comes first, to price one viewer's Prometheus queries.
 *
 * Prints: errors, p50/p95/p99 per kind of request, the console's RSS (its whole
 * process tree) at start, peak and end, and Prometheus queries per viewer-minute with
 * the ratio of 50 viewers' queries to one viewer's. Settings: BENCH_VIEWERS (50),
 * BENCH_DURATION seconds (600), BENCH_SOLO seconds (60), BENCH_HISTORY (2d).
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORK = path.join(ROOT, ".data", "bench-load");
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 600);
const SOLO = Number(process.env.BENCH_SOLO ?? 60);
const MAX_REQUESTS = 200_000;
const SECRET = "bench-load-session-secret-0123456789abcdef";
const log = (l: string) => console.log(`[bench:load] ${l}`);

type Kind = "dashboard refresh" | "dashboard page" | "slo board" | "explore query";
const KINDS: [Kind, number][] = [["dashboard refresh", 0.6], ["dashboard page", 0.15], ["slo board", 0.15], ["explore query", 0.1]];
const QUERIES = [
  "sum by (service) (rate(http_requests_total[5m]))",
  'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="order-service"}[5m])))',
  'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
  "avg by (service) (active_connections)",
];

/** A small deterministic PRNG, so runs are comparable. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function actionIds(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next", "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName: string; filename: string }> };
  const ids: Record<string, string> = {};
  for (const [id, v] of Object.entries(manifest.node)) ids[`${v.filename}#${v.exportedName}`] = id;
  return ids;
}

/** RSS of a process and all its descendants, in MiB. */
function treeRssMiB(pid: number): number {
  const kids = (p: number): number[] => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
    stack.push(...kids(p));
  }
  return total / 1024;
}

async function prometheusQueries(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^prometheus_http_requests_total\{[^}]*handler="\/api\/v1\/(query|query_range|query_exemplars|series|labels|label\/:name\/values)"[^}]*\} (\d+)/gm)) n += Number(m[2]);
  return n;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const history = process.env.BENCH_HISTORY ?? "2d";
  const [db, stack] = await Promise.all([
    startEmbeddedPostgres({ baseDir: path.join(WORK, "db"), log: () => undefined }),
    startStack({ dir: path.join(WORK, "stack"), history, log }),
  ]);
  await migrate(db.url);
  buildIfStale(log);
  const ids = actionIds();
  const need = (k: string): string => {
    if (!ids[k]) throw new Error(`no server action ${k} in the build`);
    return ids[k];
  };
  const action = {
    dashboard: need("app/actions/dashboard.ts#getDashboard"),
    slo: need("app/actions/slo.ts#sloBoardAction"),
    explore: need("app/actions/explore.ts#runExploreQuery"),
  };
  const port = await freePort();
  const { proc, url } = await startConsoleServer({
    port,
    logFile: path.join(WORK, "console.log"),
    env: {
      PROMETHEUS_URL: stack.prometheusUrl,
      ALERTMANAGER_URL: stack.alertmanagerUrl,
      RULES_DIR: stack.rulesDir,
      PROMTOOL: stack.servers.promtool,
      DATABASE_URL: db.url,
      DATA_DIR: path.join(WORK, "console"),
      SESSION_SECRET: SECRET,
      DEMO_SEED_SLOS: SERVICES.map((s) => s.name).join(","),
      INITIAL_ADMIN_EMAIL: "admin@example.com",
      INITIAL_ADMIN_PASSWORD: "bench-admin-password",
    },
  });

  // one viewer account and session per virtual viewer
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  const cookies: string[] = [];
  for (let i = 0; i < VIEWERS; i++) {
    const user = await prisma.user.create({ data: { email: `viewer-${i}@bench.example`, name: `Viewer ${i}`, role: "VIEWER", passwordHash: "x" } });
    const sid = randomBytes(24).toString("base64url");
    await prisma.session.create({ data: { id: createHash("sha256").update(sid).digest("hex"), userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) } });
    cookies.push(`perfops_session=${await sealData({ sid }, { password: SECRET })}`);
  }
  await prisma.$disconnect();

  const latencies = new Map<Kind, number[]>(KINDS.map(([k]) => [k, []]));
  const errors: string[] = [];
  let requests = 0;

  async function step(kind: Kind, cookie: string, r: () => number, viewer: number): Promise<void> {
    const service = SERVICES[Math.floor(r() * SERVICES.length)]!.name;
    const post = (id: string, args: unknown) =>
      fetch(url, { method: "POST", headers: { "next-action": id, cookie, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, body: JSON.stringify([args]) });
    const t0 = performance.now();
    let res: Response;
    if (kind === "dashboard page") res = await fetch(`${url}/services/${service}?range=1h`, { headers: { cookie } });
    else if (kind === "dashboard refresh") {
      res = await post(action.dashboard, { service, range: { kind: "relative", preset: "1h" }, widthPx: 700, compare: false, viewId: `v${viewer}` });
    } else if (kind === "slo board") res = await post(action.slo, {});
    else res = await post(action.explore, { query: QUERIES[Math.floor(r() * QUERIES.length)], mode: "range", range: { kind: "relative", preset: "6h" }, widthPx: 800 });
    const body = await res.text();
    const ms = performance.now() - t0;
    requests++;
    if (res.status !== 200) errors.push(`${kind}: HTTP ${res.status}`);
    else if (kind !== "dashboard page" && !body.includes('"ok":true')) errors.push(`${kind}: ${body.slice(0, 200)}`);
    else if (kind === "dashboard page" && !body.includes("panel")) errors.push(`${kind}: the page has no panels`);
    latencies.get(kind)!.push(ms);
  }

  async function viewerLoop(viewer: number, until: number) {
    const r = rng(viewer + 1);
    while (Date.now() < until && requests < MAX_REQUESTS) {
      let x = r();
      const kind = KINDS.find(([, w]) => (x -= w) < 0)?.[0] ?? "dashboard refresh";
      try {
        await step(kind, cookies[viewer]!, r, viewer);
      } catch (err) {
        errors.push(`${kind}: ${(err as Error).message}`);
      }
      await new Promise((res) => setTimeout(res, 2000 + r() * 4000));
    }
  }

  // phase 1: one viewer prices one viewer's queries
  log(`one viewer for ${SOLO} s…`);
  const q0 = await prometheusQueries(stack.prometheusUrl);
  await viewerLoop(0, Date.now() + SOLO * 1000);
  const soloPerMin = ((await prometheusQueries(stack.prometheusUrl)) - q0) / (SOLO / 60);
  errors.length = 0;
  requests = 0;
  for (const list of latencies.values()) list.length = 0;

  // phase 2: everyone
  log(`${VIEWERS} viewers for ${DURATION} s…`);
  const rssStart = treeRssMiB(proc.child.pid!);
  let rssPeak = rssStart;
  const samples: string[] = [];
  const sample = async () => {
    const rss = treeRssMiB(proc.child.pid!);
    rssPeak = Math.max(rssPeak, rss);
    const text = await (await fetch(`${url}/api/metrics`)).text().catch(() => "");
    const metric = (name: string) => Number(new RegExp(`^${name} ([\\d.e+]+)$`, "m").exec(text)?.[1] ?? NaN) / 1024 / 1024;
    samples.push(`${((Date.now() - t0) / 60_000).toFixed(0).padStart(2)} min: RSS ${rss.toFixed(0)} MiB, JS heap used ${metric("perfops_nodejs_heap_size_used_bytes").toFixed(0)} MiB, query cache ${metric("perfops_query_cache_bytes").toFixed(0)} MiB`);
  };
  const sampler = setInterval(() => void sample(), 60_000);
  const q1 = await prometheusQueries(stack.prometheusUrl);
  const t0 = Date.now();
  await sample();
  await Promise.all(Array.from({ length: VIEWERS }, (_, v) => new Promise((r) => setTimeout(r, (v * 4000) / VIEWERS)).then(() => viewerLoop(v, t0 + DURATION * 1000))));
  const minutes = (Date.now() - t0) / 60_000;
  const queries = (await prometheusQueries(stack.prometheusUrl)) - q1;
  clearInterval(sampler);
  await sample();
  const rssEnd = treeRssMiB(proc.child.pid!);

  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  console.log(`\n== bench:load: ${VIEWERS} viewers, ${minutes.toFixed(1)} min, Prometheus ${stack.servers.title}, history ${history} ==`);
  console.log(`requests ${all.length}, errors ${errors.length}${errors.length ? ` (first: ${errors.slice(0, 3).join(" | ")})` : ""}`);
  for (const [kind, list] of latencies) {
    const s = [...list].sort((a, b) => a - b);
    console.log(`${kind.padEnd(18)} n=${String(s.length).padStart(5)}  p50 ${pct(s, 50).toFixed(0)} ms  p95 ${pct(s, 95).toFixed(0)} ms  p99 ${pct(s, 99).toFixed(0)} ms`);
  }
  console.log(`${"all".padEnd(18)} n=${String(all.length).padStart(5)}  p50 ${pct(all, 50).toFixed(0)} ms  p95 ${pct(all, 95).toFixed(0)} ms  p99 ${pct(all, 99).toFixed(0)} ms`);
  console.log(`console RSS: start ${rssStart.toFixed(0)} MiB, peak ${rssPeak.toFixed(0)} MiB, end ${rssEnd.toFixed(0)} MiB (end/start ${(rssEnd / rssStart).toFixed(2)})`);
  for (const line of samples) console.log(`  ${line}`);
  const perViewerMin = queries / VIEWERS / minutes;
  console.log(`Prometheus queries: ${(queries / minutes).toFixed(0)}/min for ${VIEWERS} viewers = ${perViewerMin.toFixed(1)} per viewer-minute; one viewer alone: ${soloPerMin.toFixed(1)}/min`);
  console.log(`ratio: ${VIEWERS} viewers cost ${(queries / minutes / soloPerMin).toFixed(1)}× one viewer's queries (${VIEWERS}× without sharing)`);
  await stopAll();
  await db.stop();
  process.exit(errors.length ? 1 : 0);
}

main().catch(async (err: unknown) => {
  console.error(`[bench:load] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await stopAll();
  process.exit(1);
});
