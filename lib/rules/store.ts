import "server-only";
import path from "node:path";
import { recordAudit } from "@/lib/audit/log";
import { getConfig, type ConsoleConfig } from "@/lib/config";
import {
  createDocument,
  diffDocumentVersions,
  findDocument,
  getDocument,
  getDocumentVersion,
  lastGoodPush,
  listDocuments,
  recordPush,
  saveDocument,
  sha256,
  type Actor,
  type PushRow as DocumentPushRow,
  type SaveResult,
  type VersionContent,
} from "@/lib/documents/store";
import type { DiffLine } from "@/lib/documents/diff";
import { awaitingAcknowledgement, type NeedsAcknowledgement } from "@/lib/push/acknowledge";
import { withPushLock } from "@/lib/push/lock";
import { PUSH_TARGETS } from "@/lib/push/targets";
import { allRuleGroups, type ApiRuleGroup } from "@/lib/prometheus/rules";
import { ActionFailure } from "@/lib/errors/action-failure";
import { prometheusFacts } from "@/lib/rules/live-facts";
import { describeFailure } from "@/lib/upstream/errors";
import { checkRuleFile, hasErrors } from "./check";
import { groupsFromApi, outline, sameRules } from "./document";
import { namespaceOf, pushToRuler } from "./push-ruler";
import { checkFileName, compareLoaded, listRuleDir, pushToPrometheus, readRuleFileFromDir, type PushResult } from "./push";
import type { RuleProblem } from "./validate";

/**
 * Rule files kept by the console (documents of kind "rules", lib/documents): import,
 * versions with optimistic concurrency, diffs, pushes with their outcome, drift
 * against what Prometheus has loaded. Every change is audited.
 */

export type { SaveResult };

export interface RuleFileSummary {
  id: string;
  name: string;
  source: string;
  head: number;
  updatedAt: string;
  groups: number;
  rules: number;
  lastPush: PushRow | null;
}

export type VersionRow = Omit<VersionContent, "content">;

export type PushRow = Omit<DocumentPushRow, "steps"> & { steps: PushResult["steps"] };

const toPush = (p: DocumentPushRow): PushRow => p as PushRow;

function policy() {
  return getConfig().rules.policy;
}

/** All checks of a draft: errors block saving and pushing, warnings do not. With `live`, selectors are checked against Prometheus. */
export async function checkDraft(content: string, live: boolean): Promise<RuleProblem[]> {
  return checkRuleFile(content, { policy: policy(), live: live ? prometheusFacts(getConfig().prometheus) : undefined });
}

export async function listRuleFiles(): Promise<RuleFileSummary[]> {
  const files = await listDocuments("rules");
  return files.map((f) => {
    const o = outline(f.content);
    return {
      id: f.id,
      name: f.name,
      source: f.source,
      head: f.head,
      updatedAt: f.updatedAt,
      groups: o.length,
      rules: o.reduce((n, g) => n + g.rules.length, 0),
      lastPush: f.lastPush ? toPush(f.lastPush) : null,
    };
  });
}

export async function getRuleFile(id: string) {
  const f = await getDocument("rules", id);
  return { id: f.id, name: f.name, source: f.source, head: f.head, content: f.content, versions: f.versions, pushes: f.pushes.map(toPush) };
}

export async function getVersion(fileId: string, version: number): Promise<VersionContent> {
  return getDocumentVersion("rules", fileId, version);
}

export async function diffVersions(fileId: string, from: number, to: number): Promise<DiffLine[]> {
  return diffDocumentVersions("rules", fileId, from, to);
}

function blockOnErrors(problems: RuleProblem[], what: string) {
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length) {
    throw new ActionFailure(
      "invalid",
      `${what}: ${errors.length} error(s) Prometheus would reject — ${errors
        .slice(0, 3)
        .map((e) => `line ${e.line}:${e.column}: ${e.message}`)
        .join("; ")}`,
    );
  }
}

/** A new rule file with its first version. */
export async function createRuleFile(name: string, content: string, source: string, message: string, actor: Actor): Promise<{ id: string }> {
  const bad = checkFileName(name);
  if (bad) throw new ActionFailure("invalid", bad);
  blockOnErrors(await checkRuleFile(content, { policy: policy() }), name);
  return createDocument({ kind: "rules", name, source, content, message }, actor);
}

/**
 * Saves a draft as the next version if nobody saved since `base` (optimistic
 * concurrency); otherwise returns the newer version and the difference, and keeps
 * nothing from the caller's draft out of their hands.
 */
export async function saveVersion(fileId: string, base: number, content: string, message: string, actor: Actor): Promise<SaveResult> {
  blockOnErrors(await checkRuleFile(content, { policy: policy() }), "Not saved");
  return saveDocument("rules", fileId, base, content, message, actor);
}

export interface ImportReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  notes: string[];
}

async function importContent(name: string, content: string, source: string, note: string, actor: Actor, report: ImportReport) {
  const existing = await findDocument("rules", name);
  if (!existing) {
    await createRuleFile(name, content, source, note, actor);
    report.created.push(name);
    return;
  }
  if (existing.content === content) {
    report.unchanged.push(name);
    return;
  }
  const r = await saveVersion(existing.id, existing.head, content, note, actor);
  if (r.saved) report.updated.push(name);
}

/**
 * Imports every rule file Prometheus has loaded. The file itself is read from the
 * rules directory when the console can see it (comments and layout kept); otherwise
 * it is rebuilt from /api/v1/rules (normalised expressions, no comments) and the
 * report says so.
 */
export async function importFromPrometheus(actor: Actor): Promise<ImportReport> {
  const cfg = getConfig();
  const groups = await allRuleGroups(cfg.prometheus, { excludeAlerts: true });
  const byFile = new Map<string, ApiRuleGroup[]>();
  for (const g of groups) byFile.set(g.file, [...(byFile.get(g.file) ?? []), g]);
  const report: ImportReport = { created: [], updated: [], unchanged: [], notes: [] };
  for (const [file, fileGroups] of byFile) {
    const name = path.basename(file);
    if (checkFileName(name)) {
      report.notes.push(`${file}: skipped, its name cannot be pushed back (${checkFileName(name)})`);
      continue;
    }
    let content: string | undefined;
    if (cfg.rules.dir) content = await readRuleFileFromDir(cfg.rules.dir, name).catch(() => undefined);
    const fromApi = groupsFromApi(fileGroups);
    if (content !== undefined && !sameRules(content, fromApi)) {
      report.notes.push(`${name}: the file on disk differs from what Prometheus has loaded (not reloaded since it changed?); imported the file`);
    }
    if (content === undefined) {
      content = fromApi;
      report.notes.push(`${name}: rebuilt from /api/v1/rules (the console cannot read ${file}); comments are not available`);
    }
    try {
      await importContent(name, content, "prometheus", `Imported from Prometheus (${file})`, actor, report);
    } catch (err) {
      report.notes.push(`${name}: not imported: ${describeFailure(err).message}`);
    }
  }
  await recordAudit({ actor, action: "rules.import", targetType: "rule_file", after: { source: "prometheus", ...report } });
  return report;
}

export async function importFromDirectory(actor: Actor): Promise<ImportReport> {
  const dir = getConfig().rules.dir;
  if (!dir) throw new ActionFailure("invalid", "RULES_DIR is not set: the console does not know Prometheus's rules directory.");
  const report: ImportReport = { created: [], updated: [], unchanged: [], notes: [] };
  for (const f of await listRuleDir(dir)) {
    try {
      await importContent(f.name, f.content, "directory", `Imported from ${dir}`, actor, report);
    } catch (err) {
      report.notes.push(`${f.name}: not imported: ${describeFailure(err).message}`);
    }
  }
  await recordAudit({ actor, action: "rules.import", targetType: "rule_file", after: { source: "directory", ...report } });
  return report;
}

export async function importUpload(name: string, content: string, actor: Actor): Promise<ImportReport> {
  const report: ImportReport = { created: [], updated: [], unchanged: [], notes: [] };
  await importContent(name, content, "upload", `Uploaded ${name}`, actor, report);
  return report;
}

export type PushOutcome =
  | { pushed: true; result: PushResult }
  | NeedsAcknowledgement<RuleProblem>
  | { pushed: false; result: PushResult };

/**
 * Pushes one saved version to Prometheus's rules directory. Warnings must be
 * acknowledged by the editor; errors never get this far (they block saving) but are
 * checked again. Every attempt is recorded with its steps and duration.
 */
/** The lock every push to one target takes: one rules directory, or one ruler tenant. */
export function pushLockKey(target: RuleTarget, cfg: ConsoleConfig): string {
  return PUSH_TARGETS[target].lockKey(cfg);
}

export type RuleTarget = "prometheus" | "ruler";

export async function pushVersion(fileId: string, version: number, target: RuleTarget, acknowledgement: string | undefined, actor: Actor): Promise<PushOutcome> {
  const cfg = getConfig();
  const rulesDir = cfg.rules.dir;
  const ruler = cfg.rules.ruler;
  const off = PUSH_TARGETS[target].unavailable(cfg);
  if (off) throw new ActionFailure("invalid", off);
  const file = await getDocument("rules", fileId, { pushes: 0 });
  const v = await getVersion(fileId, version);
  const problems = await checkDraft(v.content, true);
  const warnings = problems.filter((p) => p.severity === "warning");
  if (!hasErrors(problems)) {
    const ask = awaitingAcknowledgement(`rules ${fileId} v${version} to ${target}`, warnings, acknowledgement);
    if (ask) return ask;
  }
  if (target === "ruler") {
    // the ruler's namespace is the file name without .yml/.yaml: two files must not share one
    const ns = namespaceOf(file.name);
    const clash = (await Promise.all([`${ns}.yml`, `${ns}.yaml`].filter((n) => n !== file.name).map(async (n) => ((await findDocument("rules", n)) ? { name: n } : null)))).find(Boolean);
    if (clash) throw new ActionFailure("conflict", `${file.name} and ${clash.name} would both be the ruler namespace "${ns}"; rename one of them before pushing.`);
  }
  const result = await withPushLock(target, cfg, () =>
    target === "ruler" && ruler
      ? pushToRuler(ruler, file.name, v.content)
      : pushToPrometheus({ prometheus: cfg.prometheus, rulesDir: rulesDir!, promtool: cfg.rules.promtool }, file.name, v.content),
  );
  await recordPush(
    "rules",
    fileId,
    {
      version,
      content: v.content,
      target,
      outcome: result.outcome,
      message: result.message,
      steps: result.steps,
      warnings: warnings.map((w) => `${w.line}: ${w.message}`),
      durationMs: result.durationMs,
      audit: {
        after: { name: file.name, acknowledgedWarnings: warnings.length },
        message: `${file.name} v${version} → ${target === "ruler" ? "ruler" : "Prometheus"}: ${result.message}`,
      },
    },
    actor,
  );
  return result.outcome === "ok" ? { pushed: true, result } : { pushed: false, result };
}

export interface DriftReport {
  /** what the console pushed last (successfully) */
  lastPushed?: { version: number; at: string };
  state: "in_sync" | "drift" | "never_pushed" | "unknown";
  details: string[];
}

/** Whether what Prometheus runs still matches the last successful push of this file. */
export async function drift(fileId: string): Promise<DriftReport> {
  const cfg = getConfig();
  const file = await getDocument("rules", fileId, { pushes: 0 });
  const last = await lastGoodPush("rules", fileId, "prometheus");
  if (!last) return { state: "never_pushed", details: [] };
  const pushed = await getVersion(fileId, last.version);
  const details: string[] = [];
  if (cfg.rules.dir) {
    const disk = await readRuleFileFromDir(cfg.rules.dir, file.name).catch(() => undefined);
    if (disk === undefined) details.push(`${file.name} is no longer in ${cfg.rules.dir}`);
    else if (sha256(disk) !== last.sha256) details.push(`${file.name} on disk was changed outside the console since v${last.version} was pushed`);
  }
  try {
    const loaded = await allRuleGroups(cfg.prometheus, { excludeAlerts: true });
    details.push(...compareLoaded(file.name, pushed.content, loaded));
  } catch (err) {
    return { lastPushed: { version: last.version, at: last.at.toISOString() }, state: "unknown", details: [describeFailure(err).message] };
  }
  return { lastPushed: { version: last.version, at: last.at.toISOString() }, state: details.length ? "drift" : "in_sync", details };
}
