import { prisma } from "./client";

/**
 * Mutual exclusion across every console process on one database: `fn` runs while
 * this process holds a PostgreSQL advisory lock on `key` (a transaction-scoped lock
 * inside an interactive transaction, released when `fn` ends, however it ends, and
 * by PostgreSQL if the process dies). A caller waits at most `waitMs` for the lock.
 */

export class LockBusyError extends Error {
  constructor(readonly key: string, waitMs: number) {
    super(`another change is still being applied (waited ${Math.round(waitMs / 1000)} s); try again when it has finished`);
    this.name = "LockBusyError";
  }
}

export async function withAdvisoryLock<T>(key: string, opts: { waitMs: number; holdMs: number }, fn: () => Promise<T>): Promise<T> {
  return prisma().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${Math.max(1, Math.round(opts.waitMs))}ms'`);
      try {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      } catch (err) {
        if (/lock timeout|55P03/.test(String((err as Error).message ?? err))) throw new LockBusyError(key, opts.waitMs);
        throw err;
      }
      return fn();
    },
    { maxWait: opts.waitMs, timeout: opts.waitMs + opts.holdMs },
  );
}
