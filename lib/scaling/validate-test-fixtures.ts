/**
 * Test fixtures: the reference HPA of order-service and the reference VPA of
 * catalog-service (docs/PRODUCT.md), fresh on every call, and `edit` to change one
 * field of them by its API path.
 */
import * as reference from "./reference";
import type { JsonObject, ProfileProblem } from "./validate-types";

export function referenceHpa(): JsonObject {
  return reference.referenceHpa() as unknown as JsonObject;
}

export function referenceVpa(): JsonObject {
  return reference.referenceVpa() as unknown as JsonObject;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

/** "spec.metrics[0].type" → ["spec", "metrics", 0, "type"] */
function segments(path: string): (string | number)[] {
  return path.split(".").flatMap((part) => {
    const [name = "", ...indices] = part.split("[");
    return [...(name === "" ? [] : [name]), ...indices.map((i) => Number(i.replace("]", "")))];
  });
}

/** A copy of `obj` with the value at `path` replaced (missing parents are created; `undefined` deletes the field). */
export function edit(obj: JsonObject, path: string, value: unknown): JsonObject {
  const copy = structuredClone(obj);
  const keys = segments(path);
  let node: Container = copy;
  keys.slice(0, -1).forEach((key, i) => {
    const parent = node as Record<string | number, unknown>;
    if (!isContainer(parent[key])) parent[key] = typeof keys[i + 1] === "number" ? [] : {};
    node = parent[key] as Container;
  });
  const last = keys[keys.length - 1] ?? "";
  const target = node as Record<string | number, unknown>;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

/** Several edits in a row. */
export function edits(obj: JsonObject, changes: Record<string, unknown>): JsonObject {
  return Object.entries(changes).reduce((acc, [path, value]) => edit(acc, path, value), obj);
}

/** The expected problem, an error of the API server's validation (422) unless said otherwise. */
export function err(path: string, message: string, source: ProfileProblem["source"] = "validation"): ProfileProblem {
  return { severity: "error", path, message, source };
}

export const DNS_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const LABEL_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
