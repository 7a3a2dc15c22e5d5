import { servicePanels } from "@/lib/dashboard/panels";
import { parseDurationSeconds } from "@/lib/promql/time-range";
import type { Comparator, TargetUnit, TemplateKind } from "./kinds";

/**
 * A roadmap item's measurable target: a PromQL expression compared with a threshold,
 * e.g. "order-service p95 < 100 ms over 7 days", and the templates that build the
 * expression from the dashboards' own query builders (lib/dashboard/panels.ts), so
 * that nobody writes the PromQL by hand and no metric name is spelled here. Pure, and
 * free of the PromQL parser (validation is target.ts), so scripts and the end-to-end
 * tests can build the reference roadmap.
 *
 * `window` is the period the target speaks of. Templates put it in the expression (a
 * rate over `window`), so the expression evaluated at an instant is the figure over
 * the `window` before that instant; for a raw expression it is what the author says
 * it covers, and the evaluation (evaluate.ts) uses it for "at risk".
 */

export interface Target {
  expr: string;
  comparator: Comparator;
  threshold: number;
  /** a duration literal, "7d" */
  window: string;
  /** how values and the threshold are shown */
  unit: TargetUnit;
  /** "at risk" when the value meets the target by less than this (absolute); default 10 % of |threshold| */
  margin?: number;
  /** how the expression was built, so the editor can reopen the template */
  template?: { kind: TemplateKind; service: string };
}

export interface TemplateInput {
  kind: TemplateKind;
  service: string;
  window: string;
  comparator: Comparator;
  /** in the target's unit: seconds for latency, a ratio (0.999) for availability */
  threshold: number;
}

/** The panel query of a service dashboard, evaluated with rate window `windowSeconds`. */
function panelExpr(service: string, windowSeconds: number, panelId: string, legend: string): string {
  // the step only matters to the heatmap panel
  const panel = servicePanels(service, windowSeconds, 3600).find((p) => p.id === panelId);
  const query = panel?.queries.find((q) => "name" in q.legend && q.legend.name === legend) ?? (panel?.queries.length === 1 ? panel.queries[0] : undefined);
  if (!query) throw new Error(`the service dashboard has no panel "${panelId}" with the query "${legend}" (lib/dashboard/panels.ts)`);
  return query.expr;
}

/**
 * A target built from a template. "latency-p95": the dashboard's p95 panel query with
 * rate window = W, which at an instant is exactly the p95 over the last W.
 * "availability": 1 − the dashboard's 5xx-ratio query with rate window W; its margin
 * is 10 % of the error budget (1 − threshold) rather than 10 % of the threshold,
 * which for 0.999 would call every value at risk.
 */
export function targetFromTemplate(t: TemplateInput): Target {
  const seconds = parseDurationSeconds(t.window);
  if (seconds === undefined) throw new Error(`not a window: ${t.window}`);
  const window = t.window.trim();
  const template = { kind: t.kind, service: t.service };
  if (t.kind === "latency-p95") {
    return { expr: panelExpr(t.service, seconds, "response-time-p95", "p95"), comparator: t.comparator, threshold: t.threshold, window, unit: "seconds", template };
  }
  const errorRatio = panelExpr(t.service, seconds, "error-rate", "5xx ratio");
  return {
    expr: `1 - (${errorRatio})`,
    comparator: t.comparator,
    threshold: t.threshold,
    window,
    unit: "ratio",
    margin: Math.abs(1 - t.threshold) * 0.1,
    template,
  };
}
