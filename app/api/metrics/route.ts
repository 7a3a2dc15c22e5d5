import { sameSecret } from "@/lib/auth/secret";
import { getConfig } from "@/lib/config";
import { consoleMetrics } from "@/lib/telemetry/metrics";

export const dynamic = "force-dynamic";

/** The console's own metrics in the Prometheus text format (optionally behind METRICS_TOKEN). */
export async function GET(request: Request): Promise<Response> {
  const token = getConfig().metricsToken;
  if (token && !sameSecret(request.headers.get("authorization") ?? "", `Bearer ${token}`)) {
    return new Response("unauthorized\n", { status: 401, headers: { "content-type": "text/plain" } });
  }
  const { registry } = consoleMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
