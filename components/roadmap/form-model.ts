import type { ItemInput, ItemStatus, TargetInput } from "@/lib/roadmap/item";
import type { Comparator, TargetUnit, TemplateKind } from "@/lib/roadmap/kinds";

/**
 * The roadmap editor's draft: every field as the user types it, and the conversion to
 * the action's input and back. Template thresholds are typed in the unit people say
 * (ms for latency, % for availability) and sent in the target's unit (s, ratio). Pure.
 */

export type TargetMode = "none" | "template" | "raw";

export interface Draft {
  title: string;
  quarter: string;
  status: ItemStatus;
  owner: string;
  /** comma-separated */
  services: string;
  description: string;
  targetMode: TargetMode;
  kind: TemplateKind;
  service: string;
  window: string;
  comparator: Comparator;
  /** as typed: ms for latency templates, % for availability, the unit's own for raw */
  threshold: string;
  expr: string;
  unit: TargetUnit;
}

export const THRESHOLD_UNIT: Record<TemplateKind, { label: string; factor: number }> = {
  "latency-p95": { label: "ms", factor: 1000 },
  availability: { label: "%", factor: 100 },
};

/** A number without float noise: 0.1 * 1000 → "100", 0.999 * 100 → "99.9" */
function show(n: number): string {
  return String(Number(n.toPrecision(12)));
}

export function emptyDraft(quarter = "2026-Q3"): Draft {
  return {
    title: "",
    quarter,
    status: "planned",
    owner: "",
    services: "",
    description: "",
    targetMode: "none",
    kind: "latency-p95",
    service: "",
    window: "7d",
    comparator: "<",
    threshold: "100",
    expr: "",
    unit: "number",
  };
}

export function draftFrom(item: { title: string; quarter: string; status: ItemStatus; owner: string; services: string[]; description: string; targetInput: TargetInput | null }): Draft {
  const d: Draft = { ...emptyDraft(item.quarter), title: item.title, status: item.status, owner: item.owner, services: item.services.join(", "), description: item.description };
  const t = item.targetInput;
  if (!t) return d;
  if (t.mode === "template") {
    return { ...d, targetMode: "template", kind: t.kind, service: t.service, window: t.window, comparator: t.comparator, threshold: show(t.threshold * THRESHOLD_UNIT[t.kind].factor) };
  }
  return { ...d, targetMode: "raw", expr: t.expr, window: t.window, comparator: t.comparator, threshold: show(t.threshold), unit: t.unit ?? "number" };
}

/** A typed number, or null for anything else (the server says "expected a number" at its field). */
function number(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function inputFrom(d: Draft): ItemInput {
  const services = d.services
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const typed = number(d.threshold);
  let target: TargetInput | null = null;
  if (d.targetMode === "template") {
    const threshold = typed === null ? null : Number((typed / THRESHOLD_UNIT[d.kind].factor).toPrecision(12));
    target = { mode: "template", kind: d.kind, service: d.service, window: d.window, comparator: d.comparator, threshold: threshold as number };
  } else if (d.targetMode === "raw") {
    target = { mode: "raw", expr: d.expr, comparator: d.comparator, threshold: typed as number, window: d.window, unit: d.unit };
  }
  return { title: d.title, quarter: d.quarter, status: d.status, owner: d.owner, services, description: d.description, target };
}

/** The action's issues by the draft field they belong to ("item.target.threshold" → "threshold"). */
export function issuesByField(issues: { path: string; message: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of issues) {
    const path = i.path.replace(/^item\.?/, "");
    const field = path.startsWith("target.") ? path.slice("target.".length).split(".")[0]! : path.split(".")[0] || "form";
    const key = path === "target" ? "target" : field === "kind" || field === "mode" ? "target" : field;
    (out[key] ??= []).push(path.startsWith("services.") ? `${path}: ${i.message}` : i.message);
  }
  return out;
}
