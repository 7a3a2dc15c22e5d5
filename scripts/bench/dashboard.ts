import { gzipSync } from "node:zlib";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { freePort, startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import { servicePanels } from "../../lib/dashboard/panels";
import { DATA_RESOLUTION, rateWindowSeconds } from "../../lib/promql/time-range";
import { buildIfStale, startConsoleServer } from "../stack/console";
import { stopAll } from "../stack/procs";
import { startStack } from "../stack/stack";
import { ensurePackages } from "../stack/system-packages";
import { launchBenchChromium, signIn } from "./browser";

/**
 * Dashboard benchmark (not a test): `npm run bench:dashboard [-- --history 14d]`
 * (run with node's `--conditions=react-server`, which the npm script passes, so that
 * server-only modules load outside Next.js).
 * Starts the demo stack (simulator history, Prometheus, Alertmanager, PostgreSQL,
 * the console) and prints four ratios:
 *  (a) console server time of a panel query (cache miss) ÷ the same query sent to Prometheus directly
 *  (b) time until every panel of a service dashboard is drawn in Chromium ÷ the slowest of its queries sent directly
 *  (c) queries Prometheus receives while 50 viewers auto-refresh the same dashboard for 2 minutes ÷ those for 1 viewer
 *  (d) JavaScript shipped to load a service dashboard (gzip), and whether the PromQL editor is split out of it
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORK = path.join(ROOT, ".data", "bench");
const SERVICE = "order-service";
const ADMIN = { email: "bench@example.com", password: "bench-password-1" };
const args = process.argv.slice(2);
const history = args[args.indexOf("--history") + 1] && args.includes("--history") ? args[args.indexOf("--history") + 1]! : "14d";
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 50);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 120);

interface HeldStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  databaseUrl: string;
  history: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (l: string) => console.log(`[bench] ${l}`);

/**
 * One query_range sent straight to Prometheus, as the console sends it: a form POST
 * asking for an uncompressed answer (the console's client sends no Accept-Encoding;
 * Node's fetch would ask for gzip, which costs Prometheus time on every answer).
 */
async function direct(prometheusUrl: string, query: string, start: number, end: number, step: number): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${prometheusUrl}/api/v1/query_range`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "accept-encoding": "identity" },
    body: new URLSearchParams({ query, start: String(start), end: String(end), step: String(step) }),
  });
  await res.json();
  return performance.now() - t0;
}

async function prometheusQueryCount(prometheusUrl: string): Promise<number> {
  const text = await fetch(`${prometheusUrl}/metrics`).then((r) => r.text());
  let n = 0;
  for (const line of text.split("\n")) {
    const m = /^prometheus_http_requests_total\{[^}]*handler="\/api\/v1\/(query|query_range|query_exemplars)"[^}]*\} (\d+)/.exec(line);
    if (m) n += Number(m[2]);
  }
  return n;
}


async function main() {
  ensurePackages(["prometheus", "alertmanager", "chromium"], log);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  buildIfStale(log);
  // BENCH_STACK: measure against a stack kept running by `npm run bench:stack`
  const reuse = process.env.BENCH_STACK ? (JSON.parse(readFileSync(process.env.BENCH_STACK, "utf8")) as HeldStack) : undefined;
  if (reuse) log(`using the running stack of ${process.env.BENCH_STACK} (${reuse.history} of history)`);
  const [db, stack] = reuse
    ? [{ url: reuse.databaseUrl, stop: async () => undefined }, { prometheusUrl: reuse.prometheusUrl, alertmanagerUrl: reuse.alertmanagerUrl }]
    : await Promise.all([
        startEmbeddedPostgres({ baseDir: path.join(WORK, "db"), log: () => undefined }),
        startStack({ dir: path.join(WORK, "stack"), history, log }),
      ]);
  let browser: Browser | undefined;
  try {
    await migrate(db.url);
    const { url: base } = await startConsoleServer({
      port: await freePort(),
      logFile: path.join(WORK, "console.log"),
      env: {
        PROMETHEUS_URL: stack.prometheusUrl,
        ALERTMANAGER_URL: stack.alertmanagerUrl,
        DATABASE_URL: db.url,
        DATA_DIR: path.join(WORK, "console"),
        INITIAL_ADMIN_EMAIL: ADMIN.email,
        INITIAL_ADMIN_PASSWORD: ADMIN.password,
        SESSION_SECRET: "bench-session-secret-0123456789abcdefghij",
        ...(process.env.BENCH_PROFILE ? { NODE_OPTIONS: `--import ${path.join(ROOT, "scripts", "bench", "cpu-profile.mjs")}`, BENCH_PROFILE_DIR: path.join(WORK, "profile") } : {}),
      },
    });
    browser = await launchBenchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, base, ADMIN);

    // ---- (b) time to draw every panel, cache miss (a range no one has asked for yet) ----
    const runsB: { ratio: number; drawn: number; interactive: number; slowest: number }[] = [];
    // Whether every panel shows its interactive chart (Recharts took over from the
    // static SVG), a heatmap shade or an error. A string, not a function: tsx would
    // add its __name helper, which the page lacks.
    const interactiveShown = `(() => {
      const grid = document.querySelector("[data-panels-drawn]");
      const n = Number(grid?.getAttribute("data-panels-drawn") ?? 0);
      if (n === 0) return false;
      const panels = [...grid.querySelectorAll(".panel")];
      return panels.length === n && panels.every((p) => p.querySelector(".recharts-line-curve, svg[aria-label='Latency heatmap'] path, [role=alert]") !== null);
    })()`;
    // When every panel was on screen. The page reports it itself, from a script
    // installed before its own code: a check in every animation frame (callbacks run
    // just before a frame is drawn) finds the first frame in which every panel shows
    // its chart (the static SVG painted with the HTML counts: it is what the operator
    // sees), a heatmap or an error. If that is the page's first frame, which is the
    // case when the HTML arrives whole, the time is that frame's presentation on
    // screen as the browser's paint timing reports it (first-contentful-paint, after
    // rasterisation: 35–55 ms after the main thread's paint here, software raster on
    // 2 cores). For a later frame the browser has no presentation time; the end of
    // its main-thread work is reported instead and the run is marked. Nothing polls
    // the page while it loads: a poll is script run on the page's main thread, and
    // the harness's first poll reached the page only after the page's scripts had run.
    await page.addInitScript(`(() => {
      if (!location.pathname.startsWith("/services/")) return;
      const shown = () => {
        const grid = document.querySelector("[data-panels-drawn]");
        const n = Number(grid?.getAttribute("data-panels-drawn") ?? 0);
        if (n === 0) return false;
        const panels = [...grid.querySelectorAll(".panel")];
        return panels.length === n && panels.every((p) => p.querySelector("svg[data-static-chart] path, .recharts-line-curve, svg[aria-label='Latency heatmap'] path, [role=alert]") !== null);
      };
      const report = (at, how) => console.debug("panels-painted-at " + (performance.timeOrigin + at) + " " + how);
      let frame = 0;
      const tick = () => {
        frame++;
        if (!shown()) return requestAnimationFrame(tick);
        if (frame === 1) {
          new PerformanceObserver((list, observer) => {
            const fcp = list.getEntries().find((e) => e.name === "first-contentful-paint");
            if (fcp) {
              observer.disconnect();
              report(fcp.startTime, "presented");
            }
          }).observe({ type: "paint", buffered: true });
        } else {
          scheduler.postTask(() => report(performance.now(), "main-thread"), { priority: "user-blocking" });
        }
      };
      requestAnimationFrame(tick);
    })()`);
    const allInteractive = () => page.waitForFunction(interactiveShown, undefined, { timeout: 120_000, polling: "raf" });
    // One untimed load first (a range none of the runs uses): the console server has
    // just started, and its first page render compiles and loads the route's code.
    // A console in use has long done that; the first timed run would otherwise count it.
    {
      const to = Math.floor(Date.now() / 1000) - 9 * 86400 - 7;
      await page.goto(`${base}/services/${SERVICE}?from=${new Date((to - 86400) * 1000).toISOString()}&to=${new Date(to * 1000).toISOString()}`);
      await allInteractive();
    }
    for (let i = 0; i < 5; i++) {
      const to = Math.floor(Date.now() / 1000) - 3600 * (i + 1) - 7;
      const from = to - 7 * 86400;
      const url = `${base}/services/${SERVICE}?from=${new Date(from * 1000).toISOString()}&to=${new Date(to * 1000).toISOString()}`;
      // each run starts from an empty page, so the previous run's page (its charts,
      // its teardown) does not count against this one
      await page.goto("about:blank");
      // the page reports the paint through its console (see the observer above)
      const painted = page.waitForEvent("console", { predicate: (m) => m.text().startsWith("panels-painted-at "), timeout: 120_000 });
      const t0 = performance.now();
      await page.goto(url, { waitUntil: "commit" });
      // both clocks are the machine's wall clock in ms (performance.timeOrigin + now)
      const [, at, how] = (await painted).text().split(" ");
      const drawn = Number(at) - (performance.timeOrigin + t0);
      const nav = (await page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])").then((j) => JSON.parse(String(j)))) as { responseStart: number; responseEnd: number; encodedBodySize: number; domContentLoadedEventEnd: number };
      log(`(b) run ${i + 1}: first byte ${Math.round(nav.responseStart)} ms, HTML complete ${Math.round(nav.responseEnd)} ms (${Math.round(nav.encodedBodySize / 1024)} KiB), DOMContentLoaded ${Math.round(nav.domContentLoadedEventEnd)} ms, drawn ${Math.round(drawn)} ms (${how === "presented" ? "presented on screen" : "main thread done; the panels came after the first frame"})`);
      await allInteractive();
      const interactive = performance.now() - t0;
      const grid = page.locator("[data-panels-drawn]");
      const step = Number(await grid.getAttribute("data-step"));
      const start = Number(await grid.getAttribute("data-start"));
      const end = Number(await grid.getAttribute("data-end"));
      const specs = servicePanels(SERVICE, rateWindowSeconds(step, DATA_RESOLUTION.scrapeSeconds), step);
      // the direct figure: all the panels' queries sent at once, as the console does;
      // the slowest of them, as the median of three such batches (a single batch
      // varied by ±20 % from one run to the next)
      const batches: number[] = [];
      for (let k = 0; k < 3; k++) {
        const times = await Promise.all(specs.flatMap((s) => s.queries.map((q) => direct(stack.prometheusUrl, q.expr, start, end, step))));
        batches.push(Math.max(...times));
      }
      const slowest = median(batches);
      log(`(b) run ${i + 1}: slowest direct query per batch ${batches.map((b) => Math.round(b)).join(", ")} ms`);
      runsB.push({ ratio: drawn / slowest, drawn, interactive, slowest });
    }
    log(`(b) runs (drawn / interactive / slowest direct query): ${runsB.map((r) => `${Math.round(r.drawn)}/${Math.round(r.interactive)}/${Math.round(r.slowest)} ms`).join(", ")}`);

    if (process.env.BENCH_ONLY === "b") {
      console.log(`(b) median ratio ${median(runsB.map((r) => r.ratio)).toFixed(2)}`);
      return;
    }

    // ---- (a) one panel query through the console's query layer vs direct, cache miss ----
    // Measured in this process through the console's own code path (query layer with a
    // cache miss, series conversion, downsampling), against the identical query_range.
    const { loadDashboard } = await import("../../lib/dashboard/load");
    const { resetConfigCache } = await import("../../lib/config");
    process.env.PROMETHEUS_URL = stack.prometheusUrl;
    process.env.DATABASE_URL = db.url;
    resetConfigCache();
    const { queryCache } = await import("../../lib/query/run");
    const ratiosA: number[] = [];
    const p95Spec = servicePanels(SERVICE, 240, 900).find((p) => p.id === "endpoint-p95")!;
    for (let i = -1; i < 7; i++) {
      queryCache().clear(); // measure cache misses
      const to = Math.floor(Date.now() / 1000) - 86400 - i * 977;
      const range = { kind: "absolute" as const, from: to - 7 * 86400, to };
      const t0 = performance.now();
      const data = await loadDashboard({ service: SERVICE, range, widthPx: 700, compare: false, only: [p95Spec.id] });
      const viaConsole = performance.now() - t0;
      const { start, end, step } = data.range;
      const spec = servicePanels(SERVICE, rateWindowSeconds(step, DATA_RESOLUTION.scrapeSeconds), step).find((p) => p.id === p95Spec.id)!;
      // the same query sent directly, before and after (both see the same warm page cache)
      const d2 = await direct(stack.prometheusUrl, spec.queries[0]!.expr, start, end, step);
      const d3 = await direct(stack.prometheusUrl, spec.queries[0]!.expr, start, end, step);
      if (i >= 0) ratiosA.push(viaConsole / ((d2 + d3) / 2)); // run -1 warms up the code path
    }

    log(`(a) runs: ${ratiosA.map((r) => r.toFixed(2)).join(" ")}`);

    // ---- (c) 50 viewers vs 1 viewer auto-refreshing the same dashboard ----
    const captured: { actionId: string; body: string; cookie: string } = { actionId: "", body: "", cookie: "" };
    page.on("request", (req) => {
      const id = req.headers()["next-action"];
      if (id && req.postData()?.includes('"viewId"')) {
        captured.actionId = id;
        captured.body = req.postData() ?? "";
      }
    });
    await page.goto(`${base}/services/${SERVICE}?range=1h`);
    await page.waitForFunction(() => Number(document.querySelector("[data-panels-drawn]")?.getAttribute("data-panels-drawn") ?? 0) > 0);
    // the first load came with the page; a refresh is what auto-refresh sends
    const sent = page.waitForRequest((r) => Boolean(r.headers()["next-action"]));
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await sent;
    captured.cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const step = Number(await page.locator("[data-panels-drawn]").getAttribute("data-step"));
    const interval = Math.max(10, step) * 1000; // the dashboard's auto-refresh: never faster than the step
    const viewer = async (n: number, until: number) => {
      await new Promise((r) => setTimeout(r, Math.random() * interval));
      while (Date.now() < until) {
        const body = captured.body.replace(/"viewId":"[^"]*"/, `"viewId":"bench-${n}"`);
        await fetch(`${base}/services/${SERVICE}?range=1h`, {
          method: "POST",
          headers: { "next-action": captured.actionId, cookie: captured.cookie, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
          body,
        }).then((r) => r.text());
        await new Promise((r) => setTimeout(r, interval));
      }
    };
    const load = async (viewers: number) => {
      const before = await prometheusQueryCount(stack.prometheusUrl);
      const until = Date.now() + LOAD_SECONDS * 1000;
      await Promise.all(Array.from({ length: viewers }, (_, n) => viewer(n, until)));
      return (await prometheusQueryCount(stack.prometheusUrl)) - before;
    };
    if (!captured.actionId) throw new Error("could not capture the dashboard's server action request");
    const one = await load(1);
    const many = await load(VIEWERS);

    // ---- (d) JavaScript shipped to load a service dashboard ----
    const fresh = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const jsPage = await fresh.newPage();
    await signIn(jsPage, base, ADMIN);
    // The scripts the page's HTML names (what the browser loads with the page), and
    // those loaded afterwards by the page's code (the interactive charts, fetched when
    // the browser is idle). Told apart by the HTML, not by arrival time: on a fast
    // machine the idle-time chunk can arrive before a poll sees the panels.
    const scripts = new Map<string, Buffer>();
    let html = "";
    jsPage.on("response", async (res) => {
      if (res.request().resourceType() === "script") scripts.set(res.url(), await res.body().catch(() => Buffer.alloc(0)));
      else if (res.request().resourceType() === "document" && res.url().includes("/services/")) html = await res.text().catch(() => "");
    });
    await jsPage.goto(`${base}/services/${SERVICE}`);
    await jsPage.locator(".recharts-line-curve").first().waitFor({ state: "attached", timeout: 60_000 });
    await jsPage.waitForTimeout(500);
    const inHtml = new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => new URL(m[1]!, base).href));
    let gz = 0;
    let raw = 0;
    let lazyGz = 0;
    let lazyFiles = 0;
    let editorLoaded = false;
    for (const [url, body] of scripts) {
      const size = gzipSync(body, { level: 6 }).length;
      if (!inHtml.has(url)) {
        lazyGz += size;
        lazyFiles++;
      } else {
        raw += body.length;
        gz += size;
      }
      const text = body.toString("utf8");
      if (text.includes("cm-lintRange") || text.includes("PromQLExtension")) editorLoaded = true;
    }
    if (inHtml.size === 0) throw new Error("(d): could not read the dashboard's HTML");
    await fresh.close();

    const a = median(ratiosA);
    const b = median(runsB.map((r) => r.ratio));
    const c = one === 0 ? Number.NaN : many / one;
    console.log(`
Dashboard benchmark (history ${reuse?.history ?? history}, ${SERVICE}, 7-day range for (a) and (b))
(a) panel query, console server time ÷ direct, cache miss:      ${a.toFixed(2)}   (goal ≤ 1.10; median of ${ratiosA.length}: ${ratiosA.map((r) => r.toFixed(2)).join(" ")})
(b) all panels drawn in Chromium ÷ slowest query direct:         ${b.toFixed(2)}   (goal ≤ 1.5; median of ${runsB.length}, drawn/interactive/slowest: ${runsB.map((r) => `${Math.round(r.drawn)}/${Math.round(r.interactive)}/${Math.round(r.slowest)} ms`).join(", ")})
(c) Prometheus queries, ${VIEWERS} viewers ÷ 1 viewer, ${LOAD_SECONDS} s:        ${c.toFixed(2)}   (goal ≤ 1.5; ${many} vs ${one} queries, refresh every ${interval / 1000} s)
(d) JavaScript to load a service dashboard:                      ${(gz / 1024).toFixed(0)} KiB gzip named by the page's HTML (${(raw / 1024).toFixed(0)} KiB raw, ${scripts.size - lazyFiles} files), then ${(lazyGz / 1024).toFixed(0)} KiB gzip (${lazyFiles} files) loaded by the page when idle (interactive charts); PromQL editor split out: ${editorLoaded ? "NO" : "yes"}
`);
  } finally {
    await browser?.close();
    await stopAll();
    await db.stop();
  }
}

main().catch(async (err: unknown) => {
  console.error(`[bench] ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  await stopAll();
  process.exit(1);
});
