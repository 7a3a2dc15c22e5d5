import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The console's own metrics, exposed at /api/metrics. One registry per process,
 * kept on globalThis so that Next.js module reloading does not register twice.
 */
interface ConsoleMetrics {
  registry: Registry;
  actionDuration: Histogram<"action" | "outcome">;
  upstreamDuration: Histogram<"backend" | "endpoint" | "outcome">;
  queryCacheRequests: Counter<"result">;
}

const globalKey = Symbol.for("perfops.metrics");
type GlobalWithMetrics = typeof globalThis & { [globalKey]?: ConsoleMetrics };

export function consoleMetrics(): ConsoleMetrics {
  const g = globalThis as GlobalWithMetrics;
  if (g[globalKey]) return g[globalKey];
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "perfops_" });
  const metrics: ConsoleMetrics = {
    registry,
    actionDuration: new Histogram({
      name: "perfops_action_duration_seconds",
      help: "Duration of the console's server actions.",
      labelNames: ["action", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: "perfops_upstream_request_duration_seconds",
      help: "Duration of requests from the console to Prometheus, Alertmanager and other backends.",
      labelNames: ["backend", "endpoint", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    queryCacheRequests: new Counter({
      name: "perfops_query_cache_requests_total",
      help: "Panel queries answered from the cache (hit), by joining an identical query in flight (shared), or by the backend (miss).",
      labelNames: ["result"],
      registers: [registry],
    }),
  };
  g[globalKey] = metrics;
  return metrics;
}
