import { readYaml } from "./spec-validate";

/**
 * SLO definitions: the console's own type (SloSpec), its schema, the alert table it
 * uses, and import/export of the two public formats, Sloth `prometheus/v1`
 * (github.com/slok/sloth, pkg/prometheus/api/v1) and OpenSLO v1 (github.com/OpenSLO/OpenSLO,
 * README + schemas/v1; field names as in OpenSLO/go-sdk pkg/openslo/v1). A spec is
 * validated once, here, into a typed SloSpec; lib/slo/generate.ts trusts it. Pure.
 *
 * Import is strict where the formats are loose: unknown fields are errors (Sloth's
 * YAML loader ignores them, so a typo silently drops a setting), and what the
 * console cannot honour (SLI plugins, threshold metrics, time slices, composite
 * SLOs, alert thresholds other than the table below) is rejected with the path of
 * the field and, where known, its line.
 *
 * This file is the entry point; the code lives next to it: spec-model.ts (the type,
 * shared rules, the alert table), spec-validate.ts (schema, validation, locating
 * errors in YAML), spec-sloth.ts (Sloth import/export), spec-openslo.ts (OpenSLO
 * import) and spec-openslo-export.ts (OpenSLO export). Format detection stays here.
 */

export {
  availabilityQuery,
  burnRateTiers,
  formatGoFloat,
  labelSelector,
  latencyQueries,
  periodDays,
  queryProblem,
  RESERVED_LABELS,
  renderWindow,
  SLO_NAME,
  sloId,
  slothSliOf,
  tierEnabled,
  type AlertTier,
  type SloAlerting,
  type SloSli,
  type SloSpec,
  type SloTiers,
  type SloWindow,
  type SlothSli,
  type SpecError,
  type SpecResult,
  type TierWindows,
} from "./spec-model";
export { parseOpenSlo } from "./spec-openslo";
export { toOpenSlo } from "./spec-openslo-export";
export { parseSlothSpec, toSlothSpec, type SlothParseOptions } from "./spec-sloth";
export { defaultAlertName, sloSpecSchema, validateSloSpec } from "./spec-validate";

// ---------------------------------------------------------------- detection

export type SpecFormat = "sloth" | "openslo";

/** The format of a spec file by its version field (Sloth `version: prometheus/v1`, OpenSLO `apiVersion: openslo/…`). */
export function detectSpecFormat(yamlText: string): SpecFormat | undefined {
  const { docs } = readYaml(yamlText);
  for (const doc of docs) {
    const js: unknown = doc.toJS();
    const first: unknown = Array.isArray(js) ? js[0] : js;
    if (!first || typeof first !== "object") continue;
    const o = first as Record<string, unknown>;
    if (o.version === "prometheus/v1") return "sloth";
    if (typeof o.apiVersion === "string" && o.apiVersion.startsWith("openslo/")) return "openslo";
  }
  return undefined;
}
