/**
 * Whether an error means "the database is not there right now" (down, restarting,
 * failing over, refusing connections) rather than a bug or bad data. Such failures
 * are shown to the user as a temporary outage of the console's database, with the
 * promise that nothing was changed (a failed statement changes nothing; a failed
 * transaction is rolled back by PostgreSQL).
 */

/** Prisma's codes for an unreachable server, a timed-out socket or pool, a closed connection, too many connections. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** PostgreSQL SQLSTATEs of a server shutting down or starting (57P01–57P03) and of lost connections (class 08). */
const SQLSTATE = /^(57P0[123]|08\d{3}|08P01)$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);
const PG_MESSAGES = /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

export const DATABASE_UNAVAILABLE = "The console's database is not answering; nothing was changed. Try again in a moment.";

export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === "object"; depth++) {
    const o = e as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } }; cause?: unknown };
    const code = typeof o.code === "string" ? o.code : undefined;
    if (code && (PRISMA_CODES.has(code) || SQLSTATE.test(code) || SOCKET_CODES.has(code))) return true;
    const driver = o.meta?.driverAdapterError?.cause;
    if (driver) {
      if (typeof driver.originalCode === "string" && (SQLSTATE.test(driver.originalCode) || SOCKET_CODES.has(driver.originalCode))) return true;
      if (driver.kind === "DatabaseNotReachable" || driver.kind === "ConnectionClosed" || driver.kind === "SocketTimeout") return true;
    }
    if (typeof o.message === "string" && PG_MESSAGES.test(o.message)) return true;
    e = o.cause;
  }
  return false;
}
