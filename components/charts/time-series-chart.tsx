"use client";

import { memo, useMemo, useState } from "react";
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Annotation, ExemplarPoint } from "@/lib/dashboard/types";
import { formatTick, formatTimestamp, type Zone } from "@/lib/format/time";
import { formatValue, type Unit } from "@/lib/format/units";
import type { ChartSeries } from "@/lib/charts/types";

const COLORS = ["#5b8def", "#3fb68b", "#e0a73e", "#e5534b", "#b07ce8", "#4cc3d9", "#d97bb0", "#9fb34a", "#f08c5a", "#7aa0c4"];

interface Props {
  series: ChartSeries[];
  unit: Unit;
  height?: number;
  /** the previous period, drawn dashed under the same names */
  previous?: ChartSeries[];
  exemplars?: ExemplarPoint[];
  annotations?: Annotation[];
  zone?: Zone;
  /** fixed drawing width in px, when the caller already measures it (saves a layout pass) */
  width?: number;
  /** called with [from, to] (unix seconds) after a drag across the chart */
  onZoom?: (from: number, to: number) => void;
  onExemplarClick?: (e: ExemplarPoint) => void;
}

const PREV = " (previous)";

/**
 * A time series chart: unit-aware axes, a tooltip with every series, legend toggles,
 * drag to zoom, a dashed previous-period overlay, exemplar points and annotations.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart({ series, unit, height = 220, previous, exemplars, annotations, zone = "local", width, onZoom, onExemplarClick }: Props) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [drag, setDrag] = useState<{ from: number; to?: number } | null>(null);
  const all = useMemo(() => [...series, ...(previous ?? []).map((s) => ({ ...s, name: s.name + PREV }))], [series, previous]);
  const rows = useMemo(() => {
    const byTime = new Map<number, Record<string, number | null>>();
    for (const s of all) {
      for (const [t, v] of s.points) {
        const row = byTime.get(t) ?? { t };
        row[s.name] = v;
        byTime.set(t, row);
      }
    }
    return [...byTime.values()].sort((a, b) => (a.t as number) - (b.t as number));
  }, [all]);
  if (series.length === 0) return <div className="muted">No data in this range.</div>;
  const first = (rows[0]?.t as number) ?? 0;
  const last = (rows[rows.length - 1]?.t as number) ?? 0;
  const span = last - first;
  const colorOf = (name: string) => COLORS[series.findIndex((s) => s.name === name.replace(PREV, "")) % COLORS.length];
  const label = (v: unknown) => (typeof v === "number" ? v : undefined);

  const chart = (
      <ComposedChart
        width={width}
        height={width ? height : undefined}
        data={rows}
        margin={{ top: 4, right: 12, bottom: 0, left: 4 }}
        onMouseDown={(s) => {
          const t = label(s.activeLabel);
          if (onZoom && t !== undefined) setDrag({ from: t });
        }}
        onMouseMove={(s) => {
          const t = label(s.activeLabel);
          if (drag && t !== undefined) setDrag({ ...drag, to: t });
        }}
        onMouseUp={() => {
          if (drag?.to !== undefined && drag.to !== drag.from && onZoom) {
            onZoom(Math.min(drag.from, drag.to), Math.max(drag.from, drag.to));
          }
          setDrag(null);
        }}
        style={{ cursor: onZoom ? "crosshair" : undefined, userSelect: "none" }}
      >
        <CartesianGrid stroke="#263047" strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          domain={[first, last]}
          allowDataOverflow
          tickFormatter={(t: number) => formatTick(t, span, zone)}
          stroke="#8d98b3"
          fontSize={11}
        />
        <YAxis tickFormatter={(v: number) => formatValue(v, unit)} stroke="#8d98b3" fontSize={11} width={78} />
        <Tooltip
          contentStyle={{ background: "#121827", border: "1px solid #263047" }}
          labelFormatter={(t) => formatTimestamp(Number(t), zone)}
          formatter={(v) => formatValue(typeof v === "number" ? v : null, unit)}
          itemSorter={(item) => -(typeof item.value === "number" ? item.value : 0)}
        />
        <Legend
          onClick={(entry) => {
            const key = String(entry.dataKey);
            setHidden((h) => {
              const next = new Set(h);
              if (next.has(key)) next.delete(key);
              else next.add(key);
              return next;
            });
          }}
          wrapperStyle={{ fontSize: 12, cursor: "pointer" }}
        />
        {annotations?.map((a, i) =>
          a.kind === "alert" ? (
            <ReferenceArea key={`a${i}`} x1={Math.max(a.start, first)} x2={Math.min(a.end, last)} fill="#e5534b" fillOpacity={0.12} ifOverflow="hidden" label={{ value: a.name, position: "insideTop", fill: "#e5534b", fontSize: 10 }} />
          ) : (
            <ReferenceLine key={`c${i}`} x={a.at} stroke="#b07ce8" strokeDasharray="4 2" ifOverflow="hidden" label={{ value: "change", position: "insideTopRight", fill: "#b07ce8", fontSize: 10 }} />
          ),
        )}
        {all.map((s) => (
          <Line
            key={s.name}
            dataKey={s.name}
            name={s.name}
            hide={hidden.has(s.name)}
            stroke={colorOf(s.name)}
            strokeDasharray={s.name.endsWith(PREV) ? "4 3" : undefined}
            strokeOpacity={s.name.endsWith(PREV) ? 0.6 : 1}
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
        {exemplars && exemplars.length > 0 && (
          <Scatter
            name="exemplars"
            data={exemplars.map((e) => ({ t: e.t, exemplar: e.value, traceId: e.traceId }))}
            dataKey="exemplar"
            fill="#f2f5fb"
            shape="diamond"
            legendType="diamond"
            hide={hidden.has("exemplar")}
            isAnimationActive={false}
            tooltipType="none"
            onClick={(_point, index) => {
              const hit = exemplars[index];
              if (hit && onExemplarClick) onExemplarClick(hit);
            }}
            style={{ cursor: "pointer" }}
          />
        )}
        {drag?.to !== undefined && <ReferenceArea x1={drag.from} x2={drag.to} fill="#5b8def" fillOpacity={0.2} />}
      </ComposedChart>
  );
  return width ? (
    chart
  ) : (
    <ResponsiveContainer width="100%" height={height}>
      {chart}
    </ResponsiveContainer>
  );
});
