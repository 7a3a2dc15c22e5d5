import { formatBytes, formatRate, formatRatio, formatSeconds } from "@/lib/format/units";
import type { Judgement } from "@/lib/loadtest/judge";
import type { LoadTestMetric } from "@/lib/loadtest/summary";
import type { Change } from "@/lib/loadtest/trend";

/** Formatting shared by the load-test views: k6's milliseconds, rates and verdicts. */

const dash = "—";

export const ms = (v: number | null | undefined) => (v === null || v === undefined ? dash : formatSeconds(v / 1000));
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? dash : formatRatio(v));
export const rps = (v: number | null | undefined) => (v === null || v === undefined ? dash : formatRate(v));
export const count = (v: number | null | undefined) => (v === null || v === undefined ? dash : Math.round(v).toLocaleString("en-US"));

/** A statistic of a metric in its unit: time in ms, data in bytes, a rate's rate as a percentage. */
export function stat(m: LoadTestMetric, key: string, v: number): string {
  if (m.type === "rate" && key === "rate") return formatRatio(v);
  if (key === "count" || key === "passes" || key === "fails") return count(v);
  if (m.type === "counter" && key === "rate") return m.contains === "data" ? `${formatBytes(v)}/s` : `${Number(v.toPrecision(4))}/s`;
  if (m.contains === "time") return ms(v);
  if (m.contains === "data") return formatBytes(v);
  return String(Number(v.toPrecision(6)));
}

const CLASS: Record<string, string> = { passed: "status-ok", failed: "status-bad", unknown: "status-warn" };
const LABEL: Record<string, string> = { passed: "passed", failed: "failed", unknown: "cannot tell" };

export function VerdictBadge({ v, title }: { v: Judgement | null; title?: string }) {
  if (v === null) return <span className="muted" title={title}>no thresholds</span>;
  return (
    <span className={CLASS[v]} title={title}>
      {v === "passed" ? "✓ " : v === "failed" ? "✗ " : "? "}
      {LABEL[v]}
    </span>
  );
}

/** "+12.3 ms (+5 %)" against the previous run; for rates, percentage points. */
export function changeText(c: Change | null, kind: "ms" | "ratio" | "rps"): string {
  if (!c) return "";
  const sign = c.abs > 0 ? "+" : c.abs < 0 ? "−" : "±";
  const abs = Math.abs(c.abs);
  const value = kind === "ms" ? ms(abs) : kind === "ratio" ? `${Number((abs * 100).toFixed(3))} pt` : rps(abs);
  const rel = c.pct === null ? "" : ` (${c.pct > 0 ? "+" : c.pct < 0 ? "−" : "±"}${Math.abs(c.pct).toFixed(1)} %)`;
  return `${sign}${value}${rel}`;
}

/** YYYY-MM-DD HH:MM in UTC, the same on the server and in every browser. */
export const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
