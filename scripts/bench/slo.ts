import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { demoSlos } from "../../lib/slo/demo";
import { ruleGroups } from "../../lib/slo/generate";
import { budgetRemainingQuery, recordedPeriodQuery } from "../../lib/slo/queries";
import { sloId } from "../../lib/slo/spec";
import { stopAll } from "../stack/procs";
import { startStack } from "../stack/stack";

/**
 * SLO benchmark (not a test): `npm run bench:slo [-- --history 14d]`. The 30-day
 * "budget left" figure of the order-service availability SLO, read from its
 * recording rules ÷ computed from raw data, as instant queries against the same
 * Prometheus. The recording rules are backfilled over the simulated history with
 * `promtool tsdb create-blocks-from rules` (two passes: the 30-day rule reads the
 * 5-minute one), so both read the same days.
 */

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORK = path.join(ROOT, ".data", "bench-slo");
const args = process.argv.slice(2);
const history = args.includes("--history") ? args[args.indexOf("--history") + 1]! : "14d";
const RUNS = 9;
const log = (l: string) => console.log(`[bench] ${l}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function instant(url: string, query: string, time?: number): Promise<{ ms: number; value: number | undefined }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query, ...(time ? { time: String(time) } : {}) }) });
  const body = (await res.json()) as { status: string; error?: string; data: { result: { value: [number, string] }[] } };
  const ms = performance.now() - t0;
  if (body.status !== "success") throw new Error(`query failed: ${body.error}`);
  const v = body.data.result[0]?.value[1];
  return { ms, value: v === undefined ? undefined : Number(v) };
}

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const stack = await startStack({ dir: path.join(WORK, "stack"), history, log });
  try {
    const spec = demoSlos(["order-service"])[0]!;
    const id = sloId(spec);
    const sli = ruleGroups(spec).find((g) => g.name.includes("sli-recordings"))!;
    const period = sli.rules.filter((r) => r.record === "slo:sli_error:ratio_rate30d");
    const windows = sli.rules.filter((r) => r.record !== "slo:sli_error:ratio_rate30d");
    const end = Math.floor(Date.now() / 1000) - 300;
    const start = Math.floor(stack.historyEnd) - Number(history.replace("d", "")) * 86_400 + 3600;
    const promData = path.join(stack.dir, "prometheus-data");
    for (const [pass, rules] of [
      ["windows", windows],
      ["period", period],
    ] as const) {
      const file = path.join(WORK, `${pass}.rules.yml`);
      writeFileSync(file, stringify({ groups: [{ name: `${sli.name}-${pass}`, interval: "5m", rules }] }));
      const out = path.join(WORK, `blocks-${pass}`);
      const t0 = Date.now();
      await execFileAsync("promtool", ["tsdb", "create-blocks-from", "rules", "--quiet", `--start=${start}`, `--end=${end}`, `--url=${stack.prometheusUrl}`, `--output-dir=${out}`, "--eval-interval=5m", file], { maxBuffer: 64 << 20 });
      for (const b of readdirSync(out)) renameSync(path.join(out, b), path.join(promData, b));
      const record = pass === "windows" ? "slo:sli_error:ratio_rate5m" : "slo:sli_error:ratio_rate30d";
      // Prometheus picks up new blocks on its next reload of the TSDB (within about a minute).
      for (let i = 0; ; i++) {
        const n = await instant(stack.prometheusUrl, `count_over_time(${record}{sloth_id="${id}"}[30d])`);
        if ((n.value ?? 0) > 100) break;
        if (i > 60) throw new Error(`backfilled ${record} did not appear in Prometheus`);
        await new Promise((r) => setTimeout(r, 3000));
      }
      log(`backfilled ${pass} rules in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }

    const q = budgetRemainingQuery(spec as Parameters<typeof budgetRemainingQuery>[0], "30d");
    // what the board runs: the recorded period rule as it is (its NaN-safe fallback,
    // with a subquery, only when that is NaN), against the same figure from raw data
    const plain = `1 - ((${recordedPeriodQuery(spec, "30d")}) / 0.001)`;
    const recorded: number[] = [];
    const fallback: number[] = [];
    const raw: number[] = [];
    let values = { recorded: 0, raw: 0 };
    for (let i = 0; i <= RUNS; i++) {
      // at the end of the backfill, where both have data
      const r = await instant(stack.prometheusUrl, plain, end);
      const f = await instant(stack.prometheusUrl, q.recorded, end);
      const w = await instant(stack.prometheusUrl, q.raw, end);
      if (i === 0) continue; // warm-up
      recorded.push(r.ms);
      fallback.push(f.ms);
      raw.push(w.ms);
      values = { recorded: r.value ?? Number.NaN, raw: w.value ?? Number.NaN };
    }
    console.log(`
SLO budget panel, 30-day window, ${history} of history (order-service availability 99.9 %; medians of ${RUNS}; ${new Date().toISOString()})
  from recording rules: ${median(recorded).toFixed(1)} ms  (budget left ${(values.recorded * 100).toFixed(1)} %; NaN-safe form with its subquery: ${median(fallback).toFixed(1)} ms)
  from raw data:        ${median(raw).toFixed(1)} ms  (budget left ${(values.raw * 100).toFixed(1)} %)
  ratio raw ÷ recorded: ${(median(raw) / median(recorded)).toFixed(1)}
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
