"use client";

import { useEffect, useRef, useState } from "react";
import type { Trace } from "@/lib/traces/model";
import { formatUs, rulerTicks, serviceColor } from "./format";
import { useDragRange } from "./use-drag-range";

const HEIGHT = 48;

/**
 * The overview of the whole trace: every span as a thin bar on a canvas (10,000
 * spans draw in a few ms), the current window left clear and the rest dimmed.
 * Dragging across it selects the window the waterfall shows.
 */
export function Minimap({ trace, viewStart, viewEnd, onZoom }: { trace: Trace; viewStart: number; viewEnd: number; onZoom: (startUs: number, endUs: number) => void }) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const total = trace.durationUs > 0 ? trace.durationUs : 1;
  const { selection, handlers } = useDragRange((from, to) => onZoom(from * total, to * total));

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => setWidth(Math.round(entries[0]?.contentRect.width ?? 0)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(HEIGHT * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const n = trace.spans.length;
    const rowH = Math.max(HEIGHT / Math.max(n, 1), 0.5);
    const colors = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      const s = trace.spans[i]!;
      let color = colors.get(s.service);
      if (!color) colors.set(s.service, (color = serviceColor(s.service)));
      ctx.fillStyle = s.error ? "#e5534b" : color;
      const x = (s.startUs / total) * width;
      const w = Math.max((s.durationUs / total) * width, 1);
      ctx.fillRect(x, (i / Math.max(n, 1)) * HEIGHT, w, Math.max(rowH, 1));
    }
  }, [trace, total, width]);

  const left = (viewStart / total) * 100;
  const right = (viewEnd / total) * 100;
  const ticks = rulerTicks(0, trace.durationUs);
  return (
    <div className="wf-minimap-wrap">
      <div
        ref={wrap}
        className="wf-minimap"
        data-testid="minimap"
        role="group"
        aria-label="Trace overview: drag to zoom"
        title="Drag to zoom into a part of the trace"
        style={{ height: HEIGHT }}
        {...handlers}
      >
        <canvas ref={canvas} aria-hidden="true" style={{ width: "100%", height: HEIGHT }} />
        <div className="wf-dim" style={{ left: 0, width: `${left}%` }} />
        <div className="wf-dim" style={{ left: `${right}%`, right: 0 }} />
        <div className="wf-window" style={{ left: `${left}%`, width: `${Math.max(right - left, 0)}%` }} />
        {selection && <div className="wf-drag" style={{ left: `${selection.left * 100}%`, width: `${(selection.right - selection.left) * 100}%` }} />}
      </div>
      <div className="wf-minimap-ticks muted" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t.fraction} style={{ left: `${t.fraction * 100}%` }}>
            {t.label}
          </span>
        ))}
      </div>
      <span className="tv-sr-only">
        Showing {formatUs(viewStart)} to {formatUs(viewEnd)} of {formatUs(trace.durationUs)}
      </span>
    </div>
  );
}

/** The ruler over the bars: ticks at 0, 25 %, … of the window (relative to the trace start); dragging zooms further in. */
export function Ruler({ viewStart, viewEnd, onZoom }: { viewStart: number; viewEnd: number; onZoom: (startUs: number, endUs: number) => void }) {
  const span = viewEnd - viewStart;
  const { selection, handlers } = useDragRange((from, to) => onZoom(viewStart + from * span, viewStart + to * span));
  return (
    <div className="wf-ruler" data-testid="time-ruler" role="group" aria-label="Time ruler: drag to zoom" {...handlers}>
      {rulerTicks(viewStart, viewEnd).map((t) => (
        <span key={t.fraction} className="wf-tick" style={{ left: `${t.fraction * 100}%` }}>
          <span>{t.label}</span>
        </span>
      ))}
      {selection && <div className="wf-drag" style={{ left: `${selection.left * 100}%`, width: `${(selection.right - selection.left) * 100}%` }} />}
    </div>
  );
}
