import { FAMILIES, type Series } from "./model";

/** Text formats of the simulator: OpenMetrics for live scrapes and for the backfill file. */

export const OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

function escapeValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export function formatLabels(labels: [string, string][]): string {
  return labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeValue(v)}"`).join(",")}}` : "";
}

/** Counts are whole numbers; sums and gauges keep their fraction. */
export function formatSampleValue(s: Pick<Series, "name" | "type" | "value">): string {
  const whole = s.type === "counter" || (s.type === "histogram" && !s.name.endsWith("_sum"));
  if (whole) return String(Math.floor(s.value + 1e-6));
  return Number.isInteger(s.value) ? String(s.value) : s.value.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
}

/** A live scrape: families grouped with TYPE/HELP, exemplars on histogram buckets. */
export function openMetrics(series: Series[]): string {
  const lines: string[] = [];
  for (const fam of FAMILIES) {
    const members = series.filter((s) => s.family === fam.name);
    if (members.length === 0) continue;
    lines.push(`# TYPE ${fam.name} ${fam.type}`, `# HELP ${fam.name} ${fam.help}`);
    for (const s of members) {
      let line = `${s.name}${formatLabels(s.labels)} ${formatSampleValue(s)}`;
      if (s.exemplar && s.name.endsWith("_bucket")) {
        line += ` # {trace_id="${s.exemplar.traceId}"} ${s.exemplar.value.toFixed(6)} ${s.exemplar.time.toFixed(3)}`;
      }
      lines.push(line);
    }
  }
  lines.push("# EOF", "");
  return lines.join("\n");
}

/**
 * One time step of the backfill file for `promtool tsdb create-blocks-from
 * openmetrics`: every sample carries its timestamp in seconds; the target labels
 * (job, instance) are those Prometheus attaches to live scrapes, so history and live
 * data are the same series. No TYPE lines: families interleave across time steps.
 */
export function historyLines(series: Series[], t: number, targetLabels: (target: string) => [string, string][]): string {
  let out = "";
  for (const s of series) {
    if (!s.present) continue;
    out += `${historyPrefix(s, targetLabels)} ${formatSampleValue(s)} ${t}\n`;
  }
  return out;
}

/** A series' name and labels as history lines spell them: the same at every step, so formatted once. */
const prefixes = new WeakMap<Series, { targetLabels: (target: string) => [string, string][]; prefix: string }>();
function historyPrefix(s: Series, targetLabels: (target: string) => [string, string][]): string {
  const cached = prefixes.get(s);
  if (cached?.targetLabels === targetLabels) return cached.prefix;
  const prefix = `${s.name}${formatLabels([...s.labels, ...targetLabels(s.target)])}`;
  prefixes.set(s, { targetLabels, prefix });
  return prefix;
}
