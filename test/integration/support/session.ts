import { sealData } from "iron-session";
import { createHash, randomBytes } from "node:crypto";
import type { Role } from "@/lib/auth/roles";

/**
 * The request context the server actions read (next/headers), for tests that call
 * actions directly the way a hostile client would: a cookie jar holding a real,
 * sealed session of a real user in the real database. Use with
 *   vi.mock("next/headers", () => import("./support/session"));
 */

export const SECRET = "integration-test-secret-0123456789abcdef";
export const jar = new Map<string, string>();

export async function cookies() {
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  };
}

/** The request's headers as the action sees them; tests may add e.g. X-Forwarded-For. */
export const requestHeaders = new Headers({ "user-agent": "vitest" });

export async function headers() {
  return new Headers(requestHeaders);
}

type Db = typeof import("@/lib/db/client");

/**
 * For a test file calling actions: the session secret, a fresh config, the migrated
 * database, and one user per role (emails ending in `suffix@example.com`).
 */
export async function setUpActions(suffix: string): Promise<{ db: Db; ids: Record<Role, string> }> {
  process.env.SESSION_SECRET = SECRET;
  const { resetConfigCache } = await import("@/lib/config");
  resetConfigCache();
  const db = await import("@/lib/db/client");
  const { migrate } = await import("@/lib/db/migrate");
  await migrate(process.env.DATABASE_URL as string);
  return { db, ids: await createUsers(db, suffix) };
}

/** One user per role, with emails ending in `suffix@example.com` (delete them with that). */
export async function createUsers(db: Db, suffix: string): Promise<Record<Role, string>> {
  const ids: Record<Role, string> = { VIEWER: "", EDITOR: "", ADMIN: "" };
  for (const role of ["VIEWER", "EDITOR", "ADMIN"] as Role[]) {
    const u = await db.prisma().user.create({ data: { email: `${role.toLowerCase()}-${suffix}@example.com`, name: role, role, passwordHash: "x" } });
    ids[role] = u.id;
  }
  return ids;
}

/** Signs the jar in as `userId` (null: signed out). */
export async function signInAs(db: Db, userId: string | null): Promise<void> {
  jar.clear();
  if (!userId) return;
  const sid = randomBytes(16).toString("base64url");
  await db.prisma().session.create({
    data: { id: createHash("sha256").update(sid).digest("hex"), userId, expiresAt: new Date(Date.now() + 3600_000) },
  });
  jar.set("perfops_session", await sealData({ sid }, { password: SECRET }));
}

/** An action's data, or a test failure with the action's own message. */
export function data<T>(res: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(`action failed: ${res.error.message}`);
  return res.data;
}

function acknowledgementAsked(v: unknown): string | undefined {
  if (!v || typeof v !== "object") return undefined;
  const o = v as { needsAcknowledgement?: unknown; acknowledgement?: unknown; outcome?: unknown };
  if (o.needsAcknowledgement && typeof o.acknowledgement === "string") return o.acknowledgement;
  return acknowledgementAsked(o.outcome);
}

/**
 * A push as an editor makes it who reads the warnings and clicks "push anyway": asked
 * once, then again with the acknowledgement the first answer gave (when it asked for one).
 */
export async function pushAnyway<I extends { acknowledgement?: string }, R extends { ok: boolean }>(action: (input: I) => Promise<R>, input: NoInfer<Omit<I, "acknowledgement">>): Promise<R> {
  const first = await action(input as I);
  const asked = first.ok ? acknowledgementAsked((first as unknown as { data: unknown }).data) : undefined;
  return asked ? action({ ...input, acknowledgement: asked } as I) : first;
}
