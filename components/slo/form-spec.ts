import type { SloSpec } from "@/lib/slo/spec";

/** The SLI and window fields of the SLO form. Pure. */
export interface SliWindowForm {
  service: string;
  windowChoice: "7" | "28" | "30" | "month" | "quarter";
  kind: "ratio" | "latency" | "availability";
  errorQuery: string;
  totalQuery: string;
  metric: string;
  threshold: string;
  job: string;
  /** the user changed an SLI field / the window since the form was opened */
  sliTouched: boolean;
  windowTouched: boolean;
}

/**
 * The window and SLI the form saves. What the form cannot show — a good/total or raw
 * SLI, latency selector labels beyond the service, `up` labels beyond the job, a
 * calendar time zone — is kept exactly as it was saved (`init`) until the user edits
 * that part of the form, so editing, say, the owner never rewrites the SLI.
 */
export function sliAndWindow(init: SloSpec | undefined, f: SliWindowForm): Pick<SloSpec, "window" | "sli"> {
  const keepTimeZone = init?.window.kind === "calendar" && init.window.timeZone ? { timeZone: init.window.timeZone } : {};
  const window: SloSpec["window"] =
    init && !f.windowTouched
      ? init.window
      : f.windowChoice === "month" || f.windowChoice === "quarter"
        ? { kind: "calendar", unit: f.windowChoice, ...keepTimeZone }
        : { kind: "rolling", days: Number(f.windowChoice) as 7 | 28 | 30 };
  const old = init?.sli;
  // a latency SLI selects its service: a new service is a new SLI
  const keepSli = init && old && !f.sliTouched && !(old.kind === "latency" && f.service !== init.service);
  const sli: SloSpec["sli"] = keepSli
    ? old
    : f.kind === "ratio"
      ? { kind: "ratio", errorQuery: f.errorQuery, totalQuery: f.totalQuery }
      : f.kind === "latency"
        ? { kind: "latency", metric: f.metric, thresholdSeconds: Number(f.threshold), selector: { ...(old?.kind === "latency" ? old.selector : {}), service: f.service } }
        : { kind: "availability", upSelector: { ...(old?.kind === "availability" ? old.upSelector : {}), job: f.job } };
  return { window, sli };
}
