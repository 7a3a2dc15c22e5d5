const BASE = "http://console.invalid";

/**
 * Where to go after signing in: a path and query on this site, never another origin.
 * The value is resolved the way a browser would resolve it (tabs and newlines
 * dropped, backslashes read as slashes, dot segments removed) against a fixed
 * origin; anything that lands elsewhere, or whose path would itself read as
 * protocol-relative (`//host`), becomes "/".
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || url.pathname.startsWith("//") || url.pathname.startsWith("/\\")) return "/";
  return url.pathname + url.search;
}
