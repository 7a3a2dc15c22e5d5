import "server-only";
import type { Prisma } from "@prisma/client";
import { recordAudit } from "@/lib/audit/log";
import { prisma } from "@/lib/db/client";
import { ActionFailure } from "@/lib/errors/action-failure";
import { sloId, type SloSpec } from "./spec";

/**
 * SLO definitions kept by the console, versioned like rule files: every save is a
 * version (author, time, message) and a save must name the version it was based on.
 */

type Actor = { id: string; email: string };

export interface SloRow {
  id: string;
  name: string;
  service: string;
  head: number;
  spec: SloSpec;
  updatedAt: string;
}

export async function listSlos(): Promise<SloRow[]> {
  const slos = await prisma().slo.findMany({ orderBy: [{ service: "asc" }, { name: "asc" }], include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  return slos.flatMap((s) => (s.versions[0] ? [{ id: s.id, name: s.name, service: s.service, head: s.head, spec: s.versions[0].spec as unknown as SloSpec, updatedAt: s.updatedAt.toISOString() }] : []));
}

export async function getSlo(id: string) {
  const s = await prisma().slo.findUnique({ where: { id }, include: { versions: { orderBy: { version: "desc" } } } });
  const head = s?.versions[0];
  if (!s || !head) throw new ActionFailure("not_found", "No such SLO (it may have been deleted).");
  return {
    id: s.id,
    name: s.name,
    service: s.service,
    head: s.head,
    spec: head.spec as unknown as SloSpec,
    versions: s.versions.map((v) => ({ version: v.version, message: v.message, authorEmail: v.authorEmail, createdAt: v.createdAt.toISOString() })),
  };
}

export interface SloVersionRow {
  version: number;
  message: string;
  authorEmail: string;
  createdAt: string;
  spec: SloSpec;
}

/** One saved version of an SLO, its spec as saved. */
export async function getSloVersion(id: string, version: number): Promise<SloVersionRow> {
  const v = await prisma().sloVersion.findUnique({ where: { sloId_version: { sloId: id, version } } });
  if (!v) throw new ActionFailure("not_found", `Version ${version} of this SLO does not exist.`);
  return { version: v.version, message: v.message, authorEmail: v.authorEmail, createdAt: v.createdAt.toISOString(), spec: v.spec as unknown as SloSpec };
}

/** Creates the SLO or saves a new version of it (base = the version the editor started from, 0 for a new SLO). */
export async function saveSlo(spec: SloSpec, base: number, message: string, actor: Actor | null): Promise<{ id: string; version: number }> {
  const name = sloId(spec);
  const json = spec as unknown as Prisma.InputJsonValue;
  const email = actor?.email ?? "system";
  return prisma().$transaction(async (tx) => {
    const existing = await tx.slo.findUnique({ where: { name } });
    if (!existing) {
      if (base !== 0) throw new ActionFailure("not_found", `SLO ${name} does not exist any more.`);
      const created = await tx.slo.create({ data: { name, service: spec.service, head: 1 } });
      await tx.sloVersion.create({ data: { sloId: created.id, version: 1, spec: json, message, authorId: actor?.id, authorEmail: email } });
      await recordAudit({ actor, action: "slo.create", targetType: "slo", targetId: created.id, after: { name, objective: spec.objective, message } }, tx);
      return { id: created.id, version: 1 };
    }
    if (base === 0) throw new ActionFailure("conflict", `An SLO named ${name} already exists; open it and save a new version instead.`);
    const moved = await tx.slo.updateMany({ where: { id: existing.id, head: base }, data: { head: base + 1, service: spec.service } });
    if (moved.count === 0) {
      throw new ActionFailure("conflict", `Not saved: someone saved v${existing.head} of ${name} after the v${base} you started from. Reload it, your values are still in the form.`);
    }
    await tx.sloVersion.create({ data: { sloId: existing.id, version: base + 1, spec: json, message, authorId: actor?.id, authorEmail: email } });
    await recordAudit({ actor, action: "slo.save", targetType: "slo", targetId: existing.id, after: { name, version: base + 1, objective: spec.objective, message } }, tx);
    return { id: existing.id, version: base + 1 };
  });
}
