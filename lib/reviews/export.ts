import { csvTable } from "@/lib/format/csv";
import { formatChange, formatFigure, formatMinutes, formatTargets, utc } from "./format";
import { comparable, type Report, type ReportTable } from "./report";
import type { ActionItemRow, ReviewDetail } from "./review-types";

/**
 * Exports of a report or review: CSV of every table (raw numbers, SI units: seconds,
 * ratios 0–1, bytes) and the review as Markdown for a wiki. Pure.
 */

export function figuresCsv(report: Report): string {
  return csvTable(
    ["service", "figure", "unit", "value", "previous", "targets", "how"],
    report.services.flatMap((s) => s.figures.map((f) => [s.service, f.label, f.unit, f.value, f.previous, formatTargets(f), f.how])),
  );
}

export function slosCsv(report: Report): string {
  return csvTable(
    ["service", "slo", "objective_percent", "attained", "budget_consumed", "met", "source"],
    report.services.flatMap((s) => s.slos.map((o) => [s.service, o.name, o.objective, o.attained, o.budgetConsumed, o.met, o.source])),
  );
}

export function incidentsCsv(report: Report): string {
  return csvTable(
    ["service", "alert", "severity", "detected_at", "firing_from", "resolved_at", "firing_seconds", "recover_seconds", "still_firing"],
    report.services.flatMap((s) => s.incidents.map((i) => [i.service || s.service, i.alertname, i.severity, new Date(i.detectedAt * 1000).toISOString(), new Date(i.start * 1000).toISOString(), i.open ? null : new Date(i.end * 1000).toISOString(), i.firingSeconds, i.recoverSeconds, i.open])),
  );
}

export function changesCsv(report: Report): string {
  return csvTable(
    ["at", "who", "action", "target_type", "target", "outcome", "message"],
    report.changes.map((c) => [c.at, c.actorEmail, c.action, c.targetType, c.targetName ?? c.targetId, c.outcome, c.message]),
  );
}

export function tableCsv(service: string, t: ReportTable): string {
  return csvTable(["service", "name", "unit", "value", "previous", "rating"], t.rows.map((r) => [service, r.name, t.unit, r.value, r.previous, r.rating]));
}

export function actionItemsCsv(items: readonly ActionItemRow[]): string {
  return csvTable(["title", "owner", "due", "status", "raised_in", "carried_over"], items.map((a) => [a.title, a.owner, a.due, a.status, a.reviewTitle, a.carriedOver]));
}

/** Markdown text: table cells without pipes or line breaks. */
const md = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

function mdTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`, ...rows.map((r) => `| ${r.map(md).join(" | ")} |`)].join("\n");
}

export function reportMarkdown(report: Report, level = 2): string {
  const h = "#".repeat(level);
  const out: string[] = [];
  out.push(`Period ${report.period.label} (${utc(report.period.start)} → ${utc(report.period.end)} UTC), compared with ${report.previous.label}.`);
  for (const s of report.services) {
    out.push(`${h} ${s.service}`);
    const compare = comparable(s);
    if (!compare) out.push(`> Prometheus has data for ${Math.round((s.coverage.current ?? 0) * 100)} % of ${report.period.label} and ${Math.round((s.coverage.previous ?? 0) * 100)} % of ${report.previous.label}: the periods are not compared.`);
    out.push(mdTable(["Figure", report.period.label, report.previous.label, "Change", "Targets"], s.figures.map((f) => [f.label, formatFigure(f.value, f.unit), formatFigure(f.previous, f.unit), compare ? formatChange(f.value, f.previous, f.unit) : "—", formatTargets(f)])));
    if (s.slos.length) out.push(`${h}# SLOs\n\n` + mdTable(["SLO", "Objective", "Attained", "Budget consumed", ""], s.slos.map((o) => [o.name, `${o.objective} %`, formatFigure(o.attained, "ratio"), formatFigure(o.budgetConsumed, "ratio"), o.met === null ? "no data" : o.met ? "met" : "missed"])));
    out.push(
      `${h}# Incidents\n\n` +
        (s.incidents.length
          ? mdTable(["Alert", "Severity", "Fired (UTC)", "Firing", "Time to recover"], s.incidents.map((i) => [i.alertname, i.severity, utc(i.start), i.open ? `${formatMinutes(i.firingSeconds)} (still firing)` : formatMinutes(i.firingSeconds), formatMinutes(i.recoverSeconds)]))
          : "No alert fired."),
    );
    for (const t of s.tables) {
      out.push(`${h}# ${t.title}\n\n` + mdTable(["", report.period.label, report.previous.label, "Change"], t.rows.map((r) => [r.name, formatFigure(r.value, t.unit), formatFigure(r.previous, t.unit), compare ? formatChange(r.value, r.previous, t.unit) : "—"])));
    }
    for (const e of s.errors) out.push(`> ${md(e.part)} could not be computed: ${md(e.message)}`);
  }
  if (report.roadmap) {
    out.push(
      `${h} Roadmap\n\n` +
        mdTable(
          ["Quarter", "Item", "Status", "Owner", "Target"],
          report.roadmap.items.map((i) => [i.quarter, i.title, i.status.replace("_", " "), i.owner, i.evaluation ? (i.evaluation.ok ? `${i.evaluation.data.status}: ${i.evaluation.data.reason}` : `error: ${i.evaluation.error.message}`) : ""]),
        ),
    );
  }
  out.push(`${h} Changes\n\n` + (report.changes.length ? mdTable(["When (UTC)", "Who", "What", "Target", "Outcome"], report.changes.map((c) => [utc(c.at), c.actorEmail, c.action, c.targetName ?? c.targetId ?? "", c.outcome])) : "No pushes or silences."));
  return out.join("\n\n");
}

export function reviewMarkdown(review: ReviewDetail): string {
  const out = [`# ${md(review.title)}`, `Held ${utc(review.createdAt)} UTC by ${review.createdByEmail}. Figures as frozen then.`, reportMarkdown(review.snapshot)];
  out.push("## Decisions\n\n" + (review.decisions.length ? review.decisions.map((d) => `- ${md(d.text)} (${d.authorEmail})`).join("\n") : "None recorded."));
  out.push(
    "## Action items\n\n" +
      (review.actionItems.length
        ? mdTable(["", "Action", "Owner", "Due", "Status"], review.actionItems.map((a) => [a.carriedOver ? "carried over" : "new", a.title, a.owner, a.due ?? "", a.status]))
        : "None."),
  );
  if (review.notes.trim()) out.push(`## Notes\n\n${review.notes.trim()}`);
  return out.join("\n\n") + "\n";
}
