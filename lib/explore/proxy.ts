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
