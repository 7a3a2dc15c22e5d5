"use client";

import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import type { CriticalSection } from "@/lib/traces/critical-path";
import type { WaterfallRow } from "@/lib/traces/waterfall";
import { Row, ROW_HEIGHT } from "./waterfall-row";

/** rows rendered above and below the ones in view */
const OVERSCAN = 20;
/** the height assumed before the scroll box is measured (and for the server's HTML) */
const DEFAULT_VIEWPORT = 800;

interface SpanRowsProps {
  rows: readonly WaterfallRow[];
  rowPos: ReadonlyMap<string, number>;
  viewStart: number;
  viewEnd: number;
  selectedId: string | null;
  matches: ReadonlySet<string>;
  currentId: string | undefined;
  critical: ReadonlyMap<string, CriticalSection[]>;
  /** scrolled into view once per `seq` (once its row exists) */
  scrollTarget: { id: string; seq: number } | null;
  onClick: (e: MouseEvent<HTMLDivElement>) => void;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
}

/**
 * The scroll box of the waterfall, virtualised by hand: a spacer as tall as all rows
 * and only the rows in view (± OVERSCAN) rendered, each placed with translateY. The
 * scroll position is state of this component alone, so scrolling renders nothing
 * else, and rows are memoised: only rows entering the window render.
 */
export function SpanRows({ rows, rowPos, viewStart, viewEnd, selectedId, matches, currentId, critical, scrollTarget, onClick, onKeyDown }: SpanRowsProps) {
  const [scrollRow, setScrollRow] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  const scroller = useRef<HTMLDivElement>(null);
  const handledSeq = useRef(0);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || DEFAULT_VIEWPORT));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !scrollTarget || scrollTarget.seq === handledSeq.current) return;
    const i = rowPos.get(scrollTarget.id);
    if (i === undefined) return;
    handledSeq.current = scrollTarget.seq;
    const top = i * ROW_HEIGHT;
    if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - el.clientHeight / 3);
  }, [scrollTarget, rowPos]);

  const first = Math.max(0, Math.min(scrollRow, rows.length) - OVERSCAN);
  const last = Math.min(rows.length, scrollRow + Math.ceil(viewport / ROW_HEIGHT) + OVERSCAN);
  const visible = [];
  for (let i = first; i < last; i++) {
    const r = rows[i]!;
    const id = r.span.id;
    visible.push(
      <Row
        key={id}
        row={r}
        index={i}
        viewStart={viewStart}
        viewEnd={viewEnd}
        selected={id === selectedId}
        match={matches.has(id)}
        current={id === currentId}
        critical={critical.has(id)}
        sections={critical.get(id)}
      />,
    );
  }
  return (
    <div
      ref={scroller}
      className="wf-scroll"
      role="treegrid"
      aria-label="Spans"
      aria-rowcount={rows.length}
      tabIndex={0}
      onScroll={(e) => setScrollRow(Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT))}
      onKeyDown={onKeyDown}
    >
      <div className="wf-spacer" style={{ height: rows.length * ROW_HEIGHT }} onClick={onClick}>
        {visible}
      </div>
    </div>
  );
}
