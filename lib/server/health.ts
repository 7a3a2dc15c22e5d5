import "server-only";
import { getConfig } from "@/lib/config";
import { status as alertmanagerStatus } from "@/lib/alertmanager/client";
import { prisma } from "@/lib/db/client";
import { services as jaegerServices } from "@/lib/jaeger/client";
import { kubeClient } from "@/lib/kubernetes/client";
import { buildInfo } from "@/lib/prometheus/client";
import { chromiumMissing, chromiumPath } from "@/lib/reviews/chromium";
import { describeFailure } from "@/lib/upstream/errors";

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  detail?: string;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded";
  /** jaeger only when JAEGER_URL is set; pdf (Chromium for PDF export) does not make the status degraded: the rest works without it */
  checks: { database: CheckResult; prometheus: CheckResult; alertmanager: CheckResult; jaeger?: CheckResult; kubernetes?: CheckResult; pdf: CheckResult };
}

/** What an anonymous caller (a load balancer, a stranger) is told: up or not, nothing about versions or errors. */
export function publicHealth(report: HealthReport): { status: HealthReport["status"] } {
  return { status: report.status };
}

async function check(work: () => Promise<string | undefined>): Promise<CheckResult> {
  const t0 = performance.now();
  try {
    const detail = await work();
    return { ok: true, latencyMs: Math.round(performance.now() - t0), detail };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - t0), error: describeFailure(err).message };
  }
}

/** Reachability of every backend, each checked on its own with a short timeout. */
export async function healthReport(): Promise<HealthReport> {
  const cfg = getConfig();
  const timeoutMs = Math.min(cfg.prometheus.timeoutMs, 5000);
  const jaeger = cfg.jaeger;
  const kube = cfg.kubernetes;
  const [database, prometheus, alertmanager, traces, kubernetes] = await Promise.all([
    check(async () => {
      try {
        await prisma().$queryRawUnsafe("SELECT 1");
      } catch (err) {
        // the driver's message can name hosts, users and databases: it goes to the log only
        console.error("[health] database check failed", err);
        throw new Error("the database did not answer (details in the server log)");
      }
      return undefined;
    }),
    check(async () => `Prometheus ${(await buildInfo({ ...cfg.prometheus, timeoutMs })).version}`),
    check(async () => `Alertmanager ${(await alertmanagerStatus({ ...cfg.alertmanager, timeoutMs })).versionInfo.version}`),
    jaeger ? check(async () => `Jaeger: ${(await jaegerServices({ ...jaeger, timeoutMs })).length} services with traces`) : undefined,
    kube
      ? check(async () => {
          const client = kubeClient({ ...kube, backend: { ...kube.backend, timeoutMs } });
          return `Kubernetes: autoscaling/v2 ${(await client.serves("autoscaling", "v2")) ? "served" : "NOT served"}`;
        })
      : undefined,
  ]);
  const ok = database.ok && prometheus.ok && alertmanager.ok && (traces?.ok ?? true) && (kubernetes?.ok ?? true);
  const missing = chromiumMissing();
  const pdf: CheckResult = missing ? { ok: false, latencyMs: 0, error: missing } : { ok: true, latencyMs: 0, detail: `Chromium at ${chromiumPath()}` };
  return { status: ok ? "ok" : "degraded", checks: { database, prometheus, alertmanager, ...(traces ? { jaeger: traces } : {}), ...(kubernetes ? { kubernetes } : {}), pdf } };
}
