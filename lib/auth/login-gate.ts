import "server-only";
import { prisma } from "@/lib/db/client";
import { lockedForMs, MAX_CLIENT_FAILURES, MAX_FAILURES, WINDOW_MS } from "./login-throttle";

/**
 * The sign-in throttle's bookkeeping, atomic across requests and replicas: under a
 * PostgreSQL advisory lock per email (and per client address, when one is trusted),
 * the recent failures are counted and, unless that locks the caller out, an attempt
 * row is written *before* the password is checked. N concurrent wrong passwords thus
 * check at most MAX_FAILURES of them. The row stays as the failure if the password is
 * wrong; a successful sign-in clears the email's rows.
 */

export type Gate = { locked: 0 } | { locked: number; by: "email" | "client" };

export async function reserveSignInAttempt(email: string, client: string | undefined): Promise<Gate> {
  return prisma().$transaction(async (tx) => {
    // always email first, then client: two transactions never wait on each other in a cycle
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`perfops:login:email:${email}`}, 0))`;
    if (client) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`perfops:login:client:${client}`}, 0))`;
    const now = new Date();
    const since = new Date(now.getTime() - WINDOW_MS);
    const byEmail = await tx.loginAttempt.findMany({ where: { email, at: { gt: since } }, select: { at: true } });
    const emailLock = lockedForMs(byEmail.map((f) => f.at), now, MAX_FAILURES);
    if (emailLock > 0) return { locked: emailLock, by: "email" as const };
    if (client) {
      const byClient = await tx.loginAttempt.findMany({ where: { client, at: { gt: since } }, select: { at: true } });
      const clientLock = lockedForMs(byClient.map((f) => f.at), now, MAX_CLIENT_FAILURES);
      if (clientLock > 0) return { locked: clientLock, by: "client" as const };
    }
    await tx.loginAttempt.create({ data: { email, client: client ?? null, at: now } });
    await tx.loginAttempt.deleteMany({ where: { at: { lt: since } } });
    return { locked: 0 as const };
  });
}

/** A successful sign-in: the email's failures (and this attempt) are forgotten. */
export async function clearSignInAttempts(email: string): Promise<void> {
  await prisma().loginAttempt.deleteMany({ where: { email } });
}
