import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
import { stopAll } from "../stack/procs";
import { startStack } from "../stack/stack";
import { ensurePackages } from "../stack/system-packages";

/**
 * Keeps a benchmark stack running between benchmark runs (not a test):
 * `npm run bench:stack [-- --history 14d]` starts PostgreSQL, the simulator with its
 * history, Prometheus and Alertmanager, writes their addresses to
 * `.data/bench-stack/stack.json` and waits for Ctrl-C. Then
 * `BENCH_STACK=.data/bench-stack/stack.json npm run bench:dashboard` measures against
 * it instead of building a fresh 14-day stack each time (minutes saved per run when
 * iterating on one figure).
 */

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORK = path.join(ROOT, ".data", "bench-stack");
const args = process.argv.slice(2);
const history = args.includes("--history") ? (args[args.indexOf("--history") + 1] ?? "14d") : "14d";
const log = (l: string) => console.log(`[bench-stack] ${l}`);

async function main() {
  ensurePackages(["prometheus", "alertmanager"], log);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const [db, stack] = await Promise.all([
    startEmbeddedPostgres({ baseDir: path.join(WORK, "db"), log: () => undefined }),
    startStack({ dir: path.join(WORK, "stack"), history, log }),
  ]);
  await migrate(db.url);
  const file = path.join(WORK, "stack.json");
  writeFileSync(file, JSON.stringify({ prometheusUrl: stack.prometheusUrl, alertmanagerUrl: stack.alertmanagerUrl, databaseUrl: db.url, historyEnd: stack.historyEnd, history }, null, 2));
  log(`ready: BENCH_STACK=${path.relative(ROOT, file)} (Ctrl-C stops it)`);
  const stop = async () => {
    await stopAll();
    await db.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch(async (err: unknown) => {
  console.error(`[bench-stack] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await stopAll();
  process.exit(1);
});
