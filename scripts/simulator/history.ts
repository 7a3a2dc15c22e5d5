import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { HISTORY_INCIDENTS, type Incident } from "./catalog";
import { historyLines } from "./exposition";
import { KUBERNETES_TARGET, Simulation, TARGETS } from "./model";

/** Labels Prometheus attaches to each simulator target (see scripts/stack/prometheus.ts). */
export function targetLabels(target: string): [string, string][] {
  return target === KUBERNETES_TARGET
    ? [["instance", "kube-state-metrics"], ["job", "kubernetes"]]
    : [["instance", target], ["job", target]];
}

export function pastIncidents(end: number, historySeconds: number): Incident[] {
  return HISTORY_INCIDENTS.map((h, i) => {
    const start = Math.floor(end - h.agoHours * 3600);
    return { id: `past-${i + 1}`, service: h.service, kind: h.kind, start, end: start + h.minutes * 60, magnitude: h.magnitude };
  }).filter((i) => i.start >= end - historySeconds);
}

/**
 * Runs the simulation from `end - historySeconds` to `end` at `stepSeconds` and
 * writes every sample to an OpenMetrics file for promtool. Returns the simulation,
 * positioned at `end`, to continue live.
 */
export async function writeHistory(file: string, end: number, historySeconds: number, stepSeconds = 60): Promise<Simulation> {
  const start = Math.floor((end - historySeconds) / stepSeconds) * stepSeconds;
  const sim = new Simulation(start, pastIncidents(end, historySeconds));
  const out = createWriteStream(file);
  let buffer = "";
  for (let t = start + stepSeconds; t <= end; t += stepSeconds) {
    sim.advanceTo(t, stepSeconds);
    buffer += historyLines(sim.series, t, targetLabels);
    for (const target of TARGETS) {
      const labels = targetLabels(target).map(([k, v]) => `${k}="${v}"`).join(",");
      buffer += `up{${labels}} ${sim.down.has(target) ? 0 : 1} ${t}\n`;
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.write(buffer + "# EOF\n");
  out.end();
  await once(out, "finish");
  return sim;
}
