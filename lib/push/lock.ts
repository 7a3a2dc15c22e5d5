import type { ConsoleConfig } from "@/lib/config";
import { LockBusyError, withAdvisoryLock } from "@/lib/db/lock";
import { ActionFailure } from "@/lib/errors/action-failure";
import { PUSH_TARGETS, type PushTargetId } from "./targets";

/** How long a push waits for another push to the same target, and the longest one may hold it. */
const PUSH_LOCK = { waitMs: 60_000, holdMs: 300_000 };

/**
 * Runs one push holding its target's lock, across every console process: interleaved
 * pushes to one place could roll back each other's changes. A push that cannot get the
 * lock in time is refused as a conflict, with who waits for what.
 */
export async function withPushLock<T>(target: PushTargetId, cfg: ConsoleConfig, push: () => Promise<T>): Promise<T> {
  try {
    return await withAdvisoryLock(PUSH_TARGETS[target].lockKey(cfg), PUSH_LOCK, push);
  } catch (err) {
    if (err instanceof LockBusyError) throw new ActionFailure("conflict", `Not pushed: ${err.message}.`);
    throw err;
  }
}
