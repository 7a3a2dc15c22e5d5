import { formatValue } from "@/lib/format/units";
import type { Figure, FigureUnit } from "./report";
import { relativeChange } from "./report";

/** Figures as text, for the page, Markdown and PDF alike. Pure. */

export function formatFigure(v: number | null | undefined, unit: FigureUnit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  if (unit === "count") return Math.round(v).toLocaleString("en-US");
  if (unit === "hours") return `${v.toLocaleString("en-US", { maximumFractionDigits: 1 })} h`;
  return formatValue(v, unit);
}

/** "+12.3 %", "−4.0 %" (ratios: "−0.012 pp", percentage points), or "" without a comparison. */
export function formatChange(value: number | null, previous: number | null, unit?: FigureUnit): string {
  if (unit === "ratio") {
    if (value === null || previous === null || !Number.isFinite(value) || !Number.isFinite(previous)) return "";
    const pp = (value - previous) * 100;
    const text = Math.abs(pp) < 0.1 ? pp.toFixed(3) : pp.toFixed(2);
    return `${pp > 0 ? "+" : ""}${text.replace("-", "−")} pp`;
  }
  const c = relativeChange(value, previous);
  if (c === null) return "";
  const pct = (c * 100).toFixed(1);
  return c > 0 ? `+${pct} %` : `${pct.replace("-", "−")} %`;
}

export function formatTargets(f: Pick<Figure, "targets">): string {
  return f.targets.map((t) => `${t.met === null ? "?" : t.met ? "met" : "missed"}: ${t.label}`).join("; ");
}

export function formatMinutes(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export const utc = (t: number | string) => new Date(typeof t === "number" ? t * 1000 : t).toISOString().slice(0, 16).replace("T", " ");
