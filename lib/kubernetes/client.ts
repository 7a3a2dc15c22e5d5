import { readFileSync } from "node:fs";
import type { BackendConfig, ConsoleConfig } from "@/lib/config";
import { UpstreamError } from "@/lib/upstream/errors";
import { parseJson, requestRaw } from "@/lib/upstream/http";
import { statusError } from "./status";
import { apiVersionOf, type KubeObject, type ResourceType } from "./types";

/**
 * A typed client of the Kubernetes API server for what the console does with it:
 * read objects (get, list per namespace or across them), and change them only by
 * server-side apply under the console's field manager, with a dry run first (the
 * server runs defaulting, validation, admission and conflict detection and stores
 * nothing). Errors are the server's Status bodies, kept with their causes
 * (lib/kubernetes/status.ts). The token and CA never leave the server.
 */

export type KubeSettings = NonNullable<ConsoleConfig["kubernetes"]>;

/** The API path of a resource collection, or of one object in it. */
export function resourcePath(type: ResourceType, namespace?: string | null, name?: string): string {
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${type.plural}${name ? `/${encodeURIComponent(name)}` : ""}`;
}

const caCache = new Map<string, string>();

function backend(s: KubeSettings): BackendConfig {
  const b: BackendConfig = { ...s.backend };
  if (s.caFile) {
    let ca = caCache.get(s.caFile);
    if (ca === undefined) {
      try {
        ca = readFileSync(s.caFile, "utf8");
      } catch (err) {
        throw new UpstreamError("kubernetes", "unreachable", `KUBERNETES_CA_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"}); the API server's certificate cannot be checked`);
      }
      caCache.set(s.caFile, ca);
    }
    b.ca = ca;
  }
  if (s.tokenFile) {
    try {
      b.bearerToken = readFileSync(s.tokenFile, "utf8").trim();
    } catch (err) {
      throw new UpstreamError("kubernetes", "unreachable", `KUBERNETES_TOKEN_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  return b;
}

async function call(s: KubeSettings, path: string, what: string, opts: Parameters<typeof requestRaw>[2]): Promise<unknown> {
  const cfg = backend(s);
  const res = await requestRaw(cfg, path, opts);
  if (res.status >= 200 && res.status < 300) return parseJson(cfg, res, what);
  throw statusError(res.status, res.text, what);
}

export interface ApplyOptions {
  dryRun?: boolean;
  /** take the fields other managers own (only after the operator said so) */
  force?: boolean;
  /** another manager's name, for tests and seeding; the console always applies as its own */
  fieldManager?: string;
  /** apply to the object's status (what a controller writes; the stack's stand-in HPA controller) */
  subresource?: "status";
  signal?: AbortSignal;
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export function kubeClient(s: KubeSettings) {
  return {
    settings: s,
    async get<T extends KubeObject>(type: ResourceType, namespace: string | null, name: string, signal?: AbortSignal): Promise<T> {
      return (await call(s, resourcePath(type, namespace, name), `GET ${type.plural}/${name}`, { endpoint: `get_${type.plural}`, signal })) as T;
    },
    /** Objects of a type in one namespace, or in every namespace (null). */
    async list<T extends KubeObject>(type: ResourceType, namespace: string | null, signal?: AbortSignal): Promise<ListResult<T>> {
      const body = (await call(s, resourcePath(type, namespace), `list ${type.plural}`, { endpoint: `list_${type.plural}`, signal })) as { items?: T[]; metadata?: { resourceVersion?: string } };
      // items of a list carry no apiVersion/kind of their own
      return { items: (body.items ?? []).map((i) => ({ ...i, apiVersion: apiVersionOf(type), kind: type.kind })), resourceVersion: body.metadata?.resourceVersion ?? "" };
    },
    /**
     * Server-side apply of `obj` (apiVersion, kind, metadata.name/namespace and only the
     * fields the console means to own): created if absent. With dryRun the server
     * answers with the object as it would be, and keeps nothing.
     */
    async apply<T extends KubeObject>(type: ResourceType, obj: KubeObject, opts: ApplyOptions = {}): Promise<T> {
      const name = obj.metadata.name;
      const query: Record<string, string> = { fieldManager: opts.fieldManager ?? s.fieldManager, fieldValidation: "Strict" };
      if (opts.force) query.force = "true";
      if (opts.dryRun) query.dryRun = "All";
      const at = resourcePath(type, obj.metadata.namespace, name) + (opts.subresource ? `/${opts.subresource}` : "");
      return (await call(s, at, `apply ${type.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${name}`, {
        method: "PATCH",
        query,
        // JSON is YAML: the apply content type takes either
        text: { body: JSON.stringify(obj), contentType: "application/apply-patch+yaml" },
        endpoint: `apply_${type.plural}`,
        signal: opts.signal,
      })) as T;
    },
    async delete(type: ResourceType, namespace: string | null, name: string): Promise<void> {
      await call(s, resourcePath(type, namespace, name), `DELETE ${type.plural}/${name}`, { method: "DELETE", endpoint: `delete_${type.plural}` });
    },
    /** Whether the API server serves a group/version (a CRD such as the VPA's may be absent). */
    async serves(group: string, version: string, signal?: AbortSignal): Promise<boolean> {
      try {
        await call(s, group ? `/apis/${group}/${version}` : `/api/${version}`, `discovery of ${group}/${version}`, { endpoint: "discovery", signal });
        return true;
      } catch (err) {
        if (err instanceof UpstreamError && err.status === 404) return false;
        throw err;
      }
    },
  };
}

export type KubeClient = ReturnType<typeof kubeClient>;
