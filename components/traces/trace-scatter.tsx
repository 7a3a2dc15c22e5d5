"use client";

import { useRouter } from "next/navigation";
import { memo, useMemo } from "react";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis, type TooltipContentProps } from "recharts";
import { formatTick, formatTimestamp } from "@/lib/format/time";
import type { TraceSummary } from "@/lib/traces/summary";
import { durationAxis, formatDurationMs, formatDurationUs, plural, traceHref } from "./format";

// the --accent and --bad colours of app/globals.css (SVG attributes take no CSS variables everywhere)
const ACCENT = "#5b8def";
const BAD = "#e5534b";

interface Dot {
  /** start, ms since the epoch */
  x: number;
  /** duration, ms (at least 1 µs, so a log axis can place it) */
  y: number;
  /** span count: the dot's size */
  z: number;
  s: TraceSummary;
}

function DotTooltip({ active, payload }: TooltipContentProps) {
  const dot = active ? (payload?.[0]?.payload as Dot | undefined) : undefined;
  if (!dot) return null;
  const { s } = dot;
  return (
    <div className="trace-tooltip">
      <strong>
        {s.rootService}: {s.rootOperation || "(no root span)"}
      </strong>
      <div>{formatTimestamp(s.startMs / 1000, "local")}</div>
      <div>
        {formatDurationUs(s.durationUs)} · {plural(s.spanCount, "span")} ·{" "}
        <span className={s.errorCount > 0 ? "status-bad" : undefined}>{plural(s.errorCount, "error")}</span>
      </div>
    </div>
  );
}

interface Props {
  summaries: TraceSummary[];
  window: { startMs: number; endMs: number };
  height?: number;
  /** fixed drawing width in px (no ResponsiveContainer measuring) */
  width?: number;
}

/**
 * Duration against start time, one dot per trace: errors in red, size by span count,
 * a log duration axis when the spread is over 100×. A click opens the trace.
 */
export const TraceScatter = memo(function TraceScatter({ summaries, window, height = 260, width }: Props) {
  const router = useRouter();
  const { ok, bad, axis, spanRange } = useMemo(() => {
    const ok: Dot[] = [];
    const bad: Dot[] = [];
    let minSpans = Infinity;
    let maxSpans = 0;
    for (const s of summaries) {
      (s.errorCount > 0 ? bad : ok).push({ x: s.startMs, y: Math.max(s.durationUs / 1000, 0.001), z: s.spanCount, s });
      minSpans = Math.min(minSpans, s.spanCount);
      maxSpans = Math.max(maxSpans, s.spanCount);
    }
    const axis = durationAxis(summaries.map((s) => s.durationUs / 1000));
    return { ok, bad, axis, spanRange: [Math.min(minSpans, maxSpans), Math.max(maxSpans, minSpans + 1)] as [number, number] };
  }, [summaries]);
  const spanSeconds = (window.endMs - window.startMs) / 1000;
  const open = (dot: unknown) => {
    const s = (dot as { payload?: Dot } | undefined)?.payload?.s;
    if (s) router.push(traceHref(s.traceId));
  };

  const label = `Trace durations over time: ${plural(summaries.length, "trace")}, ${plural(bad.length, "with errors", "with errors")}`;
  const chart = (
    <ScatterChart width={width} height={width ? height : undefined} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
      <CartesianGrid stroke="#263047" strokeDasharray="3 3" />
      <XAxis
        dataKey="x"
        type="number"
        name="Start"
        domain={[window.startMs, window.endMs]}
        allowDataOverflow
        padding={{ left: 8, right: 8 }}
        tickFormatter={(t: number) => formatTick(t / 1000, spanSeconds, "local")}
        stroke="#8d98b3"
        fontSize={11}
      />
      <YAxis
        dataKey="y"
        type="number"
        name="Duration"
        scale={axis.scale}
        domain={axis.domain ?? [0, "auto"]}
        ticks={axis.ticks}
        allowDataOverflow={axis.scale === "log"}
        tickFormatter={(v: number) => formatDurationMs(v)}
        stroke="#8d98b3"
        fontSize={11}
        width={72}
      />
      <ZAxis dataKey="z" type="number" name="Spans" domain={spanRange} range={[24, 360]} />
      <Tooltip content={DotTooltip} cursor={{ strokeDasharray: "3 3", stroke: "#8d98b3" }} isAnimationActive={false} />
      <Scatter name="traces" data={ok} fill={ACCENT} fillOpacity={0.7} isAnimationActive={false} onClick={open} style={{ cursor: "pointer" }} />
      <Scatter name="traces with errors" data={bad} fill={BAD} fillOpacity={0.85} isAnimationActive={false} onClick={open} style={{ cursor: "pointer" }} />
    </ScatterChart>
  );

  return (
    <figure className="trace-scatter" data-testid="trace-scatter" aria-label={label}>
      {width ? (
        chart
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          {chart}
        </ResponsiveContainer>
      )}
      <figcaption className="muted">
        <span className="trace-key" style={{ background: ACCENT }} /> traces <span className="trace-key" style={{ background: BAD }} /> with errors · dot size: span count · click a dot to open its trace
        {axis.scale === "log" ? " · duration on a log scale" : ""}
      </figcaption>
    </figure>
  );
});
