/**
 * Addresses of the real services the harness (scripts/test.ts) started for this run.
 * Integration tests run only through `npm test`, which provides them.
 */
function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the integration tests through \`npm test\`, which starts Prometheus, Alertmanager and PostgreSQL`);
  return v;
}

export const env = {
  get prometheusUrl() {
    return need("PROMETHEUS_URL");
  },
  get alertmanagerUrl() {
    return need("ALERTMANAGER_URL");
  },
  get databaseUrl() {
    return need("DATABASE_URL");
  },
  /** Jaeger's query service (the stack's, fed by the simulator's traces) */
  get jaegerUrl() {
    return need("JAEGER_URL");
  },
  /** the stack's kube-apiserver (scripts/stack/kube.ts): address, token and the CA file of its serving certificate */
  get kubernetes() {
    return { url: need("KUBERNETES_URL"), token: need("KUBERNETES_BEARER_TOKEN"), caFile: need("KUBERNETES_CA_FILE") };
  },
  get simulatorUrl() {
    return need("SIMULATOR_URL");
  },
  /** Prometheus's rules directory (rule_files: rules/*.yml) */
  get rulesDir() {
    return need("RULES_DIR");
  },
  /** the promtool of the Prometheus under test */
  get promtool() {
    return process.env.PROMTOOL ?? "promtool";
  },
  /** the Prometheus and Alertmanager binaries under test (for tests that run and restart their own) */
  get prometheusBin() {
    return need("PROMETHEUS_BIN");
  },
  get alertmanagerBin() {
    return need("ALERTMANAGER_BIN");
  },
  /** "current" (Prometheus 3.16, Alertmanager 0.35) or "debian" (2.42, 0.25) */
  get servers(): "current" | "debian" {
    return process.env.STACK_SERVERS === "debian" ? "debian" : "current";
  },
  get prometheusPid() {
    return Number(need("PROMETHEUS_PID"));
  },
  /** unix seconds where the backfilled history ends and live scraping begins */
  get historyEnd() {
    return Number(need("HISTORY_END"));
  },
};
