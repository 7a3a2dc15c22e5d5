import { Prisma } from "@prisma/client";
import { recordAudit } from "@/lib/audit/log";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/client";
import { ActionFailure } from "@/lib/errors/action-failure";
import type { UserRow } from "./types";

export type { UserRow };

/** User accounts: creation, roles, disabling. Every change is audited. */

type Actor = { id: string; email: string } | null;

const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  createdAt: true,
  lastLoginAt: true,
} as const;

function toRow(u: Prisma.UserGetPayload<{ select: typeof publicFields }>): UserRow {
  return { ...u, createdAt: u.createdAt.toISOString(), lastLoginAt: u.lastLoginAt?.toISOString() ?? null };
}

export async function listUsers(): Promise<UserRow[]> {
  const users = await prisma().user.findMany({ select: publicFields, orderBy: { email: "asc" } });
  return users.map(toRow);
}

export async function createUser(
  input: { email: string; name: string; password: string; role: Role },
  actor: Actor,
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: publicFields,
      });
      await recordAudit(
        { actor, action: "user.create", targetType: "user", targetId: user.id, after: { email: user.email, role: user.role } },
        tx,
      );
      return toRow(user);
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ActionFailure("conflict", `a user with the email ${input.email} already exists`);
    }
    throw err;
  }
}

async function adminCount(tx: Prisma.TransactionClient): Promise<number> {
  return tx.user.count({ where: { role: "ADMIN", disabled: false } });
}

async function changeUser(
  userId: string,
  actor: Actor,
  action: string,
  change: (before: UserRow) => Prisma.UserUpdateInput,
  guard?: (before: UserRow, tx: Prisma.TransactionClient) => Promise<void>,
): Promise<UserRow> {
  return prisma().$transaction(
    async (tx) => {
      const found = await tx.user.findUnique({ where: { id: userId }, select: publicFields });
      if (!found) throw new ActionFailure("not_found", "that user no longer exists");
      const before = toRow(found);
      await guard?.(before, tx);
      const updated = toRow(await tx.user.update({ where: { id: userId }, data: change(before), select: publicFields }));
      // A changed role or a disabled account takes effect now: end its sessions.
      await tx.session.deleteMany({ where: { userId } });
      await recordAudit(
        {
          actor,
          action,
          targetType: "user",
          targetId: userId,
          before: { role: before.role, disabled: before.disabled },
          after: { role: updated.role, disabled: updated.disabled },
        },
        tx,
      );
      return updated;
    },
    { isolationLevel: "Serializable" },
  );
}

/** The last active admin cannot be demoted or disabled: someone must be able to manage users. */
async function keepOneAdmin(before: UserRow, tx: Prisma.TransactionClient) {
  if (before.role === "ADMIN" && !before.disabled && (await adminCount(tx)) <= 1) {
    throw new ActionFailure("conflict", "this is the last active admin; make someone else an admin first");
  }
}

export function setRole(userId: string, role: Role, actor: Actor): Promise<UserRow> {
  return changeUser(userId, actor, "user.set_role", () => ({ role }), (before, tx) =>
    role === "ADMIN" ? Promise.resolve() : keepOneAdmin(before, tx),
  );
}

export function setDisabled(userId: string, disabled: boolean, actor: Actor): Promise<UserRow> {
  return changeUser(userId, actor, disabled ? "user.disable" : "user.enable", () => ({ disabled }), (before, tx) =>
    disabled ? keepOneAdmin(before, tx) : Promise.resolve(),
  );
}

export async function resetPassword(userId: string, password: string, actor: Actor): Promise<UserRow> {
  const passwordHash = await hashPassword(password);
  return changeUser(userId, actor, "user.reset_password", () => ({ passwordHash }));
}

/**
 * Creates the first admin from INITIAL_ADMIN_EMAIL / INITIAL_ADMIN_PASSWORD (or the
 * admin:create script). An existing account is never overwritten.
 */
export async function ensureAdmin(email: string, password: string, name = "Administrator"): Promise<"created" | "exists"> {
  const existing = await prisma().user.findUnique({ where: { email } });
  if (existing) return "exists";
  try {
    await createUser({ email, name, password, role: "ADMIN" }, null);
    return "created";
  } catch (err) {
    // Another replica starting at the same moment created it first.
    if (err instanceof ActionFailure && err.code === "conflict") return "exists";
    throw err;
  }
}
