/**
 * ObjectMeta validation on create (k8s.io/apimachinery/pkg/api/validation
 * ValidateObjectMetaAccessor, with NameIsDNSSubdomain as both the HPA and CRD strategies
 * use), plus the server-side-apply rule on managedFields. Runs on metadata that already
 * decoded, so every field has its JSON type.
 */
import { child, goJson, goNumber, goQuote, invalid, required, schemaProblem, byteLength, tooLong } from "./validate-field";
import { isQualifiedName, isLabelValue, nameIsDnsLabel, nameIsDnsSubdomain } from "./validate-names";
import { isJsonObject, type JsonObject, type ProfileProblem } from "./validate-types";

const ANNOTATIONS_LIMIT_BYTES = 256 * 1024;
const ORPHAN = "orphan";
const FOREGROUND = "foregroundDeletion";
const STANDARD_FINALIZERS = new Set(["kubernetes", ORPHAN, FOREGROUND]);

export interface MetaOptions {
  /** core's validateKubeFinalizerName: built-in types (the HPA) refuse unqualified custom finalizers; CRDs only warn */
  kubeFinalizerNames: boolean;
  /** CRDs set generation to 1 before validating, built-in HPAs keep what was sent */
  checkGeneration: boolean;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

function stringMap(value: unknown): [string, string][] {
  return isJsonObject(value) ? Object.entries(value).map(([k, v]) => [k, text(v)]) : [];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text) : [];
}

function validateName(meta: JsonObject): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const generateName = text(meta.generateName);
  if (generateName !== "") {
    problems.push(...nameIsDnsSubdomain(generateName, true).map((m) => invalid("metadata.generateName", goQuote(generateName), m)));
  }
  const name = text(meta.name);
  if (name === "") problems.push(required("metadata.name", "name or generateName is required"));
  else problems.push(...nameIsDnsSubdomain(name, false).map((m) => invalid("metadata.name", goQuote(name), m)));
  // an empty namespace is filled from the request URL, so only a given one is checked
  const namespace = text(meta.namespace);
  if (namespace !== "") problems.push(...nameIsDnsLabel(namespace, false).map((m) => invalid("metadata.namespace", goQuote(namespace), m)));
  return problems;
}

function validateLabels(meta: JsonObject): ProfileProblem[] {
  return stringMap(meta.labels).flatMap(([key, value]) => [
    ...isQualifiedName(key).map((m) => invalid("metadata.labels", goQuote(key), m)),
    ...isLabelValue(value).map((m) => invalid("metadata.labels", goQuote(value), m)),
  ]);
}

function validateAnnotations(meta: JsonObject): ProfileProblem[] {
  const entries = stringMap(meta.annotations);
  // annotation keys are qualified names compared without case
  const problems = entries.flatMap(([key]) => isQualifiedName(key.toLowerCase()).map((m) => invalid("metadata.annotations", goQuote(key), m)));
  const size = entries.reduce((sum, [k, v]) => sum + byteLength(k) + byteLength(v), 0);
  if (size > ANNOTATIONS_LIMIT_BYTES) problems.push(tooLong("metadata.annotations", ANNOTATIONS_LIMIT_BYTES));
  return problems;
}

/** schema.ParseGroupVersion, as FromAPIVersionAndKind uses it (an unparsable value has no version). */
function groupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === "" || apiVersion === "/") return { group: "", version: "" };
  const parts = apiVersion.split("/");
  if (parts.length === 1) return { group: "", version: apiVersion };
  if (parts.length === 2) return { group: parts[0] ?? "", version: parts[1] ?? "" };
  return { group: "", version: "" };
}

function ownerReferenceJson(ref: JsonObject): string {
  const ordered: JsonObject = { apiVersion: text(ref.apiVersion), kind: text(ref.kind), name: text(ref.name), uid: text(ref.uid) };
  if (typeof ref.controller === "boolean") ordered.controller = ref.controller;
  if (typeof ref.blockOwnerDeletion === "boolean") ordered.blockOwnerDeletion = ref.blockOwnerDeletion;
  // encoding/json keeps struct field order, so build the text rather than sort keys
  return `{${Object.entries(ordered).map(([k, v]) => `"${k}":${goJson(v)}`).join(",")}}`;
}

function validateOwnerReferences(meta: JsonObject): ProfileProblem[] {
  const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences.map((r) => (isJsonObject(r) ? r : {})) : [];
  const path = "metadata.ownerReferences";
  const problems: ProfileProblem[] = [];
  let firstController = "";
  for (const ref of refs) {
    const apiVersion = text(ref.apiVersion);
    const kind = text(ref.kind);
    const gv = groupVersion(apiVersion);
    if (gv.version === "") problems.push(invalid(child(path, "apiVersion"), goQuote(apiVersion), "version must not be empty"));
    if (kind === "") problems.push(invalid(child(path, "kind"), goQuote(kind), "must not be empty"));
    if (text(ref.name) === "") problems.push(invalid(child(path, "name"), goQuote(""), "must not be empty"));
    if (text(ref.uid) === "") problems.push(invalid(child(path, "uid"), goQuote(""), "must not be empty"));
    if (gv.group === "" && gv.version === "v1" && kind === "Event") {
      problems.push(invalid(path, ownerReferenceJson(ref), "/v1, Kind=Event is disallowed from being an owner"));
    }
    if (ref.controller === true) {
      const current = `${kind}/${text(ref.name)}`;
      if (firstController === "") firstController = current;
      else {
        const all = `[${refs.map(ownerReferenceJson).join(",")}]`;
        problems.push(invalid(path, all, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      }
    }
  }
  return problems;
}

function validateFinalizers(meta: JsonObject, opts: MetaOptions): ProfileProblem[] {
  const finalizers = stringList(meta.finalizers);
  const problems = finalizers.flatMap((f) => isQualifiedName(f).map((m) => invalid("metadata.finalizers", goQuote(f), m)));
  if (finalizers.includes(ORPHAN) && finalizers.includes(FOREGROUND)) {
    problems.push(invalid("metadata.finalizers", goJson(finalizers), `finalizer ${ORPHAN} and ${FOREGROUND} cannot be both set`));
  }
  if (opts.kubeFinalizerNames) {
    finalizers.forEach((f, i) => {
      if (!f.includes("/") && !STANDARD_FINALIZERS.has(f)) {
        problems.push(invalid(`metadata.finalizers[${i}]`, goQuote(f), "name is neither a standard finalizer name nor is it fully qualified"));
      }
    });
  }
  return problems;
}

/** ValidateObjectMetaAccessor for a namespaced object on create. */
export function validateObjectMeta(metadata: JsonObject | undefined, opts: MetaOptions): ProfileProblem[] {
  const meta = metadata ?? {};
  const problems = validateName(meta);
  if (opts.checkGeneration && typeof meta.generation === "number" && meta.generation < 0) {
    problems.push(invalid("metadata.generation", goNumber(meta.generation), "must be greater than or equal to 0"));
  }
  return [...problems, ...validateLabels(meta), ...validateAnnotations(meta), ...validateOwnerReferences(meta), ...validateFinalizers(meta, opts)];
}

/** Server-side apply refuses a body that carries managedFields, even an empty list (400 BadRequest). */
export function refuseManagedFields(metadata: unknown): ProfileProblem[] {
  if (isJsonObject(metadata) && Array.isArray(metadata.managedFields)) {
    return [schemaProblem("metadata.managedFields", "metadata.managedFields must be nil")];
  }
  return [];
}
