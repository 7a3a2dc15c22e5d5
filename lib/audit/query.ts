import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { prisma } from "@/lib/db/client";

/**
 * Reading the audit log (the audit page and the reviews' "changes made"): filters,
 * cursor pages newest first, and where each entry's target lives in the console.
 */

export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  targetType: z.string().trim().max(60).optional(),
  /** an action name or a prefix ending in "." ("rules." = every rule-file action) */
  action: z.string().trim().max(80).optional(),
  /** ISO times */
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  /** sign-ins are kept but not shown unless asked for (or named in `action`): they are not changes */
  signIns: z.boolean().default(false),
  cursor: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(200).default(50),
}).refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), { message: "from must be before to", path: ["from"] });

export type AuditFilter = z.input<typeof auditFilterSchema>;

export interface AuditRow {
  id: string;
  at: string;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string | null;
  /** the target's name when it is a document (rule file, SLO, profile) */
  targetName: string | null;
  /** the service the target belongs to, when it belongs to one */
  service: string | null;
  href: string | null;
  outcome: string;
  message: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  rows: AuditRow[];
  nextCursor: string | null;
  /** values for the filter pickers */
  actors: string[];
  targetTypes: string[];
}

/** The Prisma filter of an audit query. Pure. */
export function auditWhere(f: z.output<typeof auditFilterSchema>): Prisma.AuditLogWhereInput {
  const where: Prisma.AuditLogWhereInput = {};
  if (f.actor) where.actorEmail = f.actor;
  if (f.targetType) where.targetType = f.targetType;
  if (f.action) where.action = f.action.endsWith(".") ? { startsWith: f.action } : f.action;
  if (!f.signIns && !f.action?.startsWith("session.")) where.NOT = { action: { startsWith: "session." } };
  if (f.from || f.to) where.at = { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) };
  return where;
}

/** Where an entry's target is shown in the console, if anywhere. Pure. */
export function auditHref(targetType: string, targetId: string | null, targetName: string | null): string | null {
  if (!targetId) return targetType === "silence" ? "/alerts" : null;
  switch (targetType) {
    case "rule_file":
      return `/rules/${encodeURIComponent(targetId)}`;
    case "slo":
      return `/slos/${encodeURIComponent(targetId)}`;
    case "scaling_profile":
      return targetName ? `/profiles/${targetName.split("/").map(encodeURIComponent).join("/")}` : null;
    case "silence":
      return "/alerts";
    case "review":
      return `/reviews/${encodeURIComponent(targetId)}`;
    case "roadmap_item":
      return "/roadmap";
    case "loadtest":
      return "/loadtests";
    default:
      return null;
  }
}

export async function listAudit(input: AuditFilter): Promise<AuditPage> {
  const f = auditFilterSchema.parse(input);
  const db = prisma();
  const rows = await db.auditLog.findMany({
    where: auditWhere(f),
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: f.limit + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, f.limit);
  const [withTargets, actors, types] = await Promise.all([
    toRows(page),
    db.auditLog.findMany({ distinct: ["actorEmail"], select: { actorEmail: true }, orderBy: { actorEmail: "asc" }, take: 500 }),
    db.auditLog.findMany({ distinct: ["targetType"], select: { targetType: true }, orderBy: { targetType: "asc" }, take: 100 }),
  ]);
  return {
    rows: withTargets,
    nextCursor: rows.length > f.limit ? (page.at(-1)?.id ?? null) : null,
    actors: actors.map((a) => a.actorEmail),
    targetTypes: types.map((t) => t.targetType),
  };
}

type LogRow = Awaited<ReturnType<ReturnType<typeof prisma>["auditLog"]["findMany"]>>[number];

/** Audit rows with their targets' names and links. */
async function toRows(page: LogRow[]): Promise<AuditRow[]> {
  const docIds = [...new Set(page.filter((r) => r.targetId && DOCUMENT_TARGETS.includes(r.targetType)).map((r) => r.targetId as string))];
  const docs = docIds.length ? await prisma().document.findMany({ where: { id: { in: docIds } }, select: { id: true, name: true, service: true } }) : [];
  const byId = new Map(docs.map((d) => [d.id, d]));
  return page.map((r) => {
    const doc = r.targetId ? byId.get(r.targetId) : undefined;
    const targetName = doc?.name ?? null;
    return {
      id: r.id,
      at: r.at.toISOString(),
      actorEmail: r.actorEmail,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetName,
      service: doc?.service ?? (r.after as { workload?: string } | null)?.workload ?? null,
      href: auditHref(r.targetType, r.targetId, targetName),
      outcome: r.outcome,
      message: r.message,
      before: r.before ?? null,
      after: r.after ?? null,
    };
  });
}

const DOCUMENT_TARGETS = ["rule_file", "slo", "scaling_profile"];

/**
 * What changed what runs in [start, end): pushes of rule files, SLOs and scaling
 * profiles, and silences (drafts saved in the console change nothing that runs).
 * With a service, the changes to its own documents and to documents of no service
 * (a rule file covers every service), and every silence.
 */
export async function changesBetween(start: Date, end: Date, service?: string, limit = 500): Promise<AuditRow[]> {
  const rows = await prisma().auditLog.findMany({
    where: { at: { gte: start, lt: end }, OR: [{ action: { endsWith: ".push" } }, { targetType: "silence" }] },
    orderBy: { at: "asc" },
    take: limit,
  });
  const all = await toRows(rows);
  return service ? all.filter((r) => r.service === null || r.service === service) : all;
}
