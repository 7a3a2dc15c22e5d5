import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { freePort, startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import { controllerSpecOf, metricPlans } from "../../lib/scaling/hpa-spec";
import { demandQuery, replicasQuery } from "../../lib/scaling/queries";
import { replayHpa } from "../../lib/scaling/replay";
import { REFERENCE_HPA_SPEC } from "../simulator/catalog";
import { buildIfStale, startConsoleServer } from "../stack/console";
import { kubeEnv, startKube } from "../stack/kube";
import { stopAll } from "../stack/procs";
import { startStack } from "../stack/stack";
import { ensurePackages } from "../stack/system-packages";
import { launchBenchChromium, signIn } from "./browser";

/**
 * Scaling-profile benchmark (not a test): `npm run bench:scaling [-- --history 14d]`.
 * Starts the stack with 14 days of history, the kube-apiserver and the console
 * (`next build`), and prints, medians of 5:
 *  (s1) the replay of 14 days at 15 s (80,640 syncs) of the reference HPA and an
 *       edited one, server time: the replay itself, and ÷ the 1 s goal
 *  (s2) reading that history: the console's range queries (10,000-step pieces, 4 at
 *       a time) ÷ the same queries sent to Prometheus directly one piece per query
 *  (s3) in Chromium: from opening order-service's profile to the 14-day replay drawn
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORK = path.join(ROOT, ".data", "bench-scaling");
const ADMIN = { email: "bench@example.com", password: "bench-password-1" };
const args = process.argv.slice(2);
const history = args.includes("--history") ? args[args.indexOf("--history") + 1]! : "14d";
const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (l: string) => console.log(`[bench] ${l}`);

async function rangeDirect(prom: string, query: string, start: number, end: number, step: number): Promise<number> {
  let points = 0;
  for (let s = start; s < end; s += 10_000 * step) {
    const res = await fetch(`${prom}/api/v1/query_range`, { method: "POST", body: new URLSearchParams({ query, start: String(s), end: String(Math.min(end, s + 10_000 * step) - step), step: String(step) }) });
    const body = (await res.json()) as { data: { result: { values: unknown[] }[] } };
    points += body.data.result.reduce((n, r) => n + r.values.length, 0);
  }
  return points;
}

async function main() {
  ensurePackages(["chromium"], log);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  buildIfStale(log);
  const [db, stack, kube] = await Promise.all([
    startEmbeddedPostgres({ baseDir: path.join(WORK, "db"), log: () => undefined }),
    startStack({ dir: path.join(WORK, "stack"), history, log, traces: false }),
    startKube(path.join(WORK, "kube"), log),
  ]);
  let browser: Browser | undefined;
  try {
    await migrate(db.url);
    const w = { namespace: "shop", name: "order-service" };
    const step = 15;
    const end = Math.floor(Date.now() / 1000 / step) * step;
    const start = end - 14 * 86400;

    // ---- (s2) history: direct, the way the console cuts it ----
    // what the console reads for a replay: each metric's demand and the actual replicas
    const queries = [...new Set(metricPlans(REFERENCE_HPA_SPEC).map((p) => demandQuery(p, w)).filter((q): q is string => q !== null)), replicasQuery(w)];
    const direct: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      for (const q of queries) await rangeDirect(stack.prometheusUrl, q, start, end, step);
      direct.push(performance.now() - t0);
    }

    // ---- (s1) the replay itself, on arrays of the real length ----
    const demand = Float64Array.from({ length: (end - start) / step }, (_, i) => 300 + 250 * Math.sin((i * step * 2 * Math.PI) / 86400));
    const edited = { ...REFERENCE_HPA_SPEC, behavior: { ...REFERENCE_HPA_SPEC.behavior, scaleDown: { stabilizationWindowSeconds: 900, policies: [{ type: "Percent", value: 10, periodSeconds: 60 }] } } };
    const replay: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      for (const spec of [REFERENCE_HPA_SPEC, edited]) replayHpa(controllerSpecOf(spec), { start, step, metrics: [{ label: "cpu", target: 70, demand }, { label: "memory", target: 80, demand }, { label: "rps", target: 100, demand }], initialReplicas: 3 });
      replay.push(performance.now() - t0);
    }

    // ---- (s3) the console, in Chromium ----
    const { url: base } = await startConsoleServer({
      port: await freePort(),
      logFile: path.join(WORK, "console.log"),
      env: {
        PROMETHEUS_URL: stack.prometheusUrl,
        ALERTMANAGER_URL: stack.alertmanagerUrl,
        ...kubeEnv(kube.plan),
        DATABASE_URL: db.url,
        DATA_DIR: path.join(WORK, "console"),
        INITIAL_ADMIN_EMAIL: ADMIN.email,
        INITIAL_ADMIN_PASSWORD: ADMIN.password,
        SESSION_SECRET: "bench-session-secret-0123456789abcdefghij",
      },
    });
    browser = await launchBenchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, base, ADMIN);
    const drawn: number[] = [];
    const server: { load: number; replay: number }[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      await page.goto(`${base}/profiles/shop/HorizontalPodAutoscaler/order-service`);
      await page.getByRole("button", { name: "Replay 14d" }).click();
      const note = page.getByTestId("replay-result").locator("p.muted").first();
      await note.waitFor({ timeout: 120_000 });
      const t = performance.now() - t0;
      const m = /Loaded in ([\d.]+) s, replayed in (\d+) ms/.exec(await note.innerText());
      // the first run compiles the route's server code: not counted
      if (i > 0) {
        drawn.push(t);
        if (m) server.push({ load: Number(m[1]) * 1000, replay: Number(m[2]) });
      }
      log(`(s3) run ${i}: opened → 14-day replay drawn ${Math.round(t)} ms${m ? ` (server: history ${m[1]} s, replay ${m[2]} ms)` : ""}${i === 0 ? " (warm-up, not counted)" : ""}`);
    }

    const s1 = median(replay);
    const serverReplay = median(server.map((s) => s.replay));
    const serverLoad = median(server.map((s) => s.load));
    console.log(`
Scaling profiles (${history} of history, 14-day window at 15 s = ${demand.length} syncs, medians of ${RUNS})
  (s1) replay of two profiles (current and edited), in process: ${s1.toFixed(1)} ms; in the console: ${serverReplay.toFixed(0)} ms   ÷ 1 s goal = ${(serverReplay / 1000).toFixed(3)}
  (s2) reading the history: console ${serverLoad.toFixed(0)} ms ÷ Prometheus directly (${queries.length} queries × ${Math.ceil(demand.length / 10_000)} pieces, sequential) ${median(direct).toFixed(0)} ms = ${(serverLoad / median(direct)).toFixed(2)}
  (s3) opening order-service's profile → 14-day replay drawn in Chromium: ${median(drawn).toFixed(0)} ms
`);
  } finally {
    await browser?.close();
    await kube.stop();
    await stopAll();
    await db.stop();
  }
}

main().catch(async (err: unknown) => {
  console.error(err);
  await stopAll();
  process.exit(1);
});
