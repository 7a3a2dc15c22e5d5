"use server";

import { auditFilterSchema, listAudit } from "@/lib/audit/query";
import { defineAction } from "@/lib/server/action";

/** The audit log: editors and admins read it; viewers do not. */
export const listAuditAction = defineAction("audit.list", "EDITOR", auditFilterSchema, (f) => listAudit(f));
