import { parseArgs } from "node:util";
import { writeHistory } from "./history";
import { Simulation } from "./model";
import { createSimulatorServer } from "./server";

/**
 * The reference-system simulator.
 *   tsx scripts/simulator/main.ts [--port 0] [--history 14d --history-file FILE]
 * With --history it first writes that much backfill to FILE, then serves live
 * metrics continuing from where the history ends. Prints one JSON line when ready:
 * {"ready":true,"port":…,"historyEnd":…}
 */

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    history: { type: "string" },
    "history-file": { type: "string" },
  },
});

function parseHistory(v: string): number {
  const m = /^(\d+)([hd])$/.exec(v);
  if (!m) throw new Error(`--history: expected hours or days such as 48h or 14d, got "${v}"`);
  return Number(m[1]) * (m[2] === "d" ? 86400 : 3600);
}

async function main() {
  const now = Date.now() / 1000;
  let sim: Simulation;
  let historyEnd: number | null = null;
  if (values.history) {
    if (!values["history-file"]) throw new Error("--history needs --history-file");
    historyEnd = Math.floor(now / 60) * 60;
    const t0 = performance.now();
    sim = await writeHistory(values["history-file"], historyEnd, parseHistory(values.history));
    process.stderr.write(`[simulator] wrote ${values.history} of history in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } else {
    sim = new Simulation(now);
  }
  const server = createSimulatorServer(sim);
  server.listen(Number(values.port), values.host, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : 0;
    process.stdout.write(JSON.stringify({ ready: true, port, historyEnd }) + "\n");
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`[simulator] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
