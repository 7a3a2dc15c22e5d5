import { sealData } from "iron-session";
import { randomBytes, createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";

/**
 * Server actions called directly, the way a hostile client would call them, with a
 * real session in the real database. Only the request context (next/headers) is
 * provided by the test: that is where Next.js would put the browser's cookie.
 */

const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers({ "user-agent": "vitest" }),
}));

const SECRET = "integration-test-secret-0123456789abcdef";
const suffix = Date.now().toString(36);
let prismaClient: typeof import("@/lib/db/client");
let actions: typeof import("@/app/actions/users");
const ids: Record<Role, string> = { VIEWER: "", EDITOR: "", ADMIN: "" };

async function signInAs(role: Role | null) {
  jar.clear();
  if (!role) return;
  const sid = randomBytes(16).toString("base64url");
  await prismaClient.prisma().session.create({
    data: { id: createHash("sha256").update(sid).digest("hex"), userId: ids[role], expiresAt: new Date(Date.now() + 3600_000) },
  });
  jar.set("perfops_session", await sealData({ sid }, { password: SECRET }));
}

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET;
  const { resetConfigCache } = await import("@/lib/config");
  resetConfigCache();
  prismaClient = await import("@/lib/db/client");
  const { migrate } = await import("@/lib/db/migrate");
  await migrate(process.env.DATABASE_URL as string);
  actions = await import("@/app/actions/users");
  for (const role of ["VIEWER", "EDITOR", "ADMIN"] as Role[]) {
    const u = await prismaClient.prisma().user.create({
      data: { email: `${role.toLowerCase()}-${suffix}@example.com`, name: role, role, passwordHash: "x" },
    });
    ids[role] = u.id;
  }
});

afterAll(async () => {
  await prismaClient.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await prismaClient.prisma().$disconnect();
});

beforeEach(() => jar.clear());

const newUser = () => ({ email: `new-${suffix}-${Math.random().toString(36).slice(2)}@example.com`, name: "New", password: "long enough password", role: "ADMIN" as const });

describe("server actions check session and role on the server", () => {
  it("refuses a viewer who calls a mutating action directly, and changes nothing", async () => {
    await signInAs("VIEWER");
    const input = newUser();
    const res = await actions.createUserAction(input);
    expect(res).toEqual({ ok: false, error: { code: "forbidden", message: expect.stringContaining("needs the admin role") } });
    expect(await prismaClient.prisma().user.findUnique({ where: { email: input.email } })).toBeNull();
    const promote = await actions.setRoleAction({ userId: ids.VIEWER, role: "ADMIN" });
    expect(promote.ok).toBe(false);
    expect((await prismaClient.prisma().user.findUniqueOrThrow({ where: { id: ids.VIEWER } })).role).toBe("VIEWER");
  });

  it("refuses an editor too: user management is for admins", async () => {
    await signInAs("EDITOR");
    expect((await actions.listUsersAction({})).ok).toBe(false);
  });

  it("refuses a caller without a session, and one with a forged cookie", async () => {
    expect(await actions.createUserAction(newUser())).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    jar.set("perfops_session", await sealData({ sid: "guessed" }, { password: SECRET }));
    expect(await actions.createUserAction(newUser())).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    jar.set("perfops_session", await sealData({ sid: "x" }, { password: "another-secret-another-secret-000000" }));
    expect(await actions.createUserAction(newUser())).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });

  it("lets an admin create a user and records it in the audit log", async () => {
    await signInAs("ADMIN");
    const input = newUser();
    const res = await actions.createUserAction(input);
    expect(res.ok).toBe(true);
    const audit = await prismaClient.prisma().auditLog.findFirst({ where: { action: "user.create", actorId: ids.ADMIN }, orderBy: { at: "desc" } });
    expect(audit?.after).toEqual({ email: input.email, role: "ADMIN" });
    const again = await actions.createUserAction(input);
    expect(again).toEqual({ ok: false, error: { code: "conflict", message: `a user with the email ${input.email} already exists` } });
  });

  it("rejects bad input with the field and the reason, before touching anything", async () => {
    await signInAs("ADMIN");
    const res = await actions.createUserAction({ email: "not-an-email", name: "", password: "short", role: "ADMIN" });
    expect(res.ok).toBe(false);
    if (res.ok || res.error.code !== "invalid") throw new Error("expected invalid");
    expect(res.error.issues.map((i) => i.path).sort()).toEqual(["email", "name", "password"]);
    expect(res.error.message).toContain("password: expected at least 10 characters");
  });

  it("ends the sessions of a user whose role changes", async () => {
    await signInAs("EDITOR");
    const editorCookie = jar.get("perfops_session") as string;
    await signInAs("ADMIN");
    expect((await actions.setRoleAction({ userId: ids.EDITOR, role: "VIEWER" })).ok).toBe(true);
    jar.set("perfops_session", editorCookie);
    expect(await actions.listUsersAction({})).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });
});
