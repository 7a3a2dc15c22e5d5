"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/log";
import { safeNextPath } from "@/lib/auth/next-path";
import { clearSignInAttempts, reserveSignInAttempt } from "@/lib/auth/login-gate";
import { retryAfterText } from "@/lib/auth/login-throttle";
import { clientAddress } from "@/lib/auth/request";
import { dummyHash, verifyPassword } from "@/lib/auth/password";
import { signInSchema } from "@/lib/auth/schemas";
import { endSession, startSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
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
    // brute-force protection (lib/auth/login-gate.ts): the attempt is counted before the password is checked
    const h = await headers();
    const gate = await reserveSignInAttempt(address, clientAddress(h.get("x-forwarded-for"), getConfig().trustedProxyHops));
    if (gate.locked > 0) {
      const who = "by" in gate && gate.by === "client" ? "from this address" : "for this email";
      return { error: `Too many failed sign-ins ${who}; try again in ${retryAfterText(gate.locked)}.`, email };
    }
    user = await prisma().user.findUnique({ where: { email: address } });
  } catch (err) {
    console.error("[signIn]", err);
    return { error: "The console's database is unreachable; try again shortly.", email };
  }
  // the same bcrypt work for any email, existing or not, and the same message for all three failures
  const valid = await verifyPassword(parsed.data.password, user?.passwordHash ?? dummyHash());
  if (!user || !valid || user.disabled) return { error: "Wrong email or password, or the account is disabled.", email };
  await clearSignInAttempts(address);
  await startSession(user.id);
  await prisma().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await recordAudit({ actor: { id: user.id, email: user.email }, action: "session.sign_in", targetType: "user", targetId: user.id });
  redirect(safeNextPath(form.get("next")));
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect("/login");
}
