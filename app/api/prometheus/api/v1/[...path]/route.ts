import { getConfig } from "@/lib/config";
import { currentUser } from "@/lib/auth/session";
import { allowedProxyPath, boundCompletionQuery, filterFlags } from "@/lib/explore/proxy";
import { readBodyCapped } from "@/lib/server/request-body";
import { describeFailure } from "@/lib/upstream/errors";
import { requestRaw } from "@/lib/upstream/http";

export const dynamic = "force-dynamic";

/** A completion request is a few selectors; more than this is refused unread. */
const MAX_BODY = 64 * 1024;

type Ctx = { params: Promise<{ path: string[] }> };

/**
 * Read-only pass-through for the PromQL editor's completion (labels, label values,
 * series, metadata). Signed-in users only; Prometheus credentials are added here; lookups
 * are bounded in time and count (boundCompletionQuery).
 */
async function handle(request: Request, { params }: Ctx): Promise<Response> {
  if (!(await currentUser())) {
    return Response.json({ status: "error", errorType: "unauthorized", error: "sign in first" }, { status: 401 });
  }
  const { path } = await params;
  const target = allowedProxyPath(path);
  if (!target) return Response.json({ status: "error", errorType: "forbidden", error: "not a completion endpoint" }, { status: 403 });
  const url = new URL(request.url);
  const query: Record<string, string[]> = {};
  const collect = (p: URLSearchParams) => p.forEach((v, k) => (query[k] ??= []).push(v));
  collect(url.searchParams);
  if (request.method === "POST") {
    const body = await readBodyCapped(request, MAX_BODY);
    if (body === undefined) return Response.json({ status: "error", errorType: "bad_data", error: `request body over ${MAX_BODY / 1024} KiB` }, { status: 413 });
    collect(new URLSearchParams(body));
  }
  const bounded = boundCompletionQuery(target, query, Date.now() / 1000);
  if (!bounded.ok) return Response.json({ status: "error", errorType: "bad_data", error: bounded.error }, { status: 400 });
  try {
    const res = await requestRaw(getConfig().prometheus, target, { endpoint: `proxy_${path[0]}`, query: bounded.query, signal: request.signal });
    const body = target === "/api/v1/status/flags" ? filterFlags(res.text) : res.text;
    return new Response(body, { status: res.status, headers: { "content-type": res.contentType || "application/json" } });
  } catch (err) {
    const f = describeFailure(err);
    return Response.json({ status: "error", errorType: f.kind, error: f.message }, { status: 502 });
  }
}

export { handle as GET, handle as POST };
