import "server-only";
import { ActionFailure } from "@/lib/errors/action-failure";
import { createDocument, findDocument, getDocument, getDocumentVersion, listDocuments, saveDocument, type Actor } from "@/lib/documents/store";
import { sloId, type SloSpec } from "./spec";

/**
 * SLO definitions kept by the console: documents of kind "slo" (lib/documents), the
 * content of each version being the spec as JSON. Every save is a version (author,
 * time, message) and a save must name the version it was based on.
 */

export interface SloRow {
  id: string;
  name: string;
  service: string;
  head: number;
  spec: SloSpec;
  updatedAt: string;
}

const specOf = (content: string) => JSON.parse(content) as SloSpec;
const contentOf = (spec: SloSpec) => `${JSON.stringify(spec, null, 2)}\n`;

export async function listSlos(): Promise<SloRow[]> {
  const docs = await listDocuments("slo");
  return docs.map((d) => ({ id: d.id, name: d.name, service: d.service ?? "", head: d.head, spec: specOf(d.content), updatedAt: d.updatedAt }));
}

export async function getSlo(id: string) {
  const d = await getDocument("slo", id, { pushes: 0 });
  return {
    id: d.id,
    name: d.name,
    service: d.service ?? "",
    head: d.head,
    spec: specOf(d.content),
    versions: d.versions.map((v) => ({ version: v.version, message: v.message, authorEmail: v.authorEmail, createdAt: v.createdAt })),
  };
}

/** The SLO of this id (its metric-safe name), if the console keeps one. */
export async function findSlo(name: string): Promise<{ id: string; head: number } | null> {
  return findDocument("slo", name);
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
  const v = await getDocumentVersion("slo", id, version);
  return { version: v.version, message: v.message, authorEmail: v.authorEmail, createdAt: v.createdAt, spec: specOf(v.content) };
}

/** Creates the SLO or saves a new version of it (base = the version the editor started from, 0 for a new SLO). */
export async function saveSlo(spec: SloSpec, base: number, message: string, actor: Actor | null): Promise<{ id: string; version: number }> {
  const name = sloId(spec);
  const audit = { name, objective: spec.objective };
  const existing = await findDocument("slo", name);
  if (!existing) {
    if (base !== 0) throw new ActionFailure("not_found", `SLO ${name} does not exist any more.`);
    return createDocument({ kind: "slo", name, service: spec.service, source: "console", content: contentOf(spec), message, audit }, actor);
  }
  if (base === 0) throw new ActionFailure("conflict", `An SLO named ${name} already exists; open it and save a new version instead.`);
  const r = await saveDocument("slo", existing.id, base, contentOf(spec), message, actor, { service: spec.service, audit });
  if (!r.saved) {
    throw new ActionFailure("conflict", `Not saved: someone saved v${r.conflict.head} of ${name} after the v${base} you started from. Reload it, your values are still in the form.`);
  }
  return { id: existing.id, version: r.version };
}
