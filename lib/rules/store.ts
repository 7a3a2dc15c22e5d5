import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import { recordAudit } from "@/lib/audit/log";
import { getConfig, type ConsoleConfig } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { LockBusyError, withAdvisoryLock } from "@/lib/db/lock";
import { allRuleGroups, type ApiRuleGroup } from "@/lib/prometheus/rules";
import { ActionFailure } from "@/lib/errors/action-failure";
import { prometheusFacts } from "@/lib/rules/live-facts";
import { describeFailure } from "@/lib/upstream/errors";
import { checkRuleFile, hasErrors } from "./check";
import { lineDiff, type DiffLine } from "./diff";
import { groupsFromApi, outline, sameRules } from "./document";
import { namespaceOf, pushToRuler } from "./push-ruler";
import { checkFileName, compareLoaded, listRuleDir, pushToPrometheus, readRuleFileFromDir, type PushResult } from "./push";
import type { RuleProblem } from "./validate";

/**
 * Rule files kept by the console: import, versions with optimistic concurrency,
 * diffs, pushes with their outcome, drift against what Prometheus has loaded.
 * Every change is audited.
 */

type Actor = { id: string; email: string };

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

export interface VersionRow {
  version: number;
  message: string;
  authorEmail: string;
  createdAt: string;
  sha256: string;
}

export interface PushRow {
  id: string;
  version: number;
  target: string;
  outcome: string;
  message: string;
  durationMs: number;
  actorEmail: string;
  at: string;
  steps: PushResult["steps"];
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function policy() {
  return getConfig().rules.policy;
}

/** All checks of a draft: errors block saving and pushing, warnings do not. With `live`, selectors are checked against Prometheus. */
export async function checkDraft(content: string, live: boolean): Promise<RuleProblem[]> {
  return checkRuleFile(content, { policy: policy(), live: live ? prometheusFacts(getConfig().prometheus) : undefined });
}

function toPush(p: Omit<PushRow, "at" | "steps"> & { at: Date; steps: unknown }): PushRow {
  return { ...p, at: p.at.toISOString(), steps: p.steps as PushResult["steps"] };
}

export async function listRuleFiles(): Promise<RuleFileSummary[]> {
  const files = await prisma().ruleFile.findMany({
    orderBy: { name: "asc" },
    include: {
      versions: { orderBy: { version: "desc" }, take: 1 },
      pushes: { orderBy: { at: "desc" }, take: 1 },
    },
  });
  return files.map((f) => {
    const o = outline(f.versions[0]?.content ?? "");
    return {
      id: f.id,
      name: f.name,
      source: f.source,
      head: f.head,
      updatedAt: f.updatedAt.toISOString(),
      groups: o.length,
      rules: o.reduce((n, g) => n + g.rules.length, 0),
      lastPush: f.pushes[0] ? toPush(f.pushes[0]) : null,
    };
  });
}

export async function getRuleFile(id: string) {
  const f = await prisma().ruleFile.findUnique({
    where: { id },
    include: {
      versions: { orderBy: { version: "desc" } },
      pushes: { orderBy: { at: "desc" }, take: 20 },
    },
  });
  if (!f) throw new ActionFailure("not_found", "No such rule file (it may have been deleted).");
  const head = f.versions[0];
  return {
    id: f.id,
    name: f.name,
    source: f.source,
    head: f.head,
    content: head?.content ?? "",
    versions: f.versions.map<VersionRow>((v) => ({
      version: v.version,
      message: v.message,
      authorEmail: v.authorEmail,
      createdAt: v.createdAt.toISOString(),
      sha256: v.sha256,
    })),
    pushes: f.pushes.map(toPush),
  };
}

export async function getVersion(fileId: string, version: number): Promise<{ version: number; content: string; message: string; authorEmail: string; createdAt: string }> {
  const v = await prisma().ruleVersion.findUnique({ where: { fileId_version: { fileId, version } } });
  if (!v) throw new ActionFailure("not_found", `Version ${version} does not exist.`);
  return { version: v.version, content: v.content, message: v.message, authorEmail: v.authorEmail, createdAt: v.createdAt.toISOString() };
}

export async function diffVersions(fileId: string, from: number, to: number): Promise<DiffLine[]> {
  const [a, b] = await Promise.all([getVersion(fileId, from), getVersion(fileId, to)]);
  return lineDiff(a.content, b.content);
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
  const existing = await prisma().ruleFile.findUnique({ where: { name } });
  if (existing) throw new ActionFailure("conflict", `A rule file named ${name} already exists; open it and save a new version instead.`);
  return prisma().$transaction(async (tx) => {
    const file = await tx.ruleFile.create({ data: { name, source, head: 1 } });
    await tx.ruleVersion.create({
      data: { fileId: file.id, version: 1, content, sha256: sha(content), message, authorId: actor.id, authorEmail: actor.email },
    });
    await recordAudit({ actor, action: "rules.create", targetType: "rule_file", targetId: file.id, after: { name, version: 1, message } }, tx);
    return { id: file.id };
  });
}

export type SaveResult =
  | { saved: true; version: number }
  | {
      saved: false;
      /** Someone saved on top of the caller's base: their version, and how it differs from the caller's draft. */
      conflict: { head: number; authorEmail: string; createdAt: string; message: string; content: string; diff: DiffLine[] };
    };

/**
 * Saves a draft as the next version if nobody saved since `base` (optimistic
 * concurrency); otherwise returns the newer version and the difference, and keeps
 * nothing from the caller's draft out of their hands.
 */
export async function saveVersion(fileId: string, base: number, content: string, message: string, actor: Actor): Promise<SaveResult> {
  blockOnErrors(await checkRuleFile(content, { policy: policy() }), "Not saved");
  const result = await prisma().$transaction(async (tx) => {
    const moved = await tx.ruleFile.updateMany({ where: { id: fileId, head: base }, data: { head: base + 1 } });
    if (moved.count === 0) return null;
    await tx.ruleVersion.create({
      data: { fileId, version: base + 1, content, sha256: sha(content), message, authorId: actor.id, authorEmail: actor.email },
    });
    await recordAudit({ actor, action: "rules.save", targetType: "rule_file", targetId: fileId, after: { version: base + 1, message } }, tx);
    return base + 1;
  });
  if (result !== null) return { saved: true, version: result };
  const file = await prisma().ruleFile.findUnique({ where: { id: fileId } });
  if (!file) throw new ActionFailure("not_found", "No such rule file (it may have been deleted).");
  const head = await getVersion(fileId, file.head);
  return {
    saved: false,
    conflict: { head: head.version, authorEmail: head.authorEmail, createdAt: head.createdAt, message: head.message, content: head.content, diff: lineDiff(head.content, content) },
  };
}

export interface ImportReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  notes: string[];
}

async function importContent(name: string, content: string, source: string, note: string, actor: Actor, report: ImportReport) {
  const existing = await prisma().ruleFile.findUnique({ where: { name }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
  if (!existing) {
    await createRuleFile(name, content, source, note, actor);
    report.created.push(name);
    return;
  }
  if (existing.versions[0]?.content === content) {
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
  | { pushed: false; needsAcknowledgement: RuleProblem[] }
  | { pushed: false; result: PushResult };

/**
 * Pushes one saved version to Prometheus's rules directory. Warnings must be
 * acknowledged by the editor; errors never get this far (they block saving) but are
 * checked again. Every attempt is recorded with its steps and duration.
 */
/** How long a push waits for another push to the same target, and the longest one may hold it. */
const PUSH_LOCK = { waitMs: 60_000, holdMs: 300_000 };

/** The lock every push to one target takes: one rules directory, or one ruler tenant. */
export function pushLockKey(target: "prometheus" | "ruler", cfg: ConsoleConfig): string {
  const ruler = cfg.rules.ruler?.backend;
  return target === "ruler" ? `perfops:push:ruler:${ruler?.url}:${ruler?.tenant ?? ""}` : `perfops:push:prometheus:${path.resolve(/*turbopackIgnore: true*/ cfg.rules.dir ?? "")}`;
}

export async function pushVersion(fileId: string, version: number, target: "prometheus" | "ruler", acknowledgeWarnings: boolean, actor: Actor): Promise<PushOutcome> {
  const cfg = getConfig();
  const rulesDir = cfg.rules.dir;
  const ruler = cfg.rules.ruler;
  if (target === "prometheus" && !rulesDir) throw new ActionFailure("invalid", "Push to Prometheus is off: set RULES_DIR to the directory Prometheus's rule_files glob reads.");
  if (target === "ruler" && !ruler) throw new ActionFailure("invalid", "No ruler is configured: set RULER_URL (and RULER_FLAVOR, RULER_TENANT) to push to Mimir or Cortex.");
  const file = await prisma().ruleFile.findUnique({ where: { id: fileId } });
  if (!file) throw new ActionFailure("not_found", "No such rule file.");
  const v = await getVersion(fileId, version);
  const problems = await checkDraft(v.content, true);
  const warnings = problems.filter((p) => p.severity === "warning");
  if (!hasErrors(problems) && warnings.length && !acknowledgeWarnings) return { pushed: false, needsAcknowledgement: warnings };
  if (target === "ruler") {
    // the ruler's namespace is the file name without .yml/.yaml: two files must not share one
    const ns = namespaceOf(file.name);
    const clash = await prisma().ruleFile.findFirst({ where: { id: { not: fileId }, name: { in: [`${ns}.yml`, `${ns}.yaml`] } } });
    if (clash) throw new ActionFailure("conflict", `${file.name} and ${clash.name} would both be the ruler namespace "${ns}"; rename one of them before pushing.`);
  }
  // One push per target at a time, across every console process: interleaved pushes
  // could roll back each other's files.
  const result = await withAdvisoryLock(pushLockKey(target, cfg), PUSH_LOCK, () =>
    target === "ruler" && ruler
      ? pushToRuler(ruler, file.name, v.content)
      : pushToPrometheus({ prometheus: cfg.prometheus, rulesDir: rulesDir!, promtool: cfg.rules.promtool }, file.name, v.content),
  ).catch((err: unknown) => {
    if (err instanceof LockBusyError) throw new ActionFailure("conflict", `Not pushed: ${err.message}.`);
    throw err;
  });
  await prisma().$transaction(async (tx) => {
    await tx.rulePush.create({
      data: {
        fileId,
        version,
        sha256: sha(v.content),
        target,
        outcome: result.outcome,
        message: result.message,
        steps: result.steps as unknown as object,
        warnings: warnings.map((w) => `${w.line}: ${w.message}`),
        durationMs: result.durationMs,
        actorId: actor.id,
        actorEmail: actor.email,
      },
    });
    await recordAudit(
      {
        actor,
        action: "rules.push",
        targetType: "rule_file",
        targetId: fileId,
        after: { name: file.name, version, target, durationMs: result.durationMs, acknowledgedWarnings: warnings.length },
        outcome: result.outcome === "ok" ? "ok" : "failed",
        message: `${file.name} v${version} → ${target === "ruler" ? "ruler" : "Prometheus"}: ${result.message}`,
      },
      tx,
    );
  });
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
  const file = await prisma().ruleFile.findUnique({ where: { id: fileId } });
  if (!file) throw new ActionFailure("not_found", "No such rule file.");
  const last = await prisma().rulePush.findFirst({ where: { fileId, outcome: "ok", target: "prometheus" }, orderBy: { at: "desc" } });
  if (!last) return { state: "never_pushed", details: [] };
  const pushed = await getVersion(fileId, last.version);
  const details: string[] = [];
  if (cfg.rules.dir) {
    const disk = await readRuleFileFromDir(cfg.rules.dir, file.name).catch(() => undefined);
    if (disk === undefined) details.push(`${file.name} is no longer in ${cfg.rules.dir}`);
    else if (sha(disk) !== last.sha256) details.push(`${file.name} on disk was changed outside the console since v${last.version} was pushed`);
  }
  try {
    const loaded = await allRuleGroups(cfg.prometheus, { excludeAlerts: true });
    details.push(...compareLoaded(file.name, pushed.content, loaded));
  } catch (err) {
    return { lastPushed: { version: last.version, at: last.at.toISOString() }, state: "unknown", details: [describeFailure(err).message] };
  }
  return { lastPushed: { version: last.version, at: last.at.toISOString() }, state: details.length ? "drift" : "in_sync", details };
}
