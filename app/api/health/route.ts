import { currentUser } from "@/lib/auth/session";
import { healthReport, publicHealth } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/**
 * Reachability of the database, Prometheus and Alertmanager; 503 when any is down.
 * Anonymous callers get the status only; signed-in users also get each check's
 * latency, versions and error.
 */
export async function GET(): Promise<Response> {
  const [report, user] = await Promise.all([healthReport(), currentUser().catch(() => null)]);
  const body = user ? report : publicHealth(report);
  return Response.json(body, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
