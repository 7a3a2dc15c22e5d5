import { describe, expect, it } from "vitest";
import { validateHpa } from "./validate-hpa";
import { ERR_FORMAT_WRONG } from "./validate-quantity";
import { edit, edits, err, referenceHpa } from "./validate-test-fixtures";

const hpaWith = (path: string, value: unknown) => edit(referenceHpa(), path, value);
const up = "spec.behavior.scaleUp";
const down = "spec.behavior.scaleDown";

describe("stabilizationWindowSeconds", () => {
  it.each([0, 3600])("accepts %i", (seconds) => {
    expect(validateHpa(hpaWith(`${down}.stabilizationWindowSeconds`, seconds))).toEqual([]);
  });

  it("refuses a negative window", () => {
    expect(validateHpa(hpaWith(`${up}.stabilizationWindowSeconds`, -1))).toEqual([
      err(`${up}.stabilizationWindowSeconds`, "Invalid value: -1: must be greater than or equal to zero"),
    ]);
  });

  it("refuses more than an hour", () => {
    expect(validateHpa(hpaWith(`${down}.stabilizationWindowSeconds`, 3601))).toEqual([
      err(`${down}.stabilizationWindowSeconds`, "Invalid value: 3601: must be less than or equal to 3600"),
    ]);
  });
});

describe("selectPolicy", () => {
  it.each(["Max", "Min", "Disabled"])("accepts %s", (policy) => {
    expect(validateHpa(hpaWith(`${up}.selectPolicy`, policy))).toEqual([]);
  });

  it("refuses anything else, listing the sorted supported values", () => {
    expect(validateHpa(hpaWith(`${up}.selectPolicy`, "Fastest"))).toEqual([
      err(`${up}.selectPolicy`, `Unsupported value: "Fastest": supported values: "Disabled", "Max", "Min"`),
    ]);
  });

  it("refuses an empty string (it is set, so not defaulted)", () => {
    expect(validateHpa(hpaWith(`${down}.selectPolicy`, ""))).toEqual([
      err(`${down}.selectPolicy`, `Unsupported value: "": supported values: "Disabled", "Max", "Min"`),
    ]);
  });
});

describe("policies", () => {
  it("refuses an empty list", () => {
    expect(validateHpa(hpaWith(`${up}.policies`, []))).toEqual([err(`${up}.policies`, "Required value: must specify at least one Policy")]);
  });

  it("fills in missing policies from the defaults", () => {
    expect(validateHpa(hpaWith(`${up}.policies`, undefined))).toEqual([]);
    expect(validateHpa(hpaWith(`${down}.policies`, null))).toEqual([]);
  });

  it("refuses an unknown policy type", () => {
    expect(validateHpa(hpaWith(`${down}.policies[0].type`, "Percentage"))).toEqual([
      err(`${down}.policies[0].type`, `Unsupported value: "Percentage": supported values: "Percent", "Pods"`),
    ]);
  });

  it("refuses a value of 0", () => {
    expect(validateHpa(hpaWith(`${up}.policies[0].value`, 0))).toEqual([err(`${up}.policies[0].value`, "Invalid value: 0: must be greater than zero")]);
  });

  it("refuses a period of 0 and one over 30 minutes, accepts 1800", () => {
    expect(validateHpa(hpaWith(`${down}.policies[0].periodSeconds`, 0))).toEqual([
      err(`${down}.policies[0].periodSeconds`, "Invalid value: 0: must be greater than zero"),
    ]);
    expect(validateHpa(hpaWith(`${down}.policies[0].periodSeconds`, 1801))).toEqual([
      err(`${down}.policies[0].periodSeconds`, "Invalid value: 1801: must be less than or equal to 1800"),
    ]);
    expect(validateHpa(hpaWith(`${down}.policies[0].periodSeconds`, 1800))).toEqual([]);
  });

  it("reads an empty policy as type \"\" and zeros", () => {
    expect(validateHpa(hpaWith(`${up}.policies[1]`, {}))).toEqual([
      err(`${up}.policies[1].type`, `Unsupported value: "": supported values: "Percent", "Pods"`),
      err(`${up}.policies[1].value`, "Invalid value: 0: must be greater than zero"),
      err(`${up}.policies[1].periodSeconds`, "Invalid value: 0: must be greater than zero"),
    ]);
  });
});

describe("behavior as a whole", () => {
  it("accepts an empty behavior and empty directions (all defaulted)", () => {
    expect(validateHpa(hpaWith("spec.behavior", {}))).toEqual([]);
    expect(validateHpa(hpaWith("spec.behavior", { scaleUp: {}, scaleDown: null }))).toEqual([]);
  });

  it("reports scale up before scale down", () => {
    const hpa = edits(referenceHpa(), { [`${down}.policies`]: [], [`${up}.stabilizationWindowSeconds`]: 7200 });
    expect(validateHpa(hpa)).toEqual([
      err(`${up}.stabilizationWindowSeconds`, "Invalid value: 7200: must be less than or equal to 3600"),
      err(`${down}.policies`, "Required value: must specify at least one Policy"),
    ]);
  });
});

describe("tolerance (beta in 1.35, on by default: kept and checked)", () => {
  it.each(["0", "0.05", 0.1, "50m"])("accepts %j", (tolerance) => {
    expect(validateHpa(hpaWith(`${up}.tolerance`, tolerance))).toEqual([]);
  });

  it("refuses a negative tolerance, printed canonically", () => {
    expect(validateHpa(hpaWith(`${down}.tolerance`, "-0.1"))).toEqual([
      err(`${down}.tolerance`, `Invalid value: "-100m": must be greater than or equal to 0`),
    ]);
  });

  it("refuses a percentage at decoding (400), since it is not a quantity", () => {
    expect(validateHpa(hpaWith(`${down}.tolerance`, "5%"))).toEqual([err(`${down}.tolerance`, ERR_FORMAT_WRONG, "schema")]);
  });
});
