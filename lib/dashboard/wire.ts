import { fromWire, toWire, type WireSeries } from "@/lib/charts/wire";
import type { Panel } from "@/lib/query/panel";
import type { DashboardData, PanelResult } from "./types";

/** A dashboard as sent to the browser: its series in the compact wire format. Pure. */
export type WirePanelResult = Omit<PanelResult, "series" | "previous"> & { series: WireSeries[]; previous?: WireSeries[] };
export type WireDashboard = Omit<DashboardData, "panels"> & { panels: Panel<WirePanelResult>[] };

export function dashboardToWire(d: DashboardData): WireDashboard {
  return {
    ...d,
    panels: d.panels.map((p): Panel<WirePanelResult> => {
      if (!p.ok) return p;
      const { series, previous, ...rest } = p.data;
      return { ...p, data: { ...rest, series: toWire(series), ...(previous ? { previous: toWire(previous) } : {}) } };
    }),
  };
}

export function dashboardFromWire(d: WireDashboard): DashboardData {
  return {
    ...d,
    panels: d.panels.map((p): Panel<PanelResult> => {
      if (!p.ok) return p;
      const { series, previous, ...rest } = p.data;
      return { ...p, data: { ...rest, series: fromWire(series), ...(previous ? { previous: fromWire(previous) } : {}) } };
    }),
  };
}
