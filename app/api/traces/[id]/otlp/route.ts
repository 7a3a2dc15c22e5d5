import { currentUser } from "@/lib/auth/session";
import { ActionFailure } from "@/lib/errors/action-failure";
import { loadTraceOtlp } from "@/lib/traces/load";
import { describeFailure } from "@/lib/upstream/errors";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/**
 * A trace as OTLP-JSON (`{"resourceSpans": […]}`, exactly what Jaeger stores), to
 * download or to open again in the console or any OTLP tool. Signed-in users only.
 */
export async function GET(_request: Request, { params }: Ctx): Promise<Response> {
  if (!(await currentUser())) return Response.json({ error: "sign in first" }, { status: 401 });
  const { id } = await params;
  try {
    const resourceSpans = await loadTraceOtlp(id);
    return new Response(JSON.stringify({ resourceSpans }), {
      headers: {
        "content-type": "application/json",
        "content-disposition": `attachment; filename="trace-${id.toLowerCase()}.otlp.json"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof ActionFailure) return Response.json({ error: err.message }, { status: 400 });
    const f = describeFailure(err);
    return Response.json({ error: f.message }, { status: f.status === 404 ? 404 : 502 });
  }
}
