import type { ChartSeries } from "@/lib/charts/types";
import type { Annotation } from "./types";

/** Intervals where an ALERTS series was present (firing), one per alert and run. Pure. */
export function alertIntervals(series: ChartSeries[], step: number): Annotation[] {
  const out: Annotation[] = [];
  for (const s of series) {
    let start: number | undefined;
    let last = 0;
    for (const [t, v] of s.points) {
      if (v !== null) {
        start ??= t;
        last = t;
      } else if (start !== undefined) {
        out.push({ kind: "alert", name: s.name, start, end: last + step });
        start = undefined;
      }
    }
    if (start !== undefined) out.push({ kind: "alert", name: s.name, start, end: last + step });
  }
  return out.sort((a, b) => (a.kind === "alert" && b.kind === "alert" ? a.start - b.start : 0));
}
