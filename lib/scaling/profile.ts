import { Document, isMap, parseDocument, stringify } from "yaml";
import { lineOf, readYaml, type PathError, type Seg } from "@/lib/documents/yaml-paths";
import { mappingOr, type Obj } from "./loose";

/**
 * A scaling profile is one manifest, an HPA (`autoscaling/v2`) or a VPA
 * (`autoscaling.k8s.io/v1`), kept as YAML text so comments and key order survive the
 * form: the form edits fields in place (setField), the YAML view edits the text, and
 * both are one draft. Only `spec` (with apiVersion, kind, metadata.name/namespace) is
 * ever applied to a cluster: status, managedFields and the rest belong to the server.
 * Pure.
 */

export const PROFILE_KINDS = {
  HorizontalPodAutoscaler: { apiVersion: "autoscaling/v2", short: "HPA" },
  VerticalPodAutoscaler: { apiVersion: "autoscaling.k8s.io/v1", short: "VPA" },
} as const;

export type ProfileKind = keyof typeof PROFILE_KINDS;

export interface ProfileId {
  kind: ProfileKind;
  namespace: string;
  name: string;
}

export const isProfileKind = (k: unknown): k is ProfileKind => typeof k === "string" && Object.hasOwn(PROFILE_KINDS, k);

/** The document name a profile is kept under: "shop/HorizontalPodAutoscaler/order-service". */
export const profileDocumentName = (id: ProfileId) => `${id.namespace}/${id.kind}/${id.name}`;

export function parseProfileDocumentName(name: string): ProfileId | null {
  const [namespace, kind, n, ...rest] = name.split("/");
  return namespace && n && !rest.length && isProfileKind(kind) ? { namespace, kind, name: n } : null;
}

const asObj = mappingOr;

/** Who a profile scales: the HPA's scaleTargetRef or the VPA's targetRef. */
export function workloadOf(obj: unknown): { kind: string; name: string; apiVersion?: string } | null {
  const o = asObj(obj);
  const spec = asObj(o?.spec);
  const ref = asObj(o?.kind === "VerticalPodAutoscaler" ? spec?.targetRef : spec?.scaleTargetRef);
  return ref && typeof ref.name === "string" && typeof ref.kind === "string" ? { kind: ref.kind, name: ref.name, apiVersion: typeof ref.apiVersion === "string" ? ref.apiVersion : undefined } : null;
}

/** The identity of a manifest, or why it has none. */
export function profileIdOf(obj: unknown): ProfileId | string {
  const o = asObj(obj);
  if (!o) return "not a mapping";
  if (!isProfileKind(o.kind)) return `kind: expected HorizontalPodAutoscaler or VerticalPodAutoscaler, got ${JSON.stringify(o.kind ?? null)}`;
  const meta = asObj(o.metadata);
  if (typeof meta?.name !== "string" || !meta.name) return "metadata.name: required";
  return { kind: o.kind, namespace: typeof meta.namespace === "string" && meta.namespace ? meta.namespace : "default", name: meta.name };
}

/**
 * The manifest the console keeps for a live object: apiVersion, kind, name, namespace
 * and spec, nothing the server owns (status, managedFields, resourceVersion, uid, …).
 */
export function manifestFromLive(live: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: unknown }): string {
  const out = { apiVersion: live.apiVersion, kind: live.kind, metadata: { name: live.metadata.name, namespace: live.metadata.namespace }, spec: live.spec ?? {} };
  return stringify(out, { lineWidth: 0 });
}

/** What a server-side apply sends for a manifest: only the fields the console means to own. */
export function applyBody(obj: Obj): { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec: unknown } {
  const meta = asObj(obj.metadata) ?? {};
  return {
    apiVersion: String(obj.apiVersion ?? ""),
    kind: String(obj.kind ?? ""),
    metadata: { name: String(meta.name ?? ""), ...(typeof meta.namespace === "string" ? { namespace: meta.namespace } : {}) },
    spec: obj.spec ?? {},
  };
}

export interface ParsedManifest {
  /** each YAML document's object (null for one that is not a mapping) */
  objects: { obj: Obj | null; doc: Document; lineOf: (path: readonly Seg[]) => number | undefined }[];
  errors: PathError[];
}

/** Every document of a manifest file, with a way to find a field's line in it. */
export function readManifests(text: string): ParsedManifest {
  const { lines, docs, errors } = readYaml(text);
  const objects = docs.map((doc) => {
    const js: unknown = doc.errors.length ? null : doc.toJS({ maxAliasCount: 100 });
    return { obj: asObj(js) ?? null, doc, lineOf: (path: readonly Seg[]) => lineOf(doc, lines, path) };
  });
  return { objects, errors };
}

/**
 * Sets (or, with `undefined`, removes) one field of a one-document manifest, keeping
 * comments, key order and every other byte it can; missing parents are created.
 */
export function setField(text: string, path: readonly Seg[], value: unknown): string {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`the YAML does not parse: ${doc.errors[0]!.message.split("\n")[0]}`);
  if (!isMap(doc.contents)) throw new Error("the manifest is not a mapping");
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, doc.createNode(value));
  return doc.toString({ lineWidth: 0 });
}
