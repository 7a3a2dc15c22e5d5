/**
 * What the console may believe about a request: whether it came over https (for the
 * session cookie's Secure flag) and the client's address (for per-client sign-in
 * limits). Headers a client can forge are believed only as far as the operator says
 * proxies stand in front (SESSION_COOKIE_SECURE, TRUSTED_PROXY_HOPS). Pure.
 */

/** The Secure flag: "on"/"off" as configured; "auto" follows X-Forwarded-Proto. */
export function secureCookie(setting: "auto" | "on" | "off", forwardedProto: string | null): boolean {
  if (setting !== "auto") return setting === "on";
  return forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * The client's address as the outermost trusted proxy saw it: with `hops` proxies in
 * front, each appending the address it was reached from to X-Forwarded-For, that is
 * the hops-th entry from the right. Entries further left are the client's own word.
 * undefined when no proxy is trusted (the console cannot see the socket's address
 * from a server action) or the header is shorter than the chain.
 */
export function clientAddress(forwardedFor: string | null, hops: number): string | undefined {
  if (hops <= 0 || !forwardedFor) return undefined;
  const entries = forwardedFor.split(",").map((s) => s.trim()).filter(Boolean);
  const entry = entries[entries.length - hops];
  if (!entry || entry.length > 100 || !/^[0-9A-Fa-f:.[\]]+$/.test(entry)) return undefined;
  return entry.replace(/^\[|\]$/g, "").toLowerCase();
}
