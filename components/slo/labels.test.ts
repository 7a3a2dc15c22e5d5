import { describe, expect, it } from "vitest";
import { validateSloSpec, type SloSpec } from "@/lib/slo/spec";
import { errorsAt, mapToRows, rowErrors, rowsToMap, type KeyValueRow } from "@/lib/documents/key-values";
import { ownerOf } from "./labels";

// the SLO form keeps its labels as rows (lib/documents/key-values), checked here against the SLO validator
const labelRows = mapToRows;
const rowsToLabels = (rows: KeyValueRow[]) => {
  const r = rowsToMap(rows, "labels");
  return { labels: r.map, duplicates: r.duplicates };
};
const labelRowErrors = (errors: Parameters<typeof rowErrors>[0], key: string) => rowErrors(errors, "labels", key);

const base: SloSpec = {
  name: "requests-availability",
  service: "order-service",
  labels: {},
  objective: 99.9,
  window: { kind: "rolling", days: 30 },
  sli: {
    kind: "ratio",
    errorQuery: 'sum(rate(http_requests_total{service="order-service",status=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{service="order-service"}[{{.window}}]))',
  },
  alerting: { name: "OrderAvailability", pageTiers: { fast: true, slow: true }, ticketTiers: { fast: true, slow: true }, pageLabels: {}, ticketLabels: {}, annotations: {} },
};

describe("the SLO form's label rows", () => {
  it("round-trip a labels map in its order", () => {
    const labels = { team: "checkout", tier: "1" };
    expect(labelRows(labels)).toEqual([
      { key: "team", value: "checkout" },
      { key: "tier", value: "1" },
    ]);
    expect(rowsToLabels(labelRows(labels)).labels).toEqual(labels);
    expect(labelRows(undefined)).toEqual([]);
  });

  it("drop a blank row but keep half-typed ones, for the validator to judge", () => {
    const r = rowsToLabels([
      { key: "", value: "" },
      { key: "team", value: "" },
      { key: "", value: "orphan" },
    ]);
    expect(r.labels).toEqual({ team: "", "": "orphan" });
    expect(r.duplicates.size).toBe(0);
  });

  it("report a repeated name on the later row, keeping the first value", () => {
    const r = rowsToLabels([
      { key: "team", value: "checkout" },
      { key: "tier", value: "1" },
      { key: "team", value: "payments" },
    ]);
    expect(r.labels).toEqual({ team: "checkout", tier: "1" });
    expect([...r.duplicates.keys()]).toEqual([2]);
    expect(r.duplicates.get(2)).toEqual({ path: "labels.team", message: '"team" is already set in row 1; a label has one value' });
  });

  it("keep __proto__ as a key rather than a prototype", () => {
    const { labels } = rowsToLabels([{ key: "__proto__", value: "x" }]);
    expect(Object.keys(labels)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it("the spec validator's errors land on the row that caused them", () => {
    const rows = [
      { key: "team", value: "checkout" },
      { key: "1team", value: "x" },
      { key: "sloth_slo", value: "y" },
      { key: "env", value: "" },
      { key: "", value: "orphan" },
    ];
    const v = validateSloSpec({ ...base, labels: rowsToLabels(rows).labels });
    if (v.ok) throw new Error("expected label errors");
    expect(labelRowErrors(v.errors, "team")).toEqual([]);
    expect(labelRowErrors(v.errors, "1team")[0]?.message).toMatch(/^invalid label name "1team"/);
    expect(labelRowErrors(v.errors, "sloth_slo")[0]?.message).toMatch(/set by the generated rules/);
    expect(labelRowErrors(v.errors, "env")[0]?.message).toMatch(/^empty label value/);
    expect(labelRowErrors(v.errors, "")[0]?.message).toMatch(/^invalid label name ""/);
    // every error of the map is on one of the rows: none is left without a place to show
    const onRows = rows.flatMap((r) => labelRowErrors(v.errors, r.key));
    expect(onRows).toHaveLength(errorsAt(v.errors, "labels").length);
    expect(errorsAt(v.errors, "labels").length).toBe(v.errors.length);
  });

  it("labels the validator accepts pass through untouched", () => {
    const labels = rowsToLabels([
      { key: "team", value: "checkout" },
      { key: "", value: "" },
    ]).labels;
    expect(validateSloSpec({ ...base, labels })).toMatchObject({ ok: true, slo: { labels: { team: "checkout" } } });
  });
});

describe("the SLO form's owner", () => {
  it("is left out when blank and trimmed otherwise", () => {
    expect(ownerOf("")).toEqual({});
    expect(ownerOf("   ")).toEqual({});
    expect(ownerOf(" team-checkout ")).toEqual({ owner: "team-checkout" });
    expect(validateSloSpec({ ...base, ...ownerOf("  ") })).toMatchObject({ ok: true });
    expect(validateSloSpec({ ...base, owner: "" })).toMatchObject({ ok: false, errors: [{ path: "owner" }] });
  });
});

describe("errorsAt", () => {
  it("selects a field and what is beneath it, not fields that merely share a prefix", () => {
    const errors = [
      { path: "owner", message: "a" },
      { path: "labels.team", message: "b" },
      { path: "labels", message: "c" },
      { path: "labelsExtra", message: "d" },
      { path: "sli.totalQuery", message: "e" },
    ];
    expect(errorsAt(errors, "labels").map((e) => e.message)).toEqual(["b", "c"]);
    expect(errorsAt(errors, "owner").map((e) => e.message)).toEqual(["a"]);
    expect(errorsAt(errors, "sli").map((e) => e.message)).toEqual(["e"]);
    expect(errorsAt(undefined, "owner")).toEqual([]);
  });
});
