"use client";

import { useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatValue, type Unit } from "@/lib/format/units";
import type { ChartSeries } from "@/lib/overview/types";

const COLORS = ["#5b8def", "#3fb68b", "#e0a73e", "#e5534b", "#b07ce8", "#4cc3d9", "#d97bb0", "#9fb34a"];

function formatTime(t: number, spanSeconds: number): string {
  const d = new Date(t * 1000);
  if (spanSeconds > 2 * 86400) return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** A multi-series line chart with unit-aware axes, a shared tooltip and legend toggles. */
export function TimeSeriesChart({ series, unit, height = 220 }: { series: ChartSeries[]; unit: Unit; height?: number }) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const rows = useMemo(() => {
    const byTime = new Map<number, Record<string, number | null>>();
    for (const s of series) {
      for (const [t, v] of s.points) {
        const row = byTime.get(t) ?? { t };
        row[s.name] = v;
        byTime.set(t, row);
      }
    }
    return [...byTime.values()].sort((a, b) => (a.t as number) - (b.t as number));
  }, [series]);
  if (series.length === 0) return <div className="muted">No data in this range.</div>;
  const first = rows[0]?.t ?? 0;
  const last = rows[rows.length - 1]?.t ?? 0;
  const span = (last as number) - (first as number);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 4 }}>
        <CartesianGrid stroke="#263047" strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(t: number) => formatTime(t, span)}
          stroke="#8d98b3"
          fontSize={11}
        />
        <YAxis tickFormatter={(v: number) => formatValue(v, unit)} stroke="#8d98b3" fontSize={11} width={78} />
        <Tooltip
          contentStyle={{ background: "#121827", border: "1px solid #263047" }}
          labelFormatter={(t) => new Date(Number(t) * 1000).toLocaleString()}
          formatter={(v) => formatValue(typeof v === "number" ? v : null, unit)}
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
        {series.map((s, i) => (
          <Line
            key={s.name}
            dataKey={s.name}
            name={s.name}
            hide={hidden.has(s.name)}
            stroke={COLORS[i % COLORS.length]}
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
