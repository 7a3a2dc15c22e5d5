import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { INCIDENT_KINDS, SERVICES } from "./simulator/catalog";

/**
 * Inject incidents into the running simulator:
 *   npm run incident -- <latency|errors|outage|slow-db> <service> [duration=5m] [magnitude]
 *   npm run incident -- list
 *   npm run incident -- stop <id>
 * The simulator is found through SIMULATOR_URL or .data/demo/stack.json.
 */

const USAGE = `usage: npm run incident -- <${INCIDENT_KINDS.join("|")}> <service> [duration=5m] [magnitude]
       npm run incident -- list
       npm run incident -- stop <id>
services: ${SERVICES.map((s) => s.name).join(", ")}
magnitude: latency and slow-db multiply latency (default 6 and 10); errors is the error ratio (default 0.2)`;

function simulatorUrl(): string {
  if (process.env.SIMULATOR_URL) return process.env.SIMULATOR_URL;
  const file = path.resolve(import.meta.dirname, "..", ".data", "demo", "stack.json");
  if (!existsSync(file)) throw new Error("no running demo found (.data/demo/stack.json); start `npm run demo` or set SIMULATOR_URL");
  return (JSON.parse(readFileSync(file, "utf8")) as { simulatorUrl: string }).simulatorUrl;
}

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  if (!cmd || cmd === "help" || cmd === "--help") {
    console.log(USAGE);
    return;
  }
  const base = simulatorUrl();
  let res: Response;
  if (cmd === "list") res = await fetch(`${base}/incidents`);
  else if (cmd === "stop") res = await fetch(`${base}/incidents/${encodeURIComponent(rest[0] ?? "")}`, { method: "DELETE" });
  else {
    const [service, duration, magnitude] = rest;
    res = await fetch(`${base}/incidents`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: cmd, service, duration: duration ?? "5m", magnitude: magnitude === undefined ? undefined : Number(magnitude) }),
    });
  }
  const body = await res.text();
  if (!res.ok) {
    console.error(`simulator said ${res.status}: ${body.trim()}\n\n${USAGE}`);
    process.exit(1);
  }
  console.log(body.trim());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
