import { parseArgs } from "node:util";
import { writeHistory } from "./history";
import { hash01, Simulation } from "./model";
import { OtlpExporter } from "./otlp-export";
import { createSimulatorServer, type TraceFeed } from "./server";
import { TraceModel } from "./traces";

/**
 * The reference-system simulator.
 *   tsx scripts/simulator/main.ts [--port 0] [--history 14d --history-file FILE]
 *                                 [--otlp http://127.0.0.1:4318 [--trace-sample 0.1]]
 * With --history it first writes that much backfill to FILE, then serves live
 * metrics continuing from where the history ends. With --otlp it sends the live
 * requests' traces there (every exemplar's, and a head-sampled share of the rest),
 * and a batch order import (hundreds of spans per item batch) about three times an hour. Prints one JSON line when ready:
 * {"ready":true,"port":…,"historyEnd":…}
 */

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    history: { type: "string" },
    "history-file": { type: "string" },
    otlp: { type: "string" },
    "trace-sample": { type: "string", default: "0.1" },
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
  const traces = values.otlp ? startTraces(sim, values.otlp, Number(values["trace-sample"])) : undefined;
  const server = createSimulatorServer(sim, undefined, traces);
  server.listen(Number(values.port), values.host, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : 0;
    process.stdout.write(JSON.stringify({ ready: true, port, historyEnd }) + "\n");
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** Traces to an OTLP receiver: the model's observations, and a large batch import at a hashed minute of each 20-minute slot. */
function startTraces(sim: Simulation, endpoint: string, sample: number): TraceFeed {
  if (!(sample >= 0 && sample <= 1)) throw new Error(`--trace-sample: expected a probability between 0 and 1, got "${values["trace-sample"]}"`);
  const model = new TraceModel({ sample });
  const exporter = new OtlpExporter(endpoint);
  sim.observer = (o) => exporter.add(model.tracesFor(o));
  let lastSlot = -1;
  setInterval(() => {
    const now = Date.now() / 1000;
    const slot = Math.floor(now / 1200);
    const minute = Math.floor((now % 1200) / 60);
    if (slot === lastSlot || minute !== Math.floor(hash01(slot, 77) * 20)) return;
    lastSlot = slot;
    exporter.add([model.batchImport(100 + Math.floor(hash01(slot, 78) * 700), now, sim.systemState(now))]);
  }, 15_000).unref();
  return {
    stats: () => exporter.stats,
    async batchImport(items) {
      const now = Date.now() / 1000;
      const trace = model.batchImport(items, now, sim.systemState(now));
      await exporter.sendNow([trace]);
      return { traceId: trace.traceId, spans: trace.spans.length };
    },
  };
}

main().catch((err: unknown) => {
  process.stderr.write(`[simulator] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
