import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { recordAudit } from "@/lib/audit/log";
import { prisma } from "@/lib/db/client";
import { ActionFailure } from "@/lib/errors/action-failure";
import { judgeRun, judgeSlo, type Judgement, type RunJudgement } from "./judge";
import { parseK6Summary } from "./parse";
import { headline, type Headline, type K6Format, type LoadTestSummary, type Verdict } from "./summary";
import { trend, type TrendPoint } from "./trend";

/**
 * Load-test runs (`LoadTestRun`): a k6 summary file imported for a service, kept as the
 * normalised summary (summary.ts) with its file's name and sha256. A file is read and
 * validated before anything is written: a refused file stores nothing and is not
 * audited; an import and a deletion are audited (`loadtest.import`, `loadtest.delete`)
 * in the same transaction as the change. Verdicts are computed when read, so a
 * correction of the judge applies to old runs too.
 */

export interface Actor {
  id: string;
  email: string;
}

export interface ImportInput {
  service: string;
  name: string;
  runAt: Date;
  fileName: string;
  content: string;
}

export interface RunRow {
  id: string;
  service: string;
  name: string;
  format: K6Format;
  runAt: string;
  fileName: string;
  importedByEmail: string;
  importedAt: string;
  headline: Headline;
  k6: Verdict | null;
  console: Judgement | null;
  disagreements: number;
  slo: Judgement;
}

export interface RunDetail extends RunRow {
  sha256: string;
  summary: LoadTestSummary;
  judgement: RunJudgement;
}

/** The newest runs a list shows per service. */
export const MAX_LISTED_RUNS = 200;

type Row = Prisma.LoadTestRunGetPayload<object>;

/**
 * The summary is kept as its JSON text (a JSON string in the Json column): numbers read
 * back from a Json object come rounded (seen: k6's 260.64205000000004 read back as
 * 260.64205; Prisma's known float-precision loss), and a threshold at its boundary
 * must be judged on k6's exact number. A text is stored and read back unchanged.
 */
function summaryOf(row: Row): LoadTestSummary {
  const s = (typeof row.summary === "string" ? JSON.parse(row.summary) : row.summary) as LoadTestSummary;
  if (!s || s.schema !== 1) throw new Error(`load-test run ${row.id} holds a summary of an unknown schema`);
  return s;
}

function toRow(row: Row, judgement: RunJudgement = judgeRun(summaryOf(row))): RunRow {
  const summary = summaryOf(row);
  return {
    id: row.id,
    service: row.service,
    name: row.name,
    format: row.format as K6Format,
    runAt: row.runAt.toISOString(),
    fileName: row.fileName,
    importedByEmail: row.importedByEmail,
    importedAt: row.importedAt.toISOString(),
    headline: headline(summary),
    k6: judgement.k6,
    console: judgement.console,
    disagreements: judgement.disagreements,
    slo: judgement.slo.verdict,
  };
}

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Reads the file, refuses it with its error (nothing stored), else stores the run and audits the import. */
export async function importLoadTest(input: ImportInput, actor: Actor): Promise<RunDetail> {
  const parsed = parseK6Summary(input.content);
  if (!parsed.ok) throw new ActionFailure("invalid", `${input.fileName}: ${parsed.error.message}`);
  const summary = parsed.summary;
  const digest = sha256(input.content);
  const duplicate = () => new ActionFailure("conflict", `${input.fileName} is already imported for ${input.service}`);
  const row = await prisma().$transaction(async (tx) => {
    const same = await tx.loadTestRun.findFirst({ where: { service: input.service, sha256: digest }, select: { name: true, runAt: true } });
    if (same) throw new ActionFailure("conflict", `${input.fileName} is already imported for ${input.service}, as "${same.name}" of ${same.runAt.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    const created = await tx.loadTestRun.create({
      data: {
        service: input.service,
        name: input.name,
        format: summary.format,
        runAt: input.runAt,
        summary: JSON.stringify(summary),
        fileName: input.fileName,
        sha256: digest,
        importedById: actor.id,
        importedByEmail: actor.email,
      },
    });
    await recordAudit(
      {
        actor,
        action: "loadtest.import",
        targetType: "loadtest",
        targetId: created.id,
        after: { service: input.service, name: input.name, runAt: input.runAt.toISOString(), format: summary.format, fileName: input.fileName, sha256: digest, k6Verdict: summary.k6Verdict, slo: judgeSlo(summary).verdict },
      },
      tx,
    );
    return created;
  }).catch((err: unknown) => {
    // two imports of the same file at once: the unique index refuses the second
    if ((err as { code?: string }).code === "P2002") throw duplicate();
    throw err;
  });
  return detail(row);
}

function detail(row: Row): RunDetail {
  const summary = summaryOf(row);
  const judgement = judgeRun(summary);
  return { ...toRow(row, judgement), sha256: row.sha256, summary, judgement };
}

export async function getLoadTestRun(id: string): Promise<RunDetail> {
  const row = await prisma().loadTestRun.findUnique({ where: { id } });
  if (!row) throw new ActionFailure("not_found", "that load-test run does not exist (deleted?)");
  return detail(row);
}

/** A service's runs, newest first (at most MAX_LISTED_RUNS), and the trend over them in time order. */
export async function listLoadTestRuns(service: string): Promise<{ runs: RunRow[]; trend: TrendPoint[]; more: boolean }> {
  const rows = await prisma().loadTestRun.findMany({ where: { service }, orderBy: [{ runAt: "desc" }, { id: "desc" }], take: MAX_LISTED_RUNS + 1 });
  const kept = rows.slice(0, MAX_LISTED_RUNS);
  return {
    runs: kept.map((r) => toRow(r)),
    trend: trend(kept.map((r) => ({ id: r.id, name: r.name, runAt: r.runAt, summary: summaryOf(r) }))),
    more: rows.length > kept.length,
  };
}

/** A service's runs in [start, end), oldest first (the reviews' load-test section). */
export async function loadTestRunsBetween(service: string, start: Date, end: Date): Promise<RunRow[]> {
  const rows = await prisma().loadTestRun.findMany({ where: { service, runAt: { gte: start, lt: end } }, orderBy: [{ runAt: "asc" }, { id: "asc" }], take: MAX_LISTED_RUNS });
  return rows.map((r) => toRow(r));
}

/** How many runs each service has (for the service picker). */
export async function countLoadTestRuns(): Promise<Record<string, number>> {
  const groups = await prisma().loadTestRun.groupBy({ by: ["service"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.service, g._count._all]));
}

export async function deleteLoadTestRun(id: string, actor: Actor): Promise<void> {
  await prisma().$transaction(async (tx) => {
    const row = await tx.loadTestRun.findUnique({ where: { id }, select: { id: true, service: true, name: true, runAt: true, fileName: true, sha256: true } });
    if (!row) throw new ActionFailure("not_found", "that load-test run does not exist (deleted already?)");
    await tx.loadTestRun.delete({ where: { id } });
    await recordAudit({ actor, action: "loadtest.delete", targetType: "loadtest", targetId: id, before: { service: row.service, name: row.name, runAt: row.runAt.toISOString(), fileName: row.fileName, sha256: row.sha256 } }, tx);
  });
}
