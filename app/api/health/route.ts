import { healthReport } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/** Reachability of the database, Prometheus and Alertmanager; 503 when any is down. */
export async function GET(): Promise<Response> {
  const report = await healthReport();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
