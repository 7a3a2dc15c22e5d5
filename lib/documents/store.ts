import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { recordAudit } from "@/lib/audit/log";
import { prisma } from "@/lib/db/client";
import { ActionFailure } from "@/lib/errors/action-failure";
import { lineDiff, type DiffLine } from "./diff";
import { DOCUMENT_KINDS, type DocumentKind } from "./kinds";

/**
 * One home for the console's versioned documents (rule files, SLOs, scaling
 * profiles): every save is a new version with author, time and message; a save names
 * the version it started from and is refused with the newer version and a diff when
 * someone saved in between (optimistic concurrency); pushes are recorded with their
 * steps and outcome. Every change is audited. A document is always looked up with its
 * kind, so an id of one kind never reaches another kind's actions.
 */

export type Actor = { id: string; email: string };

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export interface VersionRow {
  version: number;
  message: string;
  authorEmail: string;
  createdAt: string;
  sha256: string;
}

export interface VersionContent extends VersionRow {
  content: string;
}

/** One step of a push as recorded (the shape of lib/push/steps.ts's PushStep). */
export interface PushStep {
  step: string;
  ok: boolean;
  detail: string;
  ms: number;
}

export interface PushRow {
  id: string;
  version: number;
  target: string;
  outcome: string;
  message: string;
  durationMs: number;
  actorEmail: string;
  at: string;
  steps: PushStep[];
}

export interface DocumentSummary {
  id: string;
  name: string;
  service: string | null;
  source: string;
  head: number;
  updatedAt: string;
  /** the head version's text */
  content: string;
  lastPush: PushRow | null;
}

export interface DocumentDetail extends DocumentSummary {
  versions: VersionRow[];
  pushes: PushRow[];
}

export type SaveResult =
  | { saved: true; version: number }
  | {
      saved: false;
      /** Someone saved on top of the caller's base: their version, and how it differs from the caller's draft. */
      conflict: { head: number; authorEmail: string; createdAt: string; message: string; content: string; diff: DiffLine[] };
    };

type PushRecord = { id: string; version: number; target: string; outcome: string; message: string; durationMs: number; actorEmail: string; at: Date; steps: unknown };
const toPush = (p: PushRecord): PushRow => ({ ...p, at: p.at.toISOString(), steps: p.steps as PushStep[] });
type VersionRecord = { version: number; message: string; authorEmail: string; createdAt: Date; sha256: string };
const toVersion = (v: VersionRecord): VersionRow => ({ version: v.version, message: v.message, authorEmail: v.authorEmail, createdAt: v.createdAt.toISOString(), sha256: v.sha256 });

const notFound = (kind: DocumentKind) => new ActionFailure("not_found", `No such ${DOCUMENT_KINDS[kind].title} (it may have been deleted).`);

export async function listDocuments(kind: DocumentKind, where: { service?: string } = {}): Promise<DocumentSummary[]> {
  const docs = await prisma().document.findMany({
    where: { kind, ...(where.service ? { service: where.service } : {}) },
    orderBy: [{ service: "asc" }, { name: "asc" }],
    include: { versions: { orderBy: { version: "desc" }, take: 1 }, pushes: { orderBy: { at: "desc" }, take: 1 } },
  });
  return docs.flatMap((d) =>
    d.versions[0]
      ? [{ id: d.id, name: d.name, service: d.service, source: d.source, head: d.head, updatedAt: d.updatedAt.toISOString(), content: d.versions[0].content, lastPush: d.pushes[0] ? toPush(d.pushes[0]) : null }]
      : [],
  );
}

export async function getDocument(kind: DocumentKind, id: string, opts: { pushes?: number } = {}): Promise<DocumentDetail> {
  const d = await prisma().document.findFirst({
    where: { id, kind },
    include: { versions: { orderBy: { version: "desc" } }, pushes: { orderBy: { at: "desc" }, take: opts.pushes ?? 20 } },
  });
  const head = d?.versions[0];
  if (!d || !head) throw notFound(kind);
  return {
    id: d.id,
    name: d.name,
    service: d.service,
    source: d.source,
    head: d.head,
    updatedAt: d.updatedAt.toISOString(),
    content: head.content,
    lastPush: d.pushes[0] ? toPush(d.pushes[0]) : null,
    versions: d.versions.map(toVersion),
    pushes: d.pushes.map(toPush),
  };
}

/** The document of this kind and name, with its head text, or null. */
export async function findDocument(kind: DocumentKind, name: string): Promise<{ id: string; head: number; content: string } | null> {
  const d = await prisma().document.findUnique({ where: { kind_name: { kind, name } }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  return d ? { id: d.id, head: d.head, content: d.versions[0]?.content ?? "" } : null;
}

export async function getDocumentVersion(kind: DocumentKind, id: string, version: number): Promise<VersionContent> {
  const v = await prisma().documentVersion.findFirst({ where: { documentId: id, version, document: { kind } } });
  if (!v) throw new ActionFailure("not_found", `Version ${version} of this ${DOCUMENT_KINDS[kind].title} does not exist.`);
  return { ...toVersion(v), content: v.content };
}

export async function diffDocumentVersions(kind: DocumentKind, id: string, from: number, to: number): Promise<DiffLine[]> {
  const [a, b] = await Promise.all([getDocumentVersion(kind, id, from), getDocumentVersion(kind, id, to)]);
  return lineDiff(a.content, b.content);
}

export interface NewDocument {
  kind: DocumentKind;
  name: string;
  service?: string | null;
  source: string;
  content: string;
  message: string;
  /** what the audit entry records beside name, version and message */
  audit?: Record<string, Prisma.InputJsonValue>;
}

/** A new document with its first version; refused when one of this kind and name exists. */
export async function createDocument(doc: NewDocument, actor: Actor | null): Promise<{ id: string; version: number }> {
  const k = DOCUMENT_KINDS[doc.kind];
  return prisma().$transaction(async (tx) => {
    if (await tx.document.findUnique({ where: { kind_name: { kind: doc.kind, name: doc.name } } })) {
      throw new ActionFailure("conflict", `A ${k.title} named ${doc.name} already exists; open it and save a new version instead.`);
    }
    const created = await tx.document.create({ data: { kind: doc.kind, name: doc.name, service: doc.service ?? null, source: doc.source, head: 1 } });
    await tx.documentVersion.create({
      data: { documentId: created.id, version: 1, content: doc.content, sha256: sha256(doc.content), message: doc.message, authorId: actor?.id, authorEmail: actor?.email ?? "system" },
    });
    await recordAudit({ actor, action: `${k.auditPrefix}.create`, targetType: k.auditTarget, targetId: created.id, after: { name: doc.name, version: 1, message: doc.message, ...doc.audit } }, tx);
    return { id: created.id, version: 1 };
  });
}

/**
 * Saves `content` as version base + 1 if nobody saved since `base`; otherwise returns
 * the newer version and how the caller's draft differs from it, and changes nothing.
 */
export async function saveDocument(
  kind: DocumentKind,
  id: string,
  base: number,
  content: string,
  message: string,
  actor: Actor | null,
  opts: { service?: string | null; audit?: Record<string, Prisma.InputJsonValue> } = {},
): Promise<SaveResult> {
  const k = DOCUMENT_KINDS[kind];
  const saved = await prisma().$transaction(async (tx) => {
    const moved = await tx.document.updateMany({ where: { id, kind, head: base }, data: { head: base + 1, ...(opts.service !== undefined ? { service: opts.service } : {}) } });
    if (moved.count === 0) return null;
    await tx.documentVersion.create({ data: { documentId: id, version: base + 1, content, sha256: sha256(content), message, authorId: actor?.id, authorEmail: actor?.email ?? "system" } });
    await recordAudit({ actor, action: `${k.auditPrefix}.save`, targetType: k.auditTarget, targetId: id, after: { version: base + 1, message, ...opts.audit } }, tx);
    return base + 1;
  });
  if (saved !== null) return { saved: true, version: saved };
  const doc = await prisma().document.findFirst({ where: { id, kind } });
  if (!doc) throw notFound(kind);
  const head = await getDocumentVersion(kind, id, doc.head);
  return {
    saved: false,
    conflict: { head: head.version, authorEmail: head.authorEmail, createdAt: head.createdAt, message: head.message, content: head.content, diff: lineDiff(head.content, content) },
  };
}

export interface PushToRecord {
  version: number;
  content: string;
  target: string;
  outcome: string;
  message: string;
  steps: readonly PushStep[] | readonly object[];
  warnings: string[];
  durationMs: number;
  /** the audit entry's extra fields and its one-line message */
  audit: { after: Record<string, Prisma.InputJsonValue>; message: string };
}

/** Records one push attempt of a version (whatever its outcome) and audits it, in one transaction. */
export async function recordPush(kind: DocumentKind, id: string, push: PushToRecord, actor: Actor): Promise<void> {
  const k = DOCUMENT_KINDS[kind];
  await prisma().$transaction(async (tx) => {
    await tx.documentPush.create({
      data: {
        documentId: id,
        version: push.version,
        sha256: sha256(push.content),
        target: push.target,
        outcome: push.outcome,
        message: push.message,
        steps: push.steps as unknown as Prisma.InputJsonValue,
        warnings: push.warnings,
        durationMs: push.durationMs,
        actorId: actor.id,
        actorEmail: actor.email,
      },
    });
    await recordAudit(
      { actor, action: `${k.auditPrefix}.push`, targetType: k.auditTarget, targetId: id, after: { version: push.version, target: push.target, durationMs: push.durationMs, ...push.audit.after }, outcome: push.outcome === "ok" ? "ok" : "failed", message: push.audit.message },
      tx,
    );
  });
}

/** The newest successful push of a document to a target, if any. */
export async function lastGoodPush(kind: DocumentKind, id: string, target: string): Promise<{ version: number; sha256: string; at: Date } | null> {
  return prisma().documentPush.findFirst({ where: { documentId: id, outcome: "ok", target, document: { kind } }, orderBy: { at: "desc" }, select: { version: true, sha256: true, at: true } });
}
