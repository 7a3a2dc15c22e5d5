import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_CLIENT_FAILURES, MAX_FAILURES, WINDOW_MS } from "@/lib/auth/login-throttle";
import { jar, requestHeaders, setUpActions } from "./support/session";

/**
 * The sign-in action against the real database: brute-force protection (an email
 * refused after MAX_FAILURES failures within WINDOW_MS, existing or not) and the
 * sweep of expired sessions.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `signin-${Date.now().toString(36)}`;
const PASSWORD = "correct horse battery";
let db: Awaited<ReturnType<typeof setUpActions>>["db"];
let auth: typeof import("@/app/actions/auth");
let userEmail = "";
let userId = "";

const form = (email: string, password: string) => {
  const f = new FormData();
  f.set("email", email);
  f.set("password", password);
  return f;
};

/** Runs the action; a successful sign-in ends in Next.js's redirect, thrown as an error. */
async function signIn(email: string, password: string): Promise<{ error?: string; redirected?: string }> {
  try {
    return await auth.signIn({}, form(email, password));
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return { redirected: digest.split(";")[2] };
    throw err;
  }
}

beforeAll(async () => {
  ({ db } = await setUpActions(suffix));
  auth = await import("@/app/actions/auth");
  const { hashPassword } = await import("@/lib/auth/password");
  userEmail = `person-${suffix}@example.com`;
  userId = (await db.prisma().user.create({ data: { email: userEmail, name: "Person", role: "VIEWER", passwordHash: await hashPassword(PASSWORD) } })).id;
});

afterAll(async () => {
  await db.prisma().loginAttempt.deleteMany({ where: { email: { contains: suffix } } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await db.prisma().$disconnect();
});

beforeEach(() => {
  jar.clear();
  requestHeaders.delete("x-forwarded-for");
});

describe("sign-in", () => {
  it("refuses an email after repeated failures, even with the right password, until the window has passed", async () => {
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(await signIn(userEmail, "wrong password")).toEqual({ error: "Wrong email or password, or the account is disabled.", email: userEmail });
    }
    expect(await db.prisma().loginAttempt.count({ where: { email: userEmail } })).toBe(MAX_FAILURES);
    // the right password is refused now, and no session is handed out
    const locked = await signIn(userEmail, PASSWORD);
    expect(locked.error).toBe("Too many failed sign-ins for this email; try again in 5 minutes.");
    expect(jar.size).toBe(0);
    // another email is not affected
    expect((await signIn(`other-${suffix}@example.com`, "wrong password")).error).toMatch(/^Wrong email or password/);
    // once the failures are older than the window, the right password works and clears them
    await db.prisma().loginAttempt.updateMany({ where: { email: userEmail }, data: { at: new Date(Date.now() - WINDOW_MS - 1000) } });
    expect(await signIn(userEmail, PASSWORD)).toEqual({ redirected: "/" });
    expect(jar.has("perfops_session")).toBe(true);
    expect(await db.prisma().loginAttempt.count({ where: { email: userEmail } })).toBe(0);
  });

  it("throttles an email that has no account the same way, so the refusal reveals nothing", async () => {
    const nobody = `nobody-${suffix}@example.com`;
    for (let i = 0; i < MAX_FAILURES; i++) await signIn(nobody, "guess");
    expect((await signIn(nobody, "guess")).error).toMatch(/^Too many failed sign-ins for this email; try again in \d+ (minute|second)s?\.$/);
  });

  it("counts the email as the form normalises it (case and spaces)", async () => {
    const mixed = `Mixed-${suffix}@Example.com`;
    for (let i = 0; i < MAX_FAILURES; i++) await signIn(i % 2 ? `  ${mixed}` : mixed.toLowerCase(), "guess");
    expect((await signIn(mixed.toUpperCase(), "guess")).error).toMatch(/^Too many failed sign-ins/);
  });

  it("checks at most MAX_FAILURES passwords of a concurrent burst for one email", async () => {
    const target = `burst-${suffix}@example.com`;
    await db.prisma().user.create({ data: { email: target, name: "Burst", role: "VIEWER", passwordHash: (await db.prisma().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash } });
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(target, `wrong password ${i}`)));
    const checked = burst.filter((r) => r.error?.startsWith("Wrong email or password")).length;
    const refused = burst.filter((r) => r.error?.startsWith("Too many failed sign-ins for this email")).length;
    expect({ checked, refused }).toEqual({ checked: MAX_FAILURES, refused: 12 - MAX_FAILURES });
    expect(await db.prisma().loginAttempt.count({ where: { email: target } })).toBe(MAX_FAILURES);
    // the right password is refused now too
    expect((await signIn(target, PASSWORD)).error).toMatch(/^Too many failed sign-ins for this email/);
    // a burst for an email that has no account looks exactly the same
    const ghost = await Promise.all(Array.from({ length: 12 }, () => signIn(`ghost-${suffix}@example.com`, "guess")));
    expect(ghost.map((r) => r.error?.slice(0, 20)).sort()).toEqual(burst.map((r) => r.error?.slice(0, 20)).sort());
  });

  it("limits one client address across emails behind a trusted proxy, and ignores forged addresses without one", async () => {
    const { resetConfigCache } = await import("@/lib/config");
    // no trusted proxy: X-Forwarded-For is the client's own word and not used
    requestHeaders.set("x-forwarded-for", "203.0.113.7");
    for (let i = 0; i < MAX_CLIENT_FAILURES + 2; i++) expect((await signIn(`spray-a${i}-${suffix}@example.com`, "guess")).error).toMatch(/^Wrong email/);
    process.env.TRUSTED_PROXY_HOPS = "1";
    resetConfigCache();
    try {
      // the client forges a first entry; the proxy appends the real address
      requestHeaders.set("x-forwarded-for", "198.51.100.1, 203.0.113.8");
      for (let i = 0; i < MAX_CLIENT_FAILURES; i++) expect((await signIn(`spray-b${i}-${suffix}@example.com`, "guess")).error).toMatch(/^Wrong email/);
      const next = await signIn(`spray-next-${suffix}@example.com`, "guess");
      expect(next.error).toMatch(/^Too many failed sign-ins from this address; try again in \d+ (minute|second)s?\.$/);
      expect((await signIn(userEmail, PASSWORD)).error).toMatch(/^Too many failed sign-ins from this address/);
      // another address (a different real entry) is not affected
      requestHeaders.set("x-forwarded-for", "198.51.100.1, 203.0.113.9");
      expect(await signIn(userEmail, PASSWORD)).toEqual({ redirected: "/" });
    } finally {
      delete process.env.TRUSTED_PROXY_HOPS;
      resetConfigCache();
      await db.prisma().loginAttempt.deleteMany({ where: { email: { contains: suffix } } });
    }
  });

  it("drops expired sessions when someone signs in", async () => {
    const expired = await db.prisma().session.create({ data: { id: `expired-${suffix}`, userId, expiresAt: new Date(Date.now() - 1000) } });
    const live = await db.prisma().session.create({ data: { id: `live-${suffix}`, userId, expiresAt: new Date(Date.now() + 3600_000) } });
    expect(await signIn(userEmail, PASSWORD)).toEqual({ redirected: "/" });
    expect(await db.prisma().session.findUnique({ where: { id: expired.id } })).toBeNull();
    expect(await db.prisma().session.findUnique({ where: { id: live.id } })).not.toBeNull();
  });
});
