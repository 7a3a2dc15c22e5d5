import { TraceCompare, type CompareSide } from "@/components/traces/view/trace-compare";
import { hasRole } from "@/lib/auth/roles";
import { sessionLookup } from "@/lib/auth/session";
import { ActionFailure } from "@/lib/errors/action-failure";
import { compareTraces, type CompareRow } from "@/lib/traces/compare";
import type { Trace } from "@/lib/traces/model";
import { loadTrace } from "@/lib/traces/load";
import { summarize } from "@/lib/traces/summary";
import { UpstreamError } from "@/lib/upstream/errors";

type SearchParams = Record<string, string | string[] | undefined>;

const param = (sp: SearchParams, k: string) => {
  const v = sp[k];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
};

type Loaded = { trace?: Trace; side: CompareSide };

async function load(id: string): Promise<Loaded> {
  if (!id) return { side: { id } };
  try {
    const trace = await loadTrace(id);
    return { trace, side: { id, summary: summarize(trace) } };
  } catch (err) {
    if (err instanceof UpstreamError) return { side: { id, error: err.message, notFound: err.kind === "rejected" && err.status === 404 } };
    if (err instanceof ActionFailure) return { side: { id, error: err.message } };
    console.error("trace compare: loading trace %s failed", id, err);
    return { side: { id, error: `Trace ${id} could not be loaded (internal error; see the server log).` } };
  }
}

/**
 * Two traces side by side, span path by span path (`?a=<trace id>&b=<trace id>`).
 * Both load concurrently on the server and each failure is shown on its own side;
 * the comparison rows are computed here, so only they and the two summaries travel
 * to the browser, not two traces of 10,000 spans.
 */
export default async function TraceComparePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const a = param(sp, "a");
  const b = param(sp, "b");
  const session = await sessionLookup();
  const loads = session.sealed ? Promise.all([load(a), load(b)]) : undefined;
  const user = await session.user;
  if (!user || !hasRole(user.role, "VIEWER") || !loads) {
    return (
      <div className="panel-error" role="alert">
        You need the viewer role to read traces.
      </div>
    );
  }
  const [la, lb] = await loads;
  const rows: CompareRow[] | undefined = la.trace && lb.trace ? compareTraces(la.trace, lb.trace) : undefined;
  return <TraceCompare key={`${a}\u0000${b}`} a={la.side} b={lb.side} rows={rows} />;
}
