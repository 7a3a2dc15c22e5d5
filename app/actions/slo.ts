"use server";

import { z } from "zod";
import { getConfig } from "@/lib/config";
import { acknowledgementSchema } from "@/lib/push/acknowledge";
import { labelValues } from "@/lib/prometheus/client";
import { isValidMetricName } from "@/lib/promql/escape";
import { createRuleFile, pushVersion, saveVersion } from "@/lib/rules/store";
import { ActionFailure } from "@/lib/errors/action-failure";
import { defineAction } from "@/lib/server/action";
import { adhoc } from "@/lib/server/adhoc";
import { complianceCsv } from "@/lib/slo/compliance";
import { generateRules, inhibitRulesFor } from "@/lib/slo/generate";
import { loadBoard, loadDetail, sloStatus } from "@/lib/slo/load";
import { detectSpecFormat, parseOpenSlo, parseSlothSpec, sloId, toOpenSlo, toSlothSpec, validateSloSpec, type SloSpec } from "@/lib/slo/spec";
import { findSlo, getSlo, getSloVersion, listSlos, saveSlo } from "@/lib/slo/store";
import { findDocument } from "@/lib/documents/store";

/** SLOs: the board, one SLO's panels, live preview, versions, import/export, generated rules. */

const id = z.string().min(1).max(64);

function valid(spec: unknown): SloSpec {
  const v = validateSloSpec(spec);
  if (!v.ok) throw new ActionFailure("invalid", v.errors.map((e) => `${e.path || "spec"}: ${e.message}`).join("; "));
  return v.slo;
}

export const sloBoardAction = defineAction("slo.board", "VIEWER", z.object({}), async () => {
  const rows = await listSlos();
  return { slos: await loadBoard(rows) };
});

export const sloDetailAction = defineAction("slo.detail", "VIEWER", z.object({ id }), async (i) => {
  const slo = await getSlo(i.id);
  const detail = await loadDetail({ id: slo.id, name: slo.name, service: slo.service, head: slo.head, spec: slo.spec, updatedAt: "" });
  return { slo, detail, rules: generateRules(slo.spec), inhibitRules: inhibitRulesFor(slo.spec) };
});

/** The figures of an unsaved definition, over real history, before anything is saved. */
export const sloPreviewAction = defineAction("slo.preview", "VIEWER", z.object({ spec: z.unknown() }), async (i, user) => {
  const v = validateSloSpec(i.spec);
  if (!v.ok) return { ok: false as const, errors: v.errors };
  const status = await adhoc(user, () => sloStatus({ id: "preview", name: sloId(v.slo), service: v.slo.service, head: 0, spec: v.slo, updatedAt: "" }, new Set()));
  return { ok: true as const, status, rules: generateRules(v.slo) };
});

/**
 * One saved version: its spec (to restore it into the editor) and the spec as the
 * Sloth export writes it (what the version diff compares, line by line).
 */
export const sloVersionAction = defineAction("slo.version", "VIEWER", z.object({ id, version: z.number().int().min(1).max(2_147_483_647) }), async (i) => {
  const v = await getSloVersion(i.id, i.version);
  return { ...v, sloth: toSlothSpec([v.spec]) };
});

export const saveSloAction = defineAction(
  "slo.save",
  "EDITOR",
  z.object({ spec: z.unknown(), base: z.number().int().min(0), message: z.string().trim().min(1, "say what changed and why").max(500) }),
  (i, user) => saveSlo(valid(i.spec), i.base, i.message, user),
);

export const importSloAction = defineAction("slo.import", "EDITOR", z.object({ text: z.string().min(1).max(1_000_000) }), async (i, user) => {
  const format = detectSpecFormat(i.text);
  if (!format) throw new ActionFailure("invalid", 'not a Sloth (apiVersion: sloth.slok.dev/v1, kind: PrometheusServiceLevel) or OpenSLO (apiVersion: openslo/v1) spec');
  const parsed = format === "sloth" ? parseSlothSpec(i.text) : parseOpenSlo(i.text);
  if (!parsed.ok) throw new ActionFailure("invalid", parsed.errors.map((e) => `${e.path || "spec"}${e.line ? ` (line ${e.line})` : ""}: ${e.message}`).join("; "));
  const saved: { name: string; version: number }[] = [];
  for (const spec of parsed.slos) {
    const existing = await findSlo(sloId(spec));
    const r = await saveSlo(spec, existing?.head ?? 0, `Imported from a ${format === "sloth" ? "Sloth" : "OpenSLO"} spec`, user);
    saved.push({ name: sloId(spec), version: r.version });
  }
  return { format, saved };
});

export const exportSloAction = defineAction("slo.export", "VIEWER", z.object({ id, format: z.enum(["sloth", "openslo", "rules", "csv"]) }), async (i) => {
  const slo = await getSlo(i.id);
  if (i.format === "sloth") return { fileName: `${slo.name}.sloth.yaml`, text: toSlothSpec([slo.spec]) };
  if (i.format === "openslo") return { fileName: `${slo.name}.openslo.yaml`, text: toOpenSlo(slo.spec) };
  if (i.format === "rules") return { fileName: `slo-${slo.name}.rules.yml`, text: generateRules(slo.spec) };
  const detail = await loadDetail({ id: slo.id, name: slo.name, service: slo.service, head: slo.head, spec: slo.spec, updatedAt: "" });
  return { fileName: `${slo.name}-compliance.csv`, text: complianceCsv(detail.compliance, { slo: slo.name }) };
});

/**
 * Pushes the SLO's generated recording and alerting rules through the alert-rule
 * pipeline: a console-managed rule file `slo-<id>.rules.yml`, saved as a new version
 * when it changed, checked, pushed, verified, rolled back on failure.
 */
export const pushSloRulesAction = defineAction(
  "slo.push_rules",
  "EDITOR",
  z.object({ id, version: z.number().int().min(1).optional(), acknowledgement: acknowledgementSchema }),
  async (i, user) => {
    const slo = await getSlo(i.id);
    // the version the editor looked at: a newer one is not pushed on their word
    if (i.version !== undefined && i.version !== slo.head) throw new ActionFailure("conflict", `${slo.name} is at v${slo.head} now, not v${i.version} as shown; reload to see what changed before pushing.`);
    const name = `slo-${slo.name}.rules.yml`;
    const content = generateRules(slo.spec);
    const file = await findDocument("rules", name);
    let fileId: string;
    let version: number;
    if (!file) {
      fileId = (await createRuleFile(name, content, "slo", `Generated from SLO ${slo.name} v${slo.head}`, user)).id;
      version = 1;
    } else if (file.content !== content) {
      const r = await saveVersion(file.id, file.head, content, `Generated from SLO ${slo.name} v${slo.head}`, user);
      if (!r.saved) throw new ActionFailure("conflict", `${name} changed while generating; try again.`);
      fileId = file.id;
      version = r.version;
    } else {
      fileId = file.id;
      version = file.head;
    }
    return { fileId, version, outcome: await pushVersion(fileId, version, "prometheus", i.acknowledgement, user) };
  },
);

/** The bucket bounds (`le`) a histogram has: the thresholds a latency SLI can use. */
export const histogramBoundsAction = defineAction("slo.le_values", "VIEWER", z.object({ metric: z.string().trim().min(1).max(200) }), async (i, user) => {
  if (!isValidMetricName(i.metric)) throw new ActionFailure("invalid", `metric: "${i.metric}" is not a metric name`);
  const res = await adhoc(user, () => labelValues(getConfig().prometheus, "le", { match: [`${i.metric}_bucket`] }));
  return res.data
    .map(Number)
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
});
