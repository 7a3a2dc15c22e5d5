import Link from "next/link";
import { TraceView } from "@/components/traces/view/trace-view";
import { hasRole } from "@/lib/auth/roles";
import { sessionLookup } from "@/lib/auth/session";
import { ActionFailure } from "@/lib/errors/action-failure";
import type { Trace } from "@/lib/traces/model";
import { loadTrace } from "@/lib/traces/load";
import { UpstreamError } from "@/lib/upstream/errors";
import { decodeSegment } from "@/lib/view/state";

type Loaded = { ok: true; trace: Trace } | { ok: false; message: string; notFound: boolean };

/** A trace, or the reason there is none, said as Jaeger or the id check said it. */
async function load(id: string): Promise<Loaded> {
  try {
    return { ok: true, trace: await loadTrace(id) };
  } catch (err) {
    if (err instanceof UpstreamError) return { ok: false, message: err.message, notFound: err.kind === "rejected" && err.status === 404 };
    if (err instanceof ActionFailure) return { ok: false, message: err.message, notFound: false };
    console.error("trace page: loading trace %s failed", id, err);
    return { ok: false, message: `Trace ${id} could not be loaded (internal error; see the server log).`, notFound: false };
  }
}

/**
 * One trace. Loaded here, on the server, and sent whole with the page (no
 * loading.tsx, like the service dashboard): the trace starts loading once the session
 * cookie is unsealed, while the session row is looked up, and is sent only to a
 * signed-in viewer. The trace is plain data and travels as the client view's prop.
 */
export default async function TracePage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = decodeSegment(raw) ?? raw;
  const session = await sessionLookup();
  const loaded = session.sealed ? load(id) : undefined;
  const user = await session.user;
  if (!user || !hasRole(user.role, "VIEWER") || !loaded) return <TraceProblem message="You need the viewer role to read traces." />;
  const result = await loaded;
  if (!result.ok) return <TraceProblem message={result.message} notFound={result.notFound} />;
  return <TraceView key={result.trace.traceId} trace={result.trace} />;
}

function TraceProblem({ message, notFound }: { message: string; notFound?: boolean }) {
  return (
    <section className="panel" data-testid="trace-error">
      <div className="panel-head">
        <h1>Trace</h1>
      </div>
      <div className="panel-error" role="alert">
        <div>{message}</div>
        {notFound && (
          <div style={{ marginTop: 6 }}>
            <Link href="/traces" prefetch={false}>
              Back to trace search
            </Link>
          </div>
        )}
      </div>
    </section>
  );
}
