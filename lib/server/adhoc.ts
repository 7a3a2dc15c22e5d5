import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { ActionFailure } from "@/lib/errors/action-failure";
import { ConcurrencyGate, GateBusy, type GateLimits } from "./gate";

/**
 * What one user may have the backends evaluate at once on their behalf: queries they wrote
 * (Explore, backtests, template previews, live rule checks, SLO previews, trace searches). Prometheus runs 20
 * queries at once by default (--query.max-concurrency); the console lets users' own queries
 * take at most 12 of them, and one user 4, so that dashboards (cached, the console's own
 * queries) and other users keep theirs.
 */
export const ADHOC_LIMITS: GateLimits = { perKey: 4, total: 12, waitMs: 10_000, maxWaitingPerKey: 8 };

const globalKey = Symbol.for("perfops.adhocGate");
type GlobalWithGate = typeof globalThis & { [globalKey]?: ConcurrencyGate };

/** One gate per process, kept on globalThis so that Next.js module reloading does not make a second. */
export function adhocGate(): ConcurrencyGate {
  const g = globalThis as GlobalWithGate;
  return (g[globalKey] ??= new ConcurrencyGate(ADHOC_LIMITS));
}

/** Runs a user's own query through the gate; over the limit it says so as a "busy" failure. */
export async function adhoc<T>(user: SessionUser, work: () => Promise<T>): Promise<T> {
  try {
    return await adhocGate().run(user.id, work);
  } catch (err) {
    if (err instanceof GateBusy) throw new ActionFailure("busy", err.message);
    throw err;
  }
}
