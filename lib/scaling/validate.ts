/**
 * Checks a scaling manifest the way a Kubernetes 1.35 API server would on create with
 * server-side apply and fieldValidation=Strict: every problem returned is something the
 * server refuses (severity "error"); nothing it accepts is reported. "Unwise but
 * allowed" advice (source "advice") is not produced here.
 *
 * The object is what YAML/JSON parsing gave. Parse YAML as YAML 1.1 to see what kubectl
 * sends: unquoted `updateMode: Off` is the boolean false there.
 */
import { goQuote, notSupported, schemaProblem } from "./validate-field";
import { HPA_KIND, validateHpa } from "./validate-hpa";
import { isJsonObject, type ProfileProblem } from "./validate-types";
import { VPA_KIND, validateVpa } from "./validate-vpa";

export type {
  CrossVersionObjectReference,
  HpaBehavior,
  HpaMetric,
  HpaMetricTarget,
  HpaScalingPolicy,
  HpaScalingRules,
  HpaSpec,
  ProfileProblem,
  QuantityValue,
  Severity,
  VpaContainerPolicy,
  VpaSpec,
} from "./validate-types";
export { validateHpa } from "./validate-hpa";
export { validateVpa } from "./validate-vpa";
export { hpaSpecWithDefaults, DEFAULT_METRIC, DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP } from "./validate-hpa-defaults";
export { compareQuantities, parseQuantity, quantityFromJson, quantityString } from "./validate-quantity";

const KINDS = [HPA_KIND, VPA_KIND];

/** Checks one object parsed from YAML/JSON (apiVersion/kind decide how); unknown kinds → one error at "kind". */
export function validateProfileObject(obj: unknown): ProfileProblem[] {
  if (!isJsonObject(obj)) return [schemaProblem("", "must be a JSON object (a HorizontalPodAutoscaler or VerticalPodAutoscaler manifest)")];
  if (obj.kind === HPA_KIND) return validateHpa(obj);
  if (obj.kind === VPA_KIND) return validateVpa(obj);
  if (typeof obj.kind !== "string" || obj.kind === "") {
    return [schemaProblem("kind", `Required value: must be one of ${KINDS.map(goQuote).join(", ")}`)];
  }
  return [{ ...notSupported("kind", goQuote(obj.kind), KINDS), source: "schema" }];
}
