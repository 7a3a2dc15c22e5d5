import { UpstreamError } from "@/lib/upstream/errors";

/**
 * The Kubernetes API server answers every error with a `Status` object (api-conventions:
 * "Kubernetes will always return the Status kind from any API endpoint when an error
 * occurs"). This keeps what the console acts on: the code and reason, the message, and
 * the causes: the field paths of a 422 Invalid (no leading dot: `spec.maxReplicas`),
 * and the other field managers of a 409 apply conflict (leading dot: `.spec.maxReplicas`,
 * manager = the first quoted string of the cause's message). Pure.
 */

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface KubeStatus {
  code: number;
  reason: string;
  message: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
}

export class KubeApiError extends UpstreamError {
  constructor(
    readonly statusBody: KubeStatus,
    message: string,
  ) {
    super("kubernetes", statusBody.code >= 500 ? "http" : "rejected", message, statusBody.code);
    this.name = "KubeApiError";
  }
  get reason(): string {
    return this.statusBody.reason;
  }
  get causes(): StatusCause[] {
    return this.statusBody.details?.causes ?? [];
  }
}

export function parseStatus(code: number, text: string): KubeStatus {
  try {
    const body = JSON.parse(text) as Partial<KubeStatus> & { kind?: string };
    if (body && typeof body === "object" && body.kind === "Status") {
      return { code: typeof body.code === "number" ? body.code : code, reason: body.reason ?? "", message: body.message ?? "", details: body.details };
    }
  } catch {
    // not JSON: a proxy in front of the API server, or not an API server at all
  }
  return { code, reason: "", message: text.slice(0, 300).trim() };
}

/** The error to throw for a non-2xx answer to `what`, worded for an operator. */
export function statusError(code: number, text: string, what: string): KubeApiError {
  const s = parseStatus(code, text);
  const said = s.message || `HTTP ${code}`;
  const lead =
    code === 401
      ? "the Kubernetes API server refused the console's credentials (401 Unauthorized): check KUBERNETES_BEARER_TOKEN or KUBERNETES_TOKEN_FILE"
      : code === 403
        ? `the Kubernetes API server forbids it (403): ${said}`
        : `${what}: ${said}`;
  return new KubeApiError(s, lead);
}

export interface FieldConflict {
  /** who owns the field: the manager's name */
  manager: string;
  /** the field path as the server gives it, e.g. ".spec.maxReplicas" */
  field: string;
  /** the cause's whole message, e.g. `conflict with "helm" using autoscaling/v2` */
  message: string;
}

/** The fields another manager owns, from a 409 apply conflict; [] for any other error. */
export function fieldConflicts(err: unknown): FieldConflict[] {
  if (!(err instanceof KubeApiError) || err.statusBody.code !== 409) return [];
  return err.causes
    .filter((c) => c.reason === "FieldManagerConflict")
    .map((c) => ({ manager: /"([^"]*)"/.exec(c.message ?? "")?.[1] ?? c.message ?? "", field: c.field ?? "", message: c.message ?? "" }));
}

export interface InvalidField {
  /** path without a leading dot, as in the form: "spec.behavior.scaleDown.stabilizationWindowSeconds" */
  field: string;
  reason: string;
  message: string;
}

/**
 * The fields a 422 Invalid names, or [] for any other error. A cause about the object
 * as a whole (a custom resource's "some validation rules were not checked because the
 * object was invalid" comes with field "<nil>") has the empty path.
 */
export function invalidFields(err: unknown): InvalidField[] {
  if (!(err instanceof KubeApiError) || err.statusBody.code !== 422) return [];
  return err.causes.map((c) => ({ field: (c.field === "<nil>" ? "" : (c.field ?? "")).replace(/^\./, ""), reason: c.reason ?? "", message: c.message ?? "" }));
}
