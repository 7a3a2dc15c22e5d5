"use client";

import type { Heatmap } from "@/lib/dashboard/heatmap";
import { formatTick, formatTimestamp, type Zone } from "@/lib/format/time";
import { formatValue } from "@/lib/format/units";

/** A latency heatmap: one column per step, one row per bucket, colour by request count. */
export function HeatmapChart({ heatmap, zone = "local", height = 200 }: { heatmap: Heatmap; zone?: Zone; height?: number }) {
  const { bounds, times, counts, max } = heatmap;
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
      <svg viewBox={`0 0 ${cols} ${rows}`} width="100%" height={height} preserveAspectRatio="none" role="img" aria-label="Latency heatmap">
        {times.map((t, ti) =>
          bounds.map((_, bi) => {
            const c = counts[ti]?.[bi];
            if (c === null || c === undefined || c <= 0) return null;
            return (
              <rect key={`${ti}-${bi}`} x={ti} y={rows - bi - 1} width={1.02} height={1.02} fill={`rgba(224, 167, 62, ${0.08 + 0.92 * Math.sqrt(c / (max || 1))})`}>
                <title>{`${formatTimestamp(t, zone)} · ${rowLabel(bi)} · ${Math.round(c)} requests`}</title>
              </rect>
            );
          }),
        )}
      </svg>
      <span />
      <div style={{ display: "flex", justifyContent: "space-between" }}>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <span key={f}>{formatTick(times[Math.min(cols - 1, Math.round(f * (cols - 1)))] ?? 0, span, zone)}</span>
        ))}
      </div>
    </div>
  );
}
