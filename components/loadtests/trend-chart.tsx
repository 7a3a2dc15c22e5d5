"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SLO_FAILURE_RATE, SLO_P95_MS } from "@/lib/loadtest/judge";
import type { TrendPoint } from "@/lib/loadtest/trend";
import { changeText, ms, pct, rps } from "./format";

/**
 * The trend across a service's runs, one small chart per headline number (p95 with the
 * 200 ms SLO line, failure rate with the 1 % line, requests per second), one point per
 * run in time order, and a table of each run's change against the run before.
 */

const AXIS = "#8d98b3";
const GRID = "#263047";

type Key = "p95Ms" | "failureRate" | "rps";
const CHARTS: { key: Key; title: string; color: string; format: (v: number | null) => string; slo?: { y: number; label: string } }[] = [
  { key: "p95Ms", title: "p95 of http_req_duration", color: "#5b8def", format: ms, slo: { y: SLO_P95_MS, label: `SLO ${SLO_P95_MS} ms` } },
  { key: "failureRate", title: "Failure rate (http_req_failed)", color: "#e5534b", format: pct, slo: { y: SLO_FAILURE_RATE, label: `SLO ${SLO_FAILURE_RATE * 100} %` } },
  { key: "rps", title: "Requests per second", color: "#3fb68b", format: rps },
];

function Chart({ points, spec }: { points: TrendPoint[]; spec: (typeof CHARTS)[number] }) {
  const rows = points.map((p, i) => ({ i, label: p.runAt.slice(0, 10), name: p.name, value: p[spec.key] }));
  const max = Math.max(...rows.map((r) => r.value ?? 0), spec.slo ? spec.slo.y * 1.2 : 0);
  return (
    <div style={{ flex: "1 1 280px", minWidth: 260 }} data-testid={`trend-${spec.key}`}>
      <h3 style={{ fontSize: 13, margin: "4px 0" }}>{spec.title}</h3>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
          <CartesianGrid stroke={GRID} strokeDasharray="3 3" />
          <XAxis dataKey="i" type="number" domain={[-0.5, rows.length - 0.5]} ticks={rows.map((r) => r.i)} tickFormatter={(i: number) => rows[i]?.label ?? ""} stroke={AXIS} fontSize={11} />
          <YAxis domain={[0, max || 1]} tickFormatter={(v: number) => spec.format(v)} stroke={AXIS} fontSize={11} width={72} />
          <Tooltip
            contentStyle={{ background: "#121827", border: `1px solid ${GRID}` }}
            labelFormatter={(i) => {
              const r = rows[Number(i)];
              return r ? `${r.name} · ${r.label}` : "";
            }}
            formatter={(v) => spec.format(typeof v === "number" ? v : null)}
          />
          {spec.slo && <ReferenceLine y={spec.slo.y} stroke="#e0a73e" strokeDasharray="4 3" label={{ value: spec.slo.label, position: "insideTopRight", fill: "#e0a73e", fontSize: 10 }} />}
          <Line dataKey="value" name={spec.title} stroke={spec.color} strokeWidth={1.5} dot={{ r: 3 }} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TrendChart({ points, selected, onSelect }: { points: TrendPoint[]; selected: string | null; onSelect: (id: string) => void }) {
  if (points.length === 0) return <p className="muted">No runs yet: import a k6 summary to start the trend.</p>;
  return (
    <div>
      <div style={{ display: "flex", flexWrap: "wrap", gap: 12 }}>
        {CHARTS.map((c) => (
          <Chart key={c.key} points={points} spec={c} />
        ))}
      </div>
      <table data-testid="trend-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Date</th>
            <th className="num">p95</th>
            <th className="num">Change</th>
            <th className="num">Failure rate</th>
            <th className="num">Change</th>
            <th className="num">Requests/s</th>
            <th className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {[...points].reverse().map((p) => (
            <tr key={p.id} aria-current={p.id === selected || undefined} style={p.id === selected ? { fontWeight: 600 } : undefined}>
              <td>
                <button type="button" className="tv-link-button" onClick={() => onSelect(p.id)}>
                  {p.name}
                </button>
              </td>
              <td>{p.runAt.slice(0, 10)}</td>
              <td className={`num ${p.p95Ms !== null && p.p95Ms >= SLO_P95_MS ? "status-bad" : ""}`}>{ms(p.p95Ms)}</td>
              <td className="num muted">{changeText(p.change.p95Ms, "ms")}</td>
              <td className={`num ${p.failureRate !== null && p.failureRate >= SLO_FAILURE_RATE ? "status-bad" : ""}`}>{pct(p.failureRate)}</td>
              <td className="num muted">{changeText(p.change.failureRate, "ratio")}</td>
              <td className="num">{rps(p.rps)}</td>
              <td className="num muted">{changeText(p.change.rps, "rps")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
