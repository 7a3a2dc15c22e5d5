import { memo } from "react";
import { formatTick, type Zone } from "@/lib/format/time";
import { formatValue, type Unit } from "@/lib/format/units";
import { staticGeometry, type StaticSeries } from "@/lib/charts/static-geometry";

const COLORS = ["#5b8def", "#3fb68b", "#e0a73e", "#e5534b", "#b07ce8", "#4cc3d9", "#d97bb0", "#9fb34a", "#f08c5a", "#7aa0c4"];

/**
 * The chart as plain SVG, painted with the page's HTML before any JavaScript runs
 * (no hooks, no event handlers); the interactive chart replaces it once the page is
 * live. Same colours, axes and units as the interactive one. Drawn once at a fixed
 * width and scaled to the panel (a viewBox), so the panel's measured width or a
 * parent's re-render never recomputes it while the page is still streaming in.
 */
export const StaticChart = memo(function StaticChart({ series, unit, start, end, width, height = 220, zone }: { series: StaticSeries[]; unit: Unit; start: number; end: number; width: number; height?: number; zone: Zone }) {
  if (series.length === 0) return <div className="muted">No data in this range.</div>;
  const legend = 22;
  const g = staticGeometry(series, { width, height: height - legend, start, end });
  return (
    <svg viewBox={`0 0 ${width} ${height}`} style={{ display: "block", width: "100%", maxWidth: width, height: "auto" }} role="img" aria-label="Chart (loading interactions)" data-static-chart="">
      {g.yTicks.map((t) => (
        <g key={`y${t.y}`}>
          <line x1={g.plot.left} x2={g.plot.left + g.plot.width} y1={t.y} y2={t.y} style={{ stroke: "var(--panel-border)" }} strokeDasharray="3 3" />
          <text x={g.plot.left - 6} y={t.y + 4} textAnchor="end" style={{ fill: "var(--muted)" }} fontSize={11}>
            {formatValue(t.value, unit)}
          </text>
        </g>
      ))}
      {g.xTicks.map((t) => (
        <text key={`x${t.x}`} suppressHydrationWarning x={t.x} y={g.plot.top + g.plot.height + 16} textAnchor="middle" style={{ fill: "var(--muted)" }} fontSize={11}>
          {formatTick(t.t, end - start, zone)}
        </text>
      ))}
      {g.paths.map((p, i) => (
        <path key={p.name} d={p.d} fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth={1.5} />
      ))}
      <text x={g.plot.left} y={height - 4} style={{ fill: "var(--muted)" }} fontSize={12}>
        {series.length <= 4 ? series.map((s) => s.name).join(" · ") : `${series.length} series`}
      </text>
    </svg>
  );
});
