"use client";

import { useMemo, useState } from "react";
import { heatmapPaths, type Heatmap } from "@/lib/dashboard/heatmap";
import { formatTick, formatTimestamp, type Zone } from "@/lib/format/time";
import { formatValue } from "@/lib/format/units";

/**
 * A latency heatmap: one column per step, one row per bucket, colour by request
 * count (16 shades, one path each); hovering shows the cell's time, bucket and count.
 */
export function HeatmapChart({ heatmap, zone = "local", height = 200 }: { heatmap: Heatmap; zone?: Zone; height?: number }) {
  const { bounds, times, counts } = heatmap;
  const paths = useMemo(() => heatmapPaths(heatmap), [heatmap]);
  const [hover, setHover] = useState<{ ti: number; bi: number } | null>(null);
  if (times.length === 0 || bounds.length === 0) return <div className="muted">No data in this range.</div>;
  const span = (times[times.length - 1] ?? 0) - (times[0] ?? 0);
  const rowLabel = (i: number) =>
    Number.isFinite(bounds[i]) ? `≤ ${formatValue(bounds[i], "seconds")}` : `> ${formatValue(bounds[i - 1], "seconds")}`;
  const rows = bounds.length;
  const cols = times.length;
  return (
    <div style={{ display: "grid", gridTemplateColumns: "72px 1fr", gridTemplateRows: `${height}px 16px`, fontSize: 10, color: "#8d98b3" }}>
      <div style={{ display: "flex", flexDirection: "column-reverse", justifyContent: "space-between", textAlign: "right", paddingRight: 6 }}>
        {bounds.map((_, i) => (
          <span key={i} style={{ lineHeight: 1, visibility: i % 2 === 0 ? "visible" : "hidden" }}>
            {rowLabel(i)}
          </span>
        ))}
      </div>
      <svg
        viewBox={`0 0 ${cols} ${rows}`}
        width="100%"
        height={height}
        preserveAspectRatio="none"
        role="img"
        aria-label="Latency heatmap"
        onMouseMove={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          const ti = Math.min(cols - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * cols)));
          const bi = rows - 1 - Math.min(rows - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * rows)));
          setHover({ ti, bi });
        }}
        onMouseLeave={() => setHover(null)}
      >
        {paths.map((p) => (
          <path key={p.opacity} d={p.d} fill={`rgba(224, 167, 62, ${p.opacity})`} />
        ))}
        {hover && <rect x={hover.ti} y={rows - hover.bi - 1} width={1} height={1} fill="none" stroke="#f2f5fb" strokeWidth={0.08} vectorEffect="non-scaling-stroke" />}
      </svg>
      <span />
      <div style={{ display: "flex", justifyContent: "space-between", position: "relative" }}>
        {hover && (
          <span role="status" style={{ position: "absolute", left: 0, right: 0, top: -height - 2, textAlign: "center", color: "#e4e8f1", pointerEvents: "none" }}>
            {formatTimestamp(times[hover.ti] ?? 0, zone)} · {rowLabel(hover.bi)} · {Math.round(counts[hover.ti]?.[hover.bi] ?? 0)} requests
          </span>
        )}
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <span key={f}>{formatTick(times[Math.min(cols - 1, Math.round(f * (cols - 1)))] ?? 0, span, zone)}</span>
        ))}
      </div>
    </div>
  );
}
