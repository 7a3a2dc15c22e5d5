"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { replayProfileAction } from "@/app/actions/profiles";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { unwrap } from "@/components/ui/action";
import type { ChartSeries } from "@/lib/charts/types";
import type { ProfileId } from "@/lib/scaling/profile";
import { formatQuantity } from "@/lib/scaling/quantity";

/**
 * "What would this profile have done?": the draft replayed on the workload's real
 * history beside the profile as it runs. HPA: actual, current and edited replicas
 * with pod-hours (cost), time at max, scale events and time over target (risk); VPA:
 * the recommendation from the window's usage against the current requests.
 */

type Result = Extract<Awaited<ReturnType<typeof replayProfileAction>>, { ok: true }>["data"];

const hours = (s: number) => `${(s / 3600).toFixed(1)} h`;
const delta = (a: number, b: number, unit = "") => {
  const d = b - a;
  const pct = a ? ` (${d >= 0 ? "+" : ""}${((d / a) * 100).toFixed(0)} %)` : "";
  return `${d >= 0 ? "+" : ""}${d.toFixed(1)}${unit}${pct}`;
};

function HpaResult({ r }: { r: Extract<Result, { kind: "hpa" }> }) {
  const series: ChartSeries[] = (["actual", "current", "edited"] as const).map((k) => ({
    name: k === "actual" ? "actual replicas" : k === "current" ? "current profile (replayed)" : "edited profile (replayed)",
    points: r.chart.t.map((t, i) => [t, r.chart.series[k]?.[i] ?? null] as [number, number | null]),
  }));
  const rows: [string, (s: typeof r.current) => string, (a: typeof r.current, b: typeof r.current) => string][] = [
    ["Pod-hours (cost)", (s) => s.podHours.toFixed(1), (a, b) => delta(a.podHours, b.podHours)],
    ["Peak replicas", (s) => String(s.peakReplicas), (a, b) => delta(a.peakReplicas, b.peakReplicas)],
    ["Time at maxReplicas", (s) => hours(s.secondsAtMax), (a, b) => delta(a.secondsAtMax / 3600, b.secondsAtMax / 3600, " h")],
    ["Scale events", (s) => String(s.scaleEvents), (a, b) => delta(a.scaleEvents, b.scaleEvents)],
    ["Time over target (risk)", (s) => `${hours(s.secondsOverTarget)} (${((s.secondsOverTarget / Math.max(1, s.seconds)) * 100).toFixed(1)} %)`, (a, b) => delta(a.secondsOverTarget / 3600, b.secondsOverTarget / 3600, " h")],
  ];
  return (
    <div data-testid="replay-result">
      <TimeSeriesChart series={series} unit="number" height={220} />
      <table>
        <thead>
          <tr>
            <th />
            <th className="num">Current profile</th>
            <th className="num">Edited</th>
            <th className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, f, d]) => (
            <tr key={label} data-testid={`replay-${label.split(" ")[0]!.toLowerCase()}`}>
              <td>{label}</td>
              <td className="num">{f(r.current)}</td>
              <td className="num">{f(r.edited)}</td>
              <td className="num">{d(r.current, r.edited)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!r.hasLive && <p className="panel-warning">The profile is not in the cluster (or Kubernetes did not answer): the draft stands in for the current profile, so both columns are the draft.</p>}
      <p className="muted" style={{ fontSize: 12 }}>
        What actually ran: {r.actualPodHours.toFixed(1)} pod-hours. Replayed every 15 s with the controller&apos;s algorithm on the workload&apos;s demand (metric × replicas), new pods counted at once. Metrics:{" "}
        {r.metrics.map((m) => `${m.label}${m.replayed ? "" : ` (left out: ${m.reason})`}`).join(", ")}. Loaded in {(r.loadMs / 1000).toFixed(2)} s, replayed in {r.replayMs.toFixed(0)} ms.
      </p>
      {r.notes.map((n) => (
        <p key={n} className="panel-warning">{n}</p>
      ))}
    </div>
  );
}

function VpaResult({ r }: { r: Extract<Result, { kind: "vpa" }> }) {
  return (
    <div data-testid="replay-result">
      <table>
        <thead>
          <tr>
            <th>Resource</th>
            <th className="num">Requested now (per pod)</th>
            <th className="num">Lower bound</th>
            <th className="num">Target</th>
            <th className="num">Upper bound</th>
            <th className="num">Savings (+) or shortfall (−) per pod</th>
          </tr>
        </thead>
        <tbody>
          {r.perResource.map((x) => (
            <tr key={x.resource}>
              <td>{x.resource}</td>
              <td className="num">{x.request === null ? "—" : formatQuantity(x.request, x.resource)}</td>
              <td className="num">{x.recommendation ? formatQuantity(x.recommendation.lowerBound, x.resource) : "—"}</td>
              <td className="num">{x.recommendation ? formatQuantity(x.recommendation.target, x.resource) : "—"}</td>
              <td className="num">{x.recommendation ? formatQuantity(x.recommendation.upperBound, x.resource) : "—"}</td>
              <td className={`num ${x.delta !== null && x.delta < 0 ? "status-warn" : ""}`}>{x.delta === null ? "—" : `${x.delta >= 0 ? "+" : "−"}${formatQuantity(Math.abs(x.delta), x.resource)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" style={{ fontSize: 12 }}>The VPA recommender&apos;s percentiles (CPU p90 of usage, memory p90 of daily peaks, +15 % margin; bounds p50/p95 widened for short history) over the window, capped by the draft&apos;s min/max allowed.</p>
      {r.notes.map((n) => (
        <p key={n} className="panel-warning">{n}</p>
      ))}
    </div>
  );
}

export function ReplayPanel({ id, content }: { id: ProfileId; content: string }) {
  const [window, setWindow] = useState<"1d" | "7d" | "14d">("7d");
  const replay = useMutation({ mutationFn: (w: "1d" | "7d" | "14d") => unwrap(replayProfileAction({ id, content, window: w })).then((r) => ({ ...r, content })) });
  const stale = replay.data !== undefined && replay.data.content !== content;
  return (
    <section className="panel" data-testid="replay-panel">
      <div className="panel-head">
        <h2>Replay on real history</h2>
        <div className="toolbar" style={{ margin: 0 }}>
          {(["1d", "7d", "14d"] as const).map((w) => (
            <button key={w} type="button" className={w === window ? "primary" : ""} disabled={replay.isPending} onClick={() => (setWindow(w), replay.mutate(w))}>
              Replay {w}
            </button>
          ))}
        </div>
      </div>
      {replay.isPending && <div className="loading">Replaying {window}…</div>}
      {stale && !replay.isPending && <p className="status-warn">The draft changed since this replay: replay again to see the change.</p>}
      {replay.error && <p className="field-error" role="alert">{replay.error.message}</p>}
      {replay.data?.kind === "hpa" && <HpaResult r={replay.data} />}
      {replay.data?.kind === "vpa" && <VpaResult r={replay.data} />}
      {!replay.data && !replay.isPending && <p className="muted">Replay the draft to compare it with the profile as it runs.</p>}
    </section>
  );
}
