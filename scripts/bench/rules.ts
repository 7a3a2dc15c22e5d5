import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { BackendConfig } from "../../lib/config";
import { allRuleGroups } from "../../lib/prometheus/rules";
import { flattenRules, pageRules } from "../../lib/rules/browse";
import { checkRuleFile } from "../../lib/rules/check";
import { pushToPrometheus } from "../../lib/rules/push";
import { prometheusFacts } from "../../lib/rules/live-facts";
import { stopAll } from "../stack/procs";
import { startStack } from "../stack/stack";

/**
 * Alert-rule benchmark (not a test): `npm run bench:rules`. Starts Prometheus with a
 * short simulated history, pushes a file of GROUPS × RULES rules through the console's
 * push path, then prints:
 *  (a) the rule browser's server time (all pages of /api/v1/rules, flatten, filter,
 *      page) ÷ one direct GET /api/v1/rules — the console's overhead on a large install;
 *  (b) checks of the whole file while typing: offline, and with live data (one
 *      count() per distinct selector against the real Prometheus);
 *  (c) the push itself: check, promtool, write, reload, verify.
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORK = path.join(ROOT, ".data", "bench-rules");
const GROUPS = Number(process.env.BENCH_GROUPS ?? 60);
const RULES = Number(process.env.BENCH_RULES_PER_GROUP ?? 10);
const RUNS = 15;
const SERVICES = ["order-service", "catalog-service", "payment-service", "user-service", "inventory-service"];
const log = (l: string) => console.log(`[bench] ${l}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A realistic large rule file: per team, latency/error alerts and recording rules over the simulator's metrics. */
function bigRuleFile(): string {
  const out = ["groups:"];
  for (let g = 0; g < GROUPS; g++) {
    const svc = SERVICES[g % SERVICES.length];
    out.push(`  - name: team-${g}.rules`, "    rules:");
    for (let r = 0; r < RULES; r++) {
      const threshold = (0.01 * (r + 1)).toFixed(2);
      if (r % 3 === 2) {
        out.push(
          `      - record: team${g}:http_requests:rate${r + 1}m`,
          `        expr: sum by (service, endpoint) (rate(http_requests_total{service="${svc}"}[${r + 1}m]))`,
        );
      } else {
        out.push(
          `      - alert: Team${g}ErrorRate${r}`,
          `        expr: sum by (service) (rate(http_requests_total{service="${svc}",status=~"5.."}[5m])) / sum by (service) (rate(http_requests_total{service="${svc}"}[5m])) > ${threshold}`,
          "        for: 2m",
          "        labels:",
          `          severity: ${r % 2 ? "warning" : "critical"}`,
          `          team: team-${g}`,
          "        annotations:",
          `          summary: "Errors above ${threshold} on {{ $labels.service }}"`,
        );
      }
    }
  }
  return `${out.join("\n")}\n`;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const stack = await startStack({ dir: path.join(WORK, "stack"), history: "2h", log });
  try {
    const cfg: BackendConfig = { name: "prometheus", url: stack.prometheusUrl, timeoutMs: 30_000 };
    const content = bigRuleFile();
    const total = GROUPS * RULES;
    const [pushMs, push] = await time(() => pushToPrometheus({ prometheus: cfg, rulesDir: stack.rulesDir, promtool: "promtool" }, "bench.rules.yml", content));
    if (push.outcome !== "ok") throw new Error(`push failed: ${push.message}`);
    const loaded = flattenRules(await allRuleGroups(cfg)).length;
    log(`pushed ${total} rules (${loaded} loaded in Prometheus, ${(content.length / 1024).toFixed(0)} KiB)`);
    // let every group evaluate once, as in a running install
    await new Promise((r) => setTimeout(r, 20_000));

    const direct: number[] = [];
    const consoleSide: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      direct.push((await time(async () => (await fetch(`${stack.prometheusUrl}/api/v1/rules`)).json()))[0]);
      consoleSide.push(
        (
          await time(async () => {
            const rows = flattenRules(await allRuleGroups(cfg));
            return pageRules(rows, { q: "team-7 critical", state: "any" }, 0, 50);
          })
        )[0],
      );
    }
    const offline: number[] = [];
    for (let i = 0; i < 5; i++) offline.push((await time(() => checkRuleFile(content)))[0]);
    const [liveMs, problems] = await time(() => checkRuleFile(content, { live: prometheusFacts(cfg) }));

    const steps = Object.fromEntries(push.steps.map((s) => [s.step, s.ms]));
    console.log(`
Alert rules with ${total} rules in ${GROUPS} groups (medians of ${RUNS} runs; ${new Date().toISOString()})
  (a) rule browser, server side (all pages, flatten, filter, page): ${median(consoleSide).toFixed(1)} ms
      direct GET /api/v1/rules:                                      ${median(direct).toFixed(1)} ms
      ratio: ${(median(consoleSide) / median(direct)).toFixed(2)}
  (b) checks of the whole file: offline ${median(offline).toFixed(0)} ms; with live data ${liveMs.toFixed(0)} ms (${problems.length} findings)
  (c) push: ${pushMs.toFixed(0)} ms in total — check ${steps.check} ms, promtool ${steps.promtool} ms, write ${steps.write} ms, reload ${steps.reload} ms, verify ${steps.verify} ms
`);
  } finally {
    await stack.stop();
    await stopAll();
  }
}

main().catch(async (err: unknown) => {
  console.error(err);
  await stopAll();
  process.exit(1);
});
