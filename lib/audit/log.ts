import type { Prisma } from "@prisma/client";
import { prisma } from "@/lib/db/client";

/** The audit log: who changed what, when, and the state before and after. */

export interface AuditEntry {
  actor: { id: string; email: string } | null;
  action: string;
  targetType: string;
  targetId?: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  outcome?: "ok" | "failed";
  message?: string;
}

export async function recordAudit(entry: AuditEntry, tx: Prisma.TransactionClient = prisma()): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? "system",
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      before: entry.before,
      after: entry.after,
      outcome: entry.outcome ?? "ok",
      message: entry.message,
    },
  });
}
