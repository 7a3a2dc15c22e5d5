/**
 * The read-only Prometheus endpoints the PromQL editor's completion may reach
 * through the console (credentials stay on the server). Anything else is refused.
 * Pure.
 */
const ALLOWED = [/^labels$/, /^label\/[a-zA-Z_][a-zA-Z0-9_]*\/values$/, /^series$/, /^metadata$/, /^status\/flags$/];

export function allowedProxyPath(segments: string[]): string | null {
  const path = segments.join("/");
  return ALLOWED.some((re) => re.test(path)) ? `/api/v1/${path}` : null;
}

/** Of Prometheus's flags, the editor needs only the lookback delta; the rest stays private. */
export function filterFlags(body: string): string {
  try {
    const parsed = JSON.parse(body) as { status: string; data?: Record<string, string> };
    if (parsed.status !== "success" || !parsed.data) return body;
    const keep: Record<string, string> = {};
    if (parsed.data["query.lookback-delta"] !== undefined) keep["query.lookback-delta"] = parsed.data["query.lookback-delta"];
    return JSON.stringify({ status: "success", data: keep });
  } catch {
    return body;
  }
}

/** Most series, label names or label values one completion lookup returns (Prometheus ≥ 2.51 honours `limit`). */
export const COMPLETION_LIMIT = 10_000;
/** The window a lookup without `start` covers: recent series are what completion offers. */
export const COMPLETION_LOOKBACK_S = 12 * 3600;
/** The widest window a lookup may ask for: without one, Prometheus reads every block it holds. */
export const COMPLETION_MAX_WINDOW_S = 7 * 86400;

/** Prometheus's time parameter: unix seconds (with a fraction) or RFC 3339. */
function parseTime(v: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (/^\d{4}-\d\d-\d\dT/.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return undefined;
}

/**
 * A completion lookup as the console forwards it: series, label names and label values
 * cover the last 12 h unless the caller says otherwise, never more than 7 days, and at
 * most COMPLETION_LIMIT results — so that no signed-in user can make Prometheus walk
 * every block and every series it holds. Metadata and flags pass unchanged. Pure.
 */
export function boundCompletionQuery(
  target: string,
  query: Record<string, string[]>,
  nowS: number,
): { ok: true; query: Record<string, string[]> } | { ok: false; error: string } {
  if (!/^\/api\/v1\/(series|labels|label\/[^/]+\/values)$/.test(target)) return { ok: true, query };
  const time = (name: "start" | "end"): number | undefined | { bad: string } => {
    const v = query[name]?.[0];
    if (v === undefined || v === "") return undefined;
    return parseTime(v) ?? { bad: `${name}: "${v.slice(0, 40)}" is not a unix time in seconds or an RFC 3339 date` };
  };
  const end = time("end") ?? nowS;
  if (typeof end === "object") return { ok: false, error: end.bad };
  const start = time("start") ?? end - COMPLETION_LOOKBACK_S;
  if (typeof start === "object") return { ok: false, error: start.bad };
  const asked = Number(query.limit?.[0] ?? 0);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, COMPLETION_LIMIT) : COMPLETION_LIMIT;
  return {
    ok: true,
    query: { ...query, start: [String(Math.max(start, end - COMPLETION_MAX_WINDOW_S))], end: [String(end)], limit: [String(limit)] },
  };
}
