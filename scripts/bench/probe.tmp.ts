import path from "node:path";
import { startStack } from "../stack/stack";
import { stopAll } from "../stack/procs";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";
const [db, stack] = await Promise.all([startEmbeddedPostgres({ baseDir: path.resolve(".data/probe-db"), log: () => undefined }), startStack({ dir: path.resolve(".data/probe"), history: "14d", log: () => undefined })]);
try {
  await migrate(db.url);
  process.env.PROMETHEUS_URL = stack.prometheusUrl;
  process.env.DATABASE_URL = db.url;
  const { loadDashboard } = await import("../../lib/dashboard/load");
  for (let i = 0; i < 4; i++) {
    const to = Math.floor(Date.now() / 1000) - 3600 * (i + 1) - 7;
    const from = to - 7 * 86400;
    const t0 = performance.now();
    const d = await loadDashboard({ service: "order-service", range: { kind: "absolute", from, to }, widthPx: 700, compare: false });
    const t1 = performance.now();
    const json = JSON.stringify(d);
    const t2 = performance.now();
    console.log(`loadDashboard ${Math.round(t1 - t0)} ms, JSON ${Math.round(t2 - t1)} ms ${json.length} bytes; series/points:`, d.panels.map((p) => (p.ok ? `${p.data.id}:${p.data.series.length}/${p.data.series.reduce((n, s) => n + s.points.length, 0)}` : "err")).join(" "));
  }
} finally { await stack.stop(); await stopAll(); await db.stop(); }
