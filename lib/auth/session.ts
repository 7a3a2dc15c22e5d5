import "server-only";
import { randomBytes, createHash } from "node:crypto";
import { getIronSession, type SessionOptions } from "iron-session";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getConfig } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { secureCookie } from "./request";
import { hasRole, type Role } from "./roles";

/**
 * Sessions: iron-session seals a cookie holding only a session id; the session row
 * in PostgreSQL decides whether it is still valid. Deleting the row (sign-out,
 * disabling a user, changing a role) ends the session at once, on every replica.
 */

const SESSION_DAYS = 7;
const COOKIE = "perfops_session";

interface CookieData {
  sid?: string;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export class AuthError extends Error {
  constructor(
    readonly code: "unauthenticated" | "forbidden",
    message: string,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

function sessionOptions(): SessionOptions {
  const secret = getConfig().sessionSecret ?? process.env.SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set and start-up did not create one");
  return {
    password: secret,
    cookieName: COOKIE,
    ttl: SESSION_DAYS * 86400,
    cookieOptions: {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // set per request from SESSION_COOKIE_SECURE (see cookieSession)
      secure: false,
    },
  };
}

/**
 * The request's sealed cookie, unsealed once per server render (the layout and the
 * page of one request share it). The session object is the request's own: a sign-in
 * or sign-out in the same request updates it for later readers.
 */
const cookieSession = cache(async () => {
  const opts = sessionOptions();
  const h = await headers();
  const secure = secureCookie(getConfig().cookieSecure, h.get("x-forwarded-proto"));
  return getIronSession<CookieData>(await cookies(), {
    ...opts,
    cookieOptions: { ...opts.cookieOptions, secure },
  });
});

/** Session ids are stored hashed: a database dump does not hand out live sessions. */
const hashSid = (sid: string) => createHash("sha256").update(sid).digest("hex");

export async function startSession(userId: string): Promise<void> {
  const sid = randomBytes(32).toString("base64url");
  const userAgent = (await headers()).get("user-agent")?.slice(0, 300) ?? null;
  // expired sessions of anyone are dropped here (they already let no one in)
  await prisma().$transaction([
    prisma().session.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
    prisma().session.create({
      data: { id: hashSid(sid), userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000), userAgent },
    }),
  ]);
  const session = await cookieSession();
  session.sid = sid;
  await session.save();
}

export async function endSession(): Promise<void> {
  const session = await cookieSession();
  if (session.sid) await prisma().session.deleteMany({ where: { id: hashSid(session.sid) } });
  session.destroy();
}

async function userForSid(sid: string): Promise<SessionUser | null> {
  const row = await prisma().session.findUnique({
    where: { id: hashSid(sid) },
    include: { user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!row || row.expiresAt < new Date() || row.user.disabled) return null;
  return { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role };
}

/**
 * The request's session in two steps. `sealed`: the request carries a session id in
 * a cookie this server sealed (its MAC checked; a forged or tampered cookie has
 * none), known without the database. `user`: the signed-in user, looked up in the
 * database; only this decides access. A page may start work on `sealed` (its
 * queries) while `user` is looked up, and must not send anything before `user`
 * says who is asking.
 *
 * The lookup starts on the next turn of the event loop: preparing a Prisma query
 * takes a few milliseconds of CPU, and work that a page starts on `sealed` (sending
 * its queries) goes out first.
 */
export async function sessionLookup(): Promise<{ sealed: boolean; user: Promise<SessionUser | null> }> {
  const sid = (await cookieSession()).sid;
  if (!sid) return { sealed: false, user: Promise.resolve(null) };
  return { sealed: true, user: new Promise<void>((resolve) => setImmediate(resolve)).then(() => userForSid(sid)) };
}

/** The signed-in user of this request, or null. Never trusts anything but the database. */
export async function currentUser(): Promise<SessionUser | null> {
  return (await sessionLookup()).user;
}

/** Throws AuthError unless a user with at least `role` is signed in. */
export async function requireRole(role: Role): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AuthError("unauthenticated", "You are not signed in, or your session has ended. Sign in again.");
  if (!hasRole(user.role, role)) {
    throw new AuthError("forbidden", `This needs the ${role.toLowerCase()} role; you are signed in as ${user.role.toLowerCase()}.`);
  }
  return user;
}
