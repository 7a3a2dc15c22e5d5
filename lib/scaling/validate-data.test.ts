import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { GO_STRUCTS, type GoType } from "./validate-go-schema";
import { isJsonObject, type JsonObject } from "./validate-types";
import { QUANTITY_PATTERN, VPA_SCHEMA, type CrdSchema } from "./validate-vpa-schema";

// an extract of the 1.35 OpenAPI (testdata/NOTICE.md) and the VPA CRD the local stack installs
const openapi = JSON.parse(readFileSync(path.resolve("lib/scaling/testdata/openapi-autoscaling-v2.json"), "utf8")) as { definitions: Record<string, JsonObject> };
const crdDocs = parseAllDocuments(readFileSync(path.resolve("scripts/stack/k8s/vpa-v1-crd-gen.yaml"), "utf8")).map((d) => d.toJS() as JsonObject);

const obj = (value: unknown): JsonObject => {
  if (!isJsonObject(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
};
const SCALARS: Record<string, string> = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "time",
  "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "raw",
};

/** An OpenAPI property as a short type description: "int32", "struct:…", "slice<string>". */
function describeOpenapi(prop: JsonObject): string {
  if (typeof prop.$ref === "string") {
    const name = prop.$ref.replace("#/definitions/", "");
    return SCALARS[name] ?? `struct:${name}`;
  }
  if (prop.type === "integer") return String(prop.format);
  if (prop.type === "boolean") return "bool";
  if (prop.type === "string" && prop.format === undefined) return "string";
  if (prop.type === "array") return `slice<${describeOpenapi(obj(prop.items))}>`;
  if (prop.type === "object" && prop.additionalProperties !== undefined) return `map<${describeOpenapi(obj(prop.additionalProperties))}>`;
  throw new Error(`unexpected property ${JSON.stringify(prop)}`);
}

function describeGo(type: GoType): string {
  switch (type.t) {
    case "int":
      return type.go;
    case "string":
    case "bool":
    case "quantity":
    case "time":
    case "raw":
      return type.t;
    case "struct":
      return `struct:${GO_STRUCTS[type.def]?.openapi}`;
    case "slice":
      return `slice<${describeGo(type.of)}>`;
    case "map":
      return `map<${describeGo(type.of)}>`;
  }
}

describe("the Go types behind the HPA decoder", () => {
  it.each(Object.entries(GO_STRUCTS))("%s has the fields and JSON types of its OpenAPI definition", (_, struct) => {
    const definition = openapi.definitions[struct.openapi];
    expect(definition).toBeDefined();
    const properties = obj(definition?.properties);
    const fromOpenapi = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, describeOpenapi(obj(v))]));
    const fromGo = Object.fromEntries(Object.entries(struct.fields).map(([k, v]) => [k, describeGo(v)]));
    expect(fromGo).toEqual(fromOpenapi);
  });

  it("cover every definition the HPA references", () => {
    const covered = new Set([...Object.values(GO_STRUCTS).map((s) => s.openapi), ...Object.keys(SCALARS)]);
    expect(Object.keys(openapi.definitions).filter((name) => !covered.has(name))).toEqual([]);
  });
});

const ALLOWED_KEYS = new Set(["description", "type", "properties", "required", "items", "enum", "format", "minimum", "additionalProperties", "x-kubernetes-map-type"]);

/** A CRD schema node in the shape of CrdSchema; fails on any keyword the validator does not implement. */
function fromCrd(node: JsonObject): unknown {
  if (node["x-kubernetes-int-or-string"] === true) {
    expect(node.anyOf).toEqual([{ type: "integer" }, { type: "string" }]);
    expect(node.pattern).toBe(QUANTITY_PATTERN);
    return { type: "quantity" };
  }
  const unknownKeys = Object.keys(node).filter((k) => !ALLOWED_KEYS.has(k) && k !== "x-kubernetes-validations");
  expect(unknownKeys).toEqual([]);
  const out: JsonObject = { type: node.type };
  if (isJsonObject(node.properties)) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, fromCrd(obj(v))]));
  if (node.additionalProperties !== undefined) out.additionalProperties = fromCrd(obj(node.additionalProperties));
  if (node.items !== undefined) out.items = fromCrd(obj(node.items));
  for (const key of ["required", "enum", "format", "minimum"]) if (node[key] !== undefined) out[key] = node[key];
  if (Array.isArray(node["x-kubernetes-validations"])) out.rules = node["x-kubernetes-validations"];
  return out;
}

/** VPA_SCHEMA without the hand-written rule functions, to compare with the CRD. */
function comparable(schema: CrdSchema): unknown {
  if (schema.type === "array") return { ...schema, items: comparable(schema.items) };
  if (schema.type !== "object") return schema;
  const { rules, properties, additionalProperties, ...rest } = schema;
  return {
    ...rest,
    ...(properties === undefined ? {} : { properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, comparable(v)])) }),
    ...(additionalProperties === undefined ? {} : { additionalProperties: comparable(additionalProperties) }),
    ...(rules === undefined ? {} : { rules: rules.map(({ rule, message }) => ({ rule, message })) }),
  };
}

describe("the VPA schema", () => {
  const crd = crdDocs.find((d) => obj(d.metadata).name === "verticalpodautoscalers.autoscaling.k8s.io");
  const versions = Array.isArray(obj(crd?.spec).versions) ? (obj(crd?.spec).versions as JsonObject[]) : [];

  it("serves v1 only (v1beta2 is kept with served: false)", () => {
    expect(versions.map((v) => [v.name, v.served])).toEqual([
      ["v1", true],
      ["v1beta2", false],
    ]);
  });

  it("is the CRD's v1 openAPIV3Schema, keyword for keyword", () => {
    const v1 = versions.find((v) => v.name === "v1");
    expect(comparable(VPA_SCHEMA)).toEqual(fromCrd(obj(obj(v1?.schema).openAPIV3Schema)));
  });
});
