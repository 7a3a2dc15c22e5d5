import type { Point } from "@/lib/charts/downsample";
import { sparkGeometry } from "./format";

/**
 * A target's history as a small inline SVG (no hooks: drawn with the HTML): the line
 * of its values, gaps left open, and the threshold as a dashed line.
 */
export function Sparkline({ points, threshold, className, label, width = 160, height = 36 }: { points: Point[]; threshold: number; className: string; label: string; width?: number; height?: number }) {
  const g = sparkGeometry(points, threshold, width, height);
  if (!g) return <span className="muted" style={{ fontSize: 12 }}>no history</span>;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label} data-testid="roadmap-sparkline" className={className} style={{ display: "block" }}>
      <line x1={0} x2={width} y1={g.thresholdY} y2={g.thresholdY} stroke="#8d98b3" strokeDasharray="3 3" strokeWidth={1} data-threshold="" />
      {g.paths.map((d, i) => (
        <path key={i} d={d} fill="none" stroke="currentColor" strokeWidth={1.5} />
      ))}
    </svg>
  );
}
