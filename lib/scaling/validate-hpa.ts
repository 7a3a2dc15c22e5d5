/**
 * autoscaling/v2 HorizontalPodAutoscaler as kube-apiserver 1.35 handles a create:
 * strict decoding into the Go types (400), defaulting, then
 * pkg/apis/autoscaling/validation/validation.go with the options of
 * pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go (422): minReplicas ≥ 1
 * (HPAScaleToZero is alpha, off), scaleTargetRef.apiVersion needs a group unless the
 * kind is ReplicationController, Object metrics may name a core-group object, and
 * `tolerance` is kept and checked (HPAConfigurableTolerance is beta, on). The spec rules
 * live in validate-hpa-spec.ts.
 */
import { decodeStrict } from "./validate-go-decode";
import { dedupe, goQuote, schemaProblem } from "./validate-field";
import { defaultSpecJson } from "./validate-hpa-defaults";
import { validateHpaSpec } from "./validate-hpa-spec";
import { refuseManagedFields, validateObjectMeta } from "./validate-meta";
import { asSentJson, isJsonObject, type JsonObject, type ProfileProblem } from "./validate-types";

export const HPA_API_VERSION = "autoscaling/v2";
export const HPA_KIND = "HorizontalPodAutoscaler";

/** HPA versions the API once served, and the release that stopped serving them. */
const REMOVED_HPA_VERSIONS: Record<string, string> = { "autoscaling/v2beta1": "1.25", "autoscaling/v2beta2": "1.26" };

function apiVersionProblem(apiVersion: unknown): ProfileProblem | null {
  if (apiVersion === HPA_API_VERSION) return null;
  if (typeof apiVersion !== "string" || apiVersion === "") return schemaProblem("apiVersion", `Required value: must be "${HPA_API_VERSION}"`);
  const removedIn = REMOVED_HPA_VERSIONS[apiVersion];
  const noMatch = `no matches for kind "${HPA_KIND}" in version ${goQuote(apiVersion)}`;
  if (removedIn !== undefined) {
    return schemaProblem("apiVersion", `${noMatch}: ${apiVersion} is no longer served (removed in Kubernetes ${removedIn}); use ${HPA_API_VERSION}`);
  }
  if (apiVersion === "autoscaling/v1") {
    return schemaProblem("apiVersion", `autoscaling/v1 only has targetCPUUtilizationPercentage; profiles are checked as ${HPA_API_VERSION}, write them in that version`);
  }
  return schemaProblem("apiVersion", noMatch);
}

/** apiVersion and kind must name an autoscaling/v2 HorizontalPodAutoscaler before anything else can be read. */
export function hpaTypeMetaProblems(obj: JsonObject): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const versionProblem = apiVersionProblem(obj.apiVersion);
  if (versionProblem !== null) problems.push(versionProblem);
  if (obj.kind !== HPA_KIND) {
    const kind = typeof obj.kind === "string" ? goQuote(obj.kind) : "none";
    problems.push(schemaProblem("kind", `Invalid value: ${kind}: must be ${HPA_KIND}`));
  }
  return problems;
}

/**
 * Everything kube-apiserver would refuse in this HPA on create. Decoding errors (source
 * "schema") come alone, because the server answers 400 before it validates anything.
 */
export function validateHpa(input: unknown): ProfileProblem[] {
  const obj = asSentJson(input);
  if (!isJsonObject(obj)) return [schemaProblem("", "must be a JSON object (a HorizontalPodAutoscaler manifest)")];
  const typeMeta = hpaTypeMetaProblems(obj);
  if (typeMeta.length > 0) return typeMeta;
  const decoding = [...decodeStrict(obj, "v2.HorizontalPodAutoscaler"), ...refuseManagedFields(obj.metadata)];
  if (decoding.length > 0) return decoding;
  const metadata = isJsonObject(obj.metadata) ? obj.metadata : undefined;
  const spec = defaultSpecJson(isJsonObject(obj.spec) ? obj.spec : {});
  // status is ignored: the server clears it on create
  return dedupe([...validateObjectMeta(metadata, { kubeFinalizerNames: true, checkGeneration: true }), ...validateHpaSpec(spec, "spec")]);
}
