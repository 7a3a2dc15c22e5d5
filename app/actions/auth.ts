"use server";

import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/log";
import { safeNextPath } from "@/lib/auth/next-path";
import { lockedForMs, retryAfterText, WINDOW_MS } from "@/lib/auth/login-throttle";
import { dummyHash, verifyPassword } from "@/lib/auth/password";
import { signInSchema } from "@/lib/auth/schemas";
import { endSession, startSession } from "@/lib/auth/session";
import { prisma } from "@/lib/db/client";

export interface SignInState {
  error?: string;
  email?: string;
}

export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) {
    return { error: parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "), email };
  }
  const address = parsed.data.email;
  let user;
  try {
    // brute-force protection (lib/auth/login-throttle.ts): checked before the password
    const since = new Date(Date.now() - WINDOW_MS);
    const failures = await prisma().loginAttempt.findMany({ where: { email: address, at: { gt: since } }, select: { at: true } });
    const locked = lockedForMs(failures.map((f) => f.at), new Date());
    if (locked > 0) {
      return { error: `Too many failed sign-ins for this email; try again in ${retryAfterText(locked)}.`, email };
    }
    user = await prisma().user.findUnique({ where: { email: address } });
  } catch (err) {
    console.error("[signIn]", err);
    return { error: "The console's database is unreachable; try again shortly.", email };
  }
  const valid = await verifyPassword(parsed.data.password, user?.passwordHash ?? dummyHash());
  if (!user || !valid || user.disabled) {
    // counted for any email, existing or not; rows older than the window are dropped
    await prisma()
      .$transaction([
        prisma().loginAttempt.create({ data: { email: address } }),
        prisma().loginAttempt.deleteMany({ where: { at: { lt: new Date(Date.now() - WINDOW_MS) } } }),
      ])
      .catch((err: unknown) => console.error("[signIn] could not record a failed sign-in", err));
    // One message for all three: do not tell a stranger which emails exist.
    return { error: "Wrong email or password, or the account is disabled.", email };
  }
  await prisma().loginAttempt.deleteMany({ where: { email: address } });
  await startSession(user.id);
  await prisma().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await recordAudit({ actor: { id: user.id, email: user.email }, action: "session.sign_in", targetType: "user", targetId: user.id });
  redirect(safeNextPath(form.get("next")));
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect("/login");
}
