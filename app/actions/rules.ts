"use server";

import { z } from "zod";
import { MAX_RULE_FILE_BYTES } from "@/lib/rules/limits";
import { acknowledgementSchema } from "@/lib/push/acknowledge";
import { getConfig } from "@/lib/config";
import { withoutUserinfo } from "@/lib/config/redact";
import { allRuleGroups } from "@/lib/prometheus/rules";
import { flattenRules, pageRules } from "@/lib/rules/browse";
import { backtest, BACKTEST_WINDOWS, previewTemplates, type BacktestWindow } from "@/lib/rules/evaluate";
import { toPrometheusRule } from "@/lib/rules/export";
import {
  checkDraft,
  createRuleFile,
  diffVersions,
  drift,
  getRuleFile,
  getVersion,
  importFromDirectory,
  importFromPrometheus,
  importUpload,
  listRuleFiles,
  pushVersion,
  saveVersion,
} from "@/lib/rules/store";
import { defineAction } from "@/lib/server/action";
import { adhoc } from "@/lib/server/adhoc";

/** Alert rules: browse what Prometheus runs, edit versioned files, check, backtest, push. */

const MAX_FILE = MAX_RULE_FILE_BYTES;

const content = z.string().max(MAX_FILE, `expected a rule file under ${MAX_FILE / 1_000_000} MB`);
const fileId = z.string().min(1).max(64);
const fileName = z.string().trim().min(1, "expected a file name such as team.rules.yml").max(200);

export const browseLoadedRules = defineAction(
  "rules.browse",
  "VIEWER",
  z.object({
    q: z.string().max(500).default(""),
    state: z.enum(["any", "inactive", "pending", "firing", "none"]).default("any"),
    health: z.enum(["any", "ok", "err", "unknown"]).default("any"),
    type: z.enum(["any", "alerting", "recording"]).default("any"),
    page: z.number().int().min(0).default(0),
    pageSize: z.number().int().min(10).max(200).default(50),
  }),
  async (i) => {
    const groups = await allRuleGroups(getConfig().prometheus);
    return { ...pageRules(flattenRules(groups), i, i.page, i.pageSize), groups: groups.length };
  },
);

export const listRuleFilesAction = defineAction("rules.files", "VIEWER", z.object({}), () => listRuleFiles());

export const getRuleFileAction = defineAction("rules.file", "VIEWER", z.object({ id: fileId }), async (i) => {
  const cfg = getConfig();
  return {
    ...(await getRuleFile(i.id)),
    pushEnabled: Boolean(cfg.rules.dir),
    // the address only: credentials a URL may carry never reach the browser
    ruler: cfg.rules.ruler ? { flavor: cfg.rules.ruler.flavor, url: withoutUserinfo(cfg.rules.ruler.backend.url) } : null,
    policy: cfg.rules.policy,
  };
});

export const driftAction = defineAction("rules.drift", "VIEWER", z.object({ id: fileId }), (i) => drift(i.id));

export const getVersionAction = defineAction("rules.version", "VIEWER", z.object({ id: fileId, version: z.number().int().min(1) }), (i) =>
  getVersion(i.id, i.version),
);

export const diffVersionsAction = defineAction(
  "rules.diff",
  "VIEWER",
  z.object({ id: fileId, from: z.number().int().min(1), to: z.number().int().min(1) }),
  (i) => diffVersions(i.id, i.from, i.to),
);

// a check without live data asks no backend: only the live one waits for the user's query slots
export const checkDraftAction = defineAction("rules.check", "VIEWER", z.object({ content, live: z.boolean().default(false) }), (i, user) =>
  i.live ? adhoc(user, () => checkDraft(i.content, true)) : checkDraft(i.content, false),
);

export const saveVersionAction = defineAction(
  "rules.save",
  "EDITOR",
  z.object({ id: fileId, base: z.number().int().min(0), content, message: z.string().trim().min(1, "say what changed and why").max(500) }),
  (i, user) => saveVersion(i.id, i.base, i.content, i.message, user),
);

export const createRuleFileAction = defineAction(
  "rules.create",
  "EDITOR",
  z.object({ name: fileName, content }),
  (i, user) => createRuleFile(i.name, i.content, "new", "Created in the console", user),
);

export const importRulesAction = defineAction(
  "rules.import",
  "EDITOR",
  z.discriminatedUnion("from", [
    z.object({ from: z.literal("prometheus") }),
    z.object({ from: z.literal("directory") }),
    z.object({ from: z.literal("upload"), name: fileName, content }),
  ]),
  (i, user) => (i.from === "prometheus" ? importFromPrometheus(user) : i.from === "directory" ? importFromDirectory(user) : importUpload(i.name, i.content, user)),
);

export const pushVersionAction = defineAction(
  "rules.push",
  "EDITOR",
  z.object({ id: fileId, version: z.number().int().min(1), target: z.enum(["prometheus", "ruler"]).default("prometheus"), acknowledgement: acknowledgementSchema }),
  (i, user) => pushVersion(i.id, i.version, i.target, i.acknowledgement, user),
);

export const backtestAction = defineAction(
  "rules.backtest",
  "VIEWER",
  z.object({
    kind: z.enum(["alert", "record"]),
    expr: z.string().trim().min(1, "expected an expression").max(20_000),
    for: z.string().max(50).optional(),
    keepFiringFor: z.string().max(50).optional(),
    window: z.enum(Object.keys(BACKTEST_WINDOWS) as [BacktestWindow, ...BacktestWindow[]]),
  }),
  (i, user) => adhoc(user, () => backtest(i)),
);

const templates = (max: number, size: number) =>
  z
    .record(z.string().max(200), z.string().max(size))
    .refine((r) => Object.keys(r).length <= max, `expected at most ${max} templates`);

// Rendering runs caller-supplied templates on the server (under TEMPLATE_BUDGET): editors only, as drafting is.
export const previewTemplatesAction = defineAction(
  "rules.preview",
  "EDITOR",
  z.object({
    expr: z.string().trim().min(1, "expected an expression").max(20_000),
    labels: templates(50, 5000),
    annotations: templates(50, 20_000),
  }),
  (i, user) => adhoc(user, () => previewTemplates(i)),
);

export const exportRuleFileAction = defineAction(
  "rules.export",
  "VIEWER",
  z.object({ id: fileId, version: z.number().int().min(1), format: z.enum(["file", "prometheusrule"]), namespace: z.string().max(63).optional() }),
  async (i) => {
    const v = await getVersion(i.id, i.version);
    const file = await getRuleFile(i.id);
    if (i.format === "file") return { fileName: file.name, text: v.content };
    const name = file.name.replace(/\.ya?ml$/, "").toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
    return { fileName: `${name}.prometheusrule.yaml`, text: toPrometheusRule(v.content, { name, namespace: i.namespace || undefined }) };
  },
);
