/**
 * autoscaling.k8s.io/v1 VerticalPodAutoscaler as kube-apiserver 1.35 handles a create of
 * a custom resource (apiextensions-apiserver): unknown fields are refused at decoding
 * (400); then, on the object without status (cleared on create), ObjectMeta validation,
 * the CRD's openAPIV3Schema (types, required, enum, minimum, pattern) and, only when
 * none of those errors is blocking, the CRD's CEL rules (422).
 */
import { celProblems, CEL_SKIPPED, unknownFieldProblems, validateAgainstSchema, withoutNulls } from "./validate-crd";
import { dedupe, goQuote, schemaProblem } from "./validate-field";
import { coerceCustomResourceMetadata } from "./validate-go-decode";
import { refuseManagedFields, validateObjectMeta } from "./validate-meta";
import { VPA_SCHEMA } from "./validate-vpa-schema";
import { asSentJson, isJsonObject, type JsonObject, type ProfileProblem } from "./validate-types";

export const VPA_API_VERSION = "autoscaling.k8s.io/v1";
export const VPA_KIND = "VerticalPodAutoscaler";

function subSchema(name: "spec" | "status") {
  const schema = VPA_SCHEMA.type === "object" ? VPA_SCHEMA.properties?.[name] : undefined;
  if (schema === undefined) throw new Error(`VPA schema has no ${name}`);
  return schema;
}

function apiVersionProblem(apiVersion: unknown): ProfileProblem | null {
  if (apiVersion === VPA_API_VERSION) return null;
  if (typeof apiVersion !== "string" || apiVersion === "") return schemaProblem("apiVersion", `Required value: must be "${VPA_API_VERSION}"`);
  const noMatch = `no matches for kind "${VPA_KIND}" in version ${goQuote(apiVersion)}`;
  if (apiVersion === "autoscaling.k8s.io/v1beta2") {
    return schemaProblem("apiVersion", `${noMatch}: the CRD keeps v1beta2 with served: false; use ${VPA_API_VERSION}`);
  }
  return schemaProblem("apiVersion", noMatch);
}

/** apiVersion and kind must name an autoscaling.k8s.io/v1 VerticalPodAutoscaler. */
export function vpaTypeMetaProblems(obj: JsonObject): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const versionProblem = apiVersionProblem(obj.apiVersion);
  if (versionProblem !== null) problems.push(versionProblem);
  if (obj.kind !== VPA_KIND) {
    const kind = typeof obj.kind === "string" ? goQuote(obj.kind) : "none";
    problems.push(schemaProblem("kind", `Invalid value: ${kind}: must be ${VPA_KIND}`));
  }
  return problems;
}

/** Refusals of the decoding step (400): unknown fields anywhere, and wrong types in status, which apply's typing checks. */
function decodingProblems(obj: JsonObject): { problems: ProfileProblem[]; metadata: JsonObject | undefined } {
  const { metadata, problems } = coerceCustomResourceMetadata(obj.metadata);
  problems.push(...refuseManagedFields(obj.metadata));
  problems.push(...unknownFieldProblems(obj, VPA_SCHEMA, "", new Set(["metadata"])));
  if (obj.status !== undefined && obj.status !== null) {
    problems.push(...validateAgainstSchema(withoutNulls(obj.status), subSchema("status"), "status", true).problems);
  }
  return { problems, metadata };
}

const BLOCKING_PREFIXES = ["Required value", "Unsupported value", "Too long", "Too many"];

/**
 * Everything kube-apiserver would refuse in this VPA on create. Decoding errors (source
 * "schema") come alone, because the server answers 400 before it validates anything.
 */
export function validateVpa(input: unknown): ProfileProblem[] {
  const obj = asSentJson(input);
  if (!isJsonObject(obj)) return [schemaProblem("", "must be a JSON object (a VerticalPodAutoscaler manifest)")];
  const typeMeta = vpaTypeMetaProblems(obj);
  if (typeMeta.length > 0) return typeMeta;
  const decoded = decodingProblems(obj);
  if (decoded.problems.length > 0) return decoded.problems;

  const metaProblems = validateObjectMeta(decoded.metadata, { kubeFinalizerNames: false, checkGeneration: false });
  const { status: _cleared, ...withoutStatus } = obj; // PrepareForCreate drops status before validation
  const root = validateAgainstSchema(withoutNulls({ ...withoutStatus, metadata: decoded.metadata ?? {} }), VPA_SCHEMA, "");
  const blocking = root.blocking || metaProblems.some((p) => BLOCKING_PREFIXES.some((prefix) => p.message.startsWith(prefix)));
  const cel = blocking ? [CEL_SKIPPED] : celProblems(root.pendingRules);
  return dedupe([...metaProblems, ...root.problems, ...cel]);
}
