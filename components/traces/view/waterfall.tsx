"use client";

import { useImperativeHandle, useMemo, useState, type KeyboardEvent, type MouseEvent, type Ref } from "react";
import { criticalPathSections, type CriticalSection } from "@/lib/traces/critical-path";
import { spanIndex, type Trace } from "@/lib/traces/model";
import { searchSpans } from "@/lib/traces/search";
import { collapsedFromDepth, flatten } from "@/lib/traces/waterfall";
import { FindBar } from "./find-bar";
import { parseFind } from "./find";
import { Minimap, Ruler } from "./minimap";
import { SpanRows } from "./waterfall-rows";

export interface WaterfallHandle {
  /** expands the span's collapsed ancestors and scrolls it into view */
  reveal(spanId: string): void;
}

interface FindState {
  matches: string[];
  set: ReadonlySet<string>;
  /** the current match, -1 before the first Enter / Next */
  index: number;
}

const NO_MATCHES: FindState = { matches: [], set: new Set(), index: -1 };

/**
 * The waterfall of a trace: toolbar (collapse, level, zoom reset, find), the minimap,
 * the ruler and the rows (virtualised in SpanRows). Everything derived from the trace
 * is memoised on it; collapsing re-flattens, scrolling renders only SpanRows.
 */
export function Waterfall({ trace, selectedId, onSelect, ref }: { trace: Trace; selectedId: string | null; onSelect: (id: string | null) => void; ref?: Ref<WaterfallHandle> }) {
  const total = trace.durationUs > 0 ? trace.durationUs : 1;
  const index = useMemo(() => spanIndex(trace), [trace]);
  const critical = useMemo(() => {
    const bySpan = new Map<string, CriticalSection[]>();
    for (const s of criticalPathSections(trace)) {
      const list = bySpan.get(s.spanId);
      if (list) list.push(s);
      else bySpan.set(s.spanId, [s]);
    }
    return bySpan;
  }, [trace]);
  const maxDepth = useMemo(() => trace.spans.reduce((m, s) => (s.depth > m ? s.depth : m), 0), [trace]);

  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [level, setLevel] = useState("");
  const [view, setView] = useState({ start: 0, end: total });
  const [find, setFind] = useState<FindState>(NO_MATCHES);
  const [scrollTarget, setScrollTarget] = useState<{ id: string; seq: number } | null>(null);

  const rows = useMemo(() => flatten(trace, collapsed), [trace, collapsed]);
  const rowPos = useMemo(() => new Map(rows.map((r, i) => [r.span.id, i])), [rows]);

  const reveal = (id: string) => {
    let next: Set<string> | undefined;
    for (let s = index.get(id); s && s.depth > 0 && s.parentId !== undefined; ) {
      const parent = index.get(s.parentId);
      if (!parent) break;
      if (collapsed.has(parent.id)) (next ??= new Set(collapsed)).delete(parent.id);
      s = parent;
    }
    if (next) setCollapsed(next);
    setScrollTarget((t) => ({ id, seq: (t?.seq ?? 0) + 1 }));
  };
  useImperativeHandle(ref, () => ({ reveal }));

  const onFind = (text: string, jump: boolean) => {
    const query = parseFind(text);
    if (!query) return setFind(NO_MATCHES);
    const matches = searchSpans(trace, query);
    const first = jump && matches.length > 0;
    setFind({ matches, set: new Set(matches), index: first ? 0 : -1 });
    if (first) reveal(matches[0]!);
  };
  const onStep = (delta: 1 | -1) => {
    const n = find.matches.length;
    if (n === 0) return;
    const i = find.index < 0 ? (delta > 0 ? 0 : n - 1) : (find.index + delta + n) % n;
    setFind({ ...find, index: i });
    reveal(find.matches[i]!);
  };

  const toggle = (id: string, open?: boolean) => {
    setLevel("");
    setCollapsed((prev) => {
      const isCollapsed = prev.has(id);
      if (open === !isCollapsed) return prev;
      const next = new Set(prev);
      if (isCollapsed) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  // one delegated handler for every row: no closures per row
  const onRowsClick = (e: MouseEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>("[data-span-id]");
    const id = row?.dataset.spanId;
    if (!id) return;
    if (target.closest("[data-toggle]")) toggle(id);
    else onSelect(id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = selectedId === null ? -1 : (rowPos.get(selectedId) ?? -1);
    const select = (i: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (!r) return;
      onSelect(r.span.id);
      setScrollTarget((t) => ({ id: r.span.id, seq: (t?.seq ?? 0) + 1 }));
    };
    if (e.key === "ArrowDown") select(at + 1);
    else if (e.key === "ArrowUp") select(at < 0 ? 0 : at - 1);
    else if ((e.key === "ArrowLeft" || e.key === "ArrowRight") && selectedId !== null && rows[at]?.hasChildren) toggle(selectedId, e.key === "ArrowRight");
    else return;
    e.preventDefault();
  };

  const zoom = (start: number, end: number) => {
    if (end - start > 0) setView({ start: Math.max(0, start), end: Math.min(total, end) });
  };
  const zoomed = view.start > 0 || view.end < total;
  const current = find.index >= 0 ? find.matches[find.index] : undefined;

  return (
    <section className="panel wf" data-testid="waterfall" aria-label="Waterfall" data-view-start={round3(view.start)} data-view-end={round3(view.end)}>
      <div className="wf-toolbar">
        <button type="button" onClick={() => (setLevel(""), setCollapsed(collapsedFromDepth(trace, 0)))}>
          Collapse all
        </button>
        <button type="button" onClick={() => (setLevel(""), setCollapsed(new Set()))}>
          Expand all
        </button>
        <label className="wf-level">
          Collapse below level
          <select
            value={level}
            onChange={(e) => {
              setLevel(e.target.value);
              if (e.target.value !== "") setCollapsed(collapsedFromDepth(trace, Number(e.target.value)));
            }}
          >
            <option value="">—</option>
            {Array.from({ length: maxDepth }, (_, d) => (
              <option key={d} value={String(d)}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setView({ start: 0, end: total })} disabled={!zoomed}>
          Reset zoom
        </button>
        <FindBar count={find.matches.length} index={find.index} onFind={onFind} onStep={onStep} />
        <span className="wf-legend muted">
          <span className="wf-legend-crit" aria-hidden="true" /> critical path
        </span>
      </div>
      <Minimap trace={trace} viewStart={view.start} viewEnd={view.end} onZoom={zoom} />
      <div className="wf-head">
        <div className="wf-name muted">Service · operation</div>
        <Ruler viewStart={view.start} viewEnd={view.end} onZoom={zoom} />
      </div>
      <SpanRows
        rows={rows}
        rowPos={rowPos}
        viewStart={view.start}
        viewEnd={view.end}
        selectedId={selectedId}
        matches={find.set}
        currentId={current}
        critical={critical}
        scrollTarget={scrollTarget}
        onClick={onRowsClick}
        onKeyDown={onKeyDown}
      />
    </section>
  );
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
