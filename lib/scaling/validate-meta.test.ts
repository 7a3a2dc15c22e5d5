import { describe, expect, it } from "vitest";
import { validateHpa } from "./validate-hpa";
import { CEL_SKIPPED } from "./validate-crd";
import { DNS_LABEL_MSG, DNS_SUBDOMAIN_MSG, edit, edits, err, LABEL_NAME_MSG, referenceHpa, referenceVpa } from "./validate-test-fixtures";
import { validateVpa } from "./validate-vpa";

const hpaWith = (path: string, value: unknown) => edit(referenceHpa(), path, value);
const vpaWith = (path: string, value: unknown) => edit(referenceVpa(), path, value);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe("metadata.name", () => {
  it("is required", () => {
    expect(validateHpa(hpaWith("metadata.name", undefined))).toEqual([err("metadata.name", "Required value: name or generateName is required")]);
  });

  it("must be a lowercase DNS subdomain", () => {
    expect(validateHpa(hpaWith("metadata.name", "Order_Service"))).toEqual([err("metadata.name", `Invalid value: "Order_Service": ${DNS_SUBDOMAIN_MSG}`)]);
  });

  it("may contain dots", () => {
    expect(validateHpa(hpaWith("metadata.name", "order-service.v2"))).toEqual([]);
  });

  it("may be 253 characters, not 254", () => {
    expect(validateHpa(hpaWith("metadata.name", "a".repeat(253)))).toEqual([]);
    const long = "a".repeat(254);
    expect(validateHpa(hpaWith("metadata.name", long))).toEqual([err("metadata.name", `Invalid value: "${long}": must be no more than 253 characters`)]);
  });

  it("is checked the same way on a VPA", () => {
    expect(validateVpa(vpaWith("metadata.name", "Catalog"))).toEqual([err("metadata.name", `Invalid value: "Catalog": ${DNS_SUBDOMAIN_MSG}`)]);
  });

  it("checks a generateName given with it as a prefix (a trailing dash is fine)", () => {
    expect(validateHpa(hpaWith("metadata.generateName", "order-"))).toEqual([]);
    expect(validateHpa(hpaWith("metadata.generateName", "Order-"))).toEqual([err("metadata.generateName", `Invalid value: "Order-": ${DNS_SUBDOMAIN_MSG}`)]);
  });
});

describe("metadata.namespace", () => {
  it("may be left out (the request URL gives it)", () => {
    expect(validateHpa(hpaWith("metadata.namespace", undefined))).toEqual([]);
  });

  it("must be a DNS label when given", () => {
    expect(validateHpa(hpaWith("metadata.namespace", "Shop"))).toEqual([err("metadata.namespace", `Invalid value: "Shop": ${DNS_LABEL_MSG}`)]);
    expect(validateHpa(hpaWith("metadata.namespace", "shop.eu"))).toEqual([err("metadata.namespace", `Invalid value: "shop.eu": must not contain dots`)]);
    const long = "n".repeat(64);
    expect(validateVpa(vpaWith("metadata.namespace", long))).toEqual([err("metadata.namespace", `Invalid value: "${long}": must be no more than 63 characters`)]);
  });
});

describe("labels and annotations", () => {
  it("accept qualified keys and valid values", () => {
    expect(validateHpa(hpaWith("metadata.labels", { "app.kubernetes.io/name": "order-service", tier: "", "x.y": "A_b.c" }))).toEqual([]);
  });

  it("refuse a bad label key and a bad label value, at metadata.labels", () => {
    expect(validateHpa(hpaWith("metadata.labels", { "-tier": "back end" }))).toEqual([
      err("metadata.labels", `Invalid value: "-tier": ${LABEL_NAME_MSG}`),
      err("metadata.labels", `Invalid value: "back end": ${LABEL_VALUE_MSG}`),
    ]);
  });

  it("refuse label values over 63 bytes", () => {
    const long = "v".repeat(64);
    expect(validateHpa(hpaWith("metadata.labels", { tier: long }))).toEqual([err("metadata.labels", `Invalid value: "${long}": must be no more than 63 bytes`)]);
  });

  it("explain each part of a prefixed key", () => {
    expect(validateHpa(hpaWith("metadata.labels", { "/tier": "a", "Example.com/tier": "b", "a/b/c": "c" }))).toEqual([
      err("metadata.labels", `Invalid value: "/tier": prefix part must be non-empty`),
      err("metadata.labels", `Invalid value: "Example.com/tier": prefix part ${DNS_SUBDOMAIN_MSG}`),
      err(
        "metadata.labels",
        `Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ),
    ]);
  });

  it("compare annotation keys without case, and any value goes", () => {
    expect(validateVpa(vpaWith("metadata.annotations", { "Example.COM/Owner": "Team Shop <shop@example.com>" }))).toEqual([]);
    expect(validateVpa(vpaWith("metadata.annotations", { "owner name": "x" }))).toEqual([err("metadata.annotations", `Invalid value: "owner name": ${LABEL_NAME_MSG}`)]);
  });

  it("refuse annotations over 256 KiB in total", () => {
    expect(validateHpa(hpaWith("metadata.annotations", { note: "x".repeat(256 * 1024) }))).toEqual([
      err("metadata.annotations", "Too long: may not be more than 262144 bytes"),
    ]);
  });
});

describe("finalizers, ownerReferences, generation", () => {
  it("refuse a finalizer that is not a qualified name", () => {
    expect(validateVpa(vpaWith("metadata.finalizers", ["no spaces"]))).toEqual([
      err("metadata.finalizers", `Invalid value: "no spaces": ${LABEL_NAME_MSG}`),
    ]);
  });

  it("refuse an unqualified custom finalizer on the built-in HPA, not on the custom VPA", () => {
    expect(validateHpa(hpaWith("metadata.finalizers", ["cleanup", "example.com/cleanup", "kubernetes"]))).toEqual([
      err("metadata.finalizers[0]", `Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified`),
    ]);
    expect(validateVpa(vpaWith("metadata.finalizers", ["cleanup"]))).toEqual([]);
  });

  it("refuse orphan together with foregroundDeletion", () => {
    expect(validateHpa(hpaWith("metadata.finalizers", ["orphan", "foregroundDeletion"]))).toEqual([
      err("metadata.finalizers", `Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set`),
    ]);
  });

  it("refuse owner references without version, kind, name or uid", () => {
    expect(validateHpa(hpaWith("metadata.ownerReferences", [{ apiVersion: "apps/", kind: "", name: "", uid: "" }]))).toEqual([
      err("metadata.ownerReferences.apiVersion", `Invalid value: "apps/": version must not be empty`),
      err("metadata.ownerReferences.kind", `Invalid value: "": must not be empty`),
      err("metadata.ownerReferences.name", `Invalid value: "": must not be empty`),
      err("metadata.ownerReferences.uid", `Invalid value: "": must not be empty`),
    ]);
  });

  it("refuse two controller owners", () => {
    const refs = [
      { apiVersion: "apps/v1", kind: "Deployment", name: "a", uid: "1", controller: true },
      { apiVersion: "apps/v1", kind: "Deployment", name: "b", uid: "2", controller: true },
    ];
    const printed = `[{"apiVersion":"apps/v1","kind":"Deployment","name":"a","uid":"1","controller":true},{"apiVersion":"apps/v1","kind":"Deployment","name":"b","uid":"2","controller":true}]`;
    expect(validateHpa(hpaWith("metadata.ownerReferences", refs))).toEqual([
      err("metadata.ownerReferences", `Invalid value: ${printed}: Only one reference can have Controller set to true. Found "true" in references for Deployment/a and Deployment/b`),
    ]);
  });

  it("refuse a negative generation on the HPA; a VPA's is reset to 1", () => {
    expect(validateHpa(hpaWith("metadata.generation", -1))).toEqual([err("metadata.generation", "Invalid value: -1: must be greater than or equal to 0")]);
    expect(validateVpa(vpaWith("metadata.generation", -1))).toEqual([]);
  });
});

describe("metadata of a custom resource (the VPA)", () => {
  it("drops known fields of the wrong type instead of refusing them", () => {
    expect(validateVpa(vpaWith("metadata.labels", { tier: 2 }))).toEqual([]);
  });

  it("so a name of the wrong type reads as a missing name", () => {
    expect(validateVpa(vpaWith("metadata.name", 5))).toEqual([err("metadata.name", "Required value: name or generateName is required"), CEL_SKIPPED]);
  });

  it("still refuses unknown metadata fields", () => {
    expect(validateVpa(edits(referenceVpa(), { "metadata.labelz": {}, "metadata.labels": { tier: 2 } }))).toEqual([
      err("metadata.labelz", `strict decoding error: unknown field "metadata.labelz"`, "schema"),
    ]);
  });
});
