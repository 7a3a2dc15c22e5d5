/**
 * The link from an exemplar to its trace in the Jaeger UI, or undefined when there is
 * no UI address or the id is not a trace id (1–32 hex digits, as OpenTelemetry and
 * Jaeger write them). The id is encoded: an exemplar label is data from the scraped
 * service, never trusted into a URL as is. Pure.
 */
export function traceLink(uiUrl: string | undefined, traceId: string): string | undefined {
  if (!uiUrl || !/^[0-9a-fA-F]{1,32}$/.test(traceId)) return undefined;
  return `${uiUrl.replace(/\/+$/, "")}/trace/${encodeURIComponent(traceId.toLowerCase())}`;
}


/** The console's own page for a trace (when the console reads Jaeger), or undefined for an id that is not a trace id. Pure. */
export function consoleTraceLink(traceId: string): string | undefined {
  if (!/^[0-9a-fA-F]{1,32}$/.test(traceId)) return undefined;
  return `/traces/${encodeURIComponent(traceId.toLowerCase())}`;
}
