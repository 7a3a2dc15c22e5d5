"use client";

import { memo } from "react";
import type { CriticalSection } from "@/lib/traces/critical-path";
import type { WaterfallRow } from "@/lib/traces/waterfall";
import { barPlacement, formatUs, serviceColor } from "./format";

export const ROW_HEIGHT = 22;
/** indentation per level, px; capped so a 10,000-deep chain keeps its names readable */
const INDENT = 12;
const MAX_INDENT = "22vw";

interface RowProps {
  row: WaterfallRow;
  /** position among the visible rows */
  index: number;
  viewStart: number;
  viewEnd: number;
  selected: boolean;
  match: boolean;
  current: boolean;
  critical: boolean;
  sections: readonly CriticalSection[] | undefined;
}

/**
 * One row of the waterfall, absolutely placed at its index. Memoised: while
 * scrolling, rows that stay in the window keep their props and are not rendered
 * again. Clicks are handled by the waterfall (one delegated handler): the toggle
 * carries `data-toggle`, the row its span id.
 */
export const Row = memo(function Row({ row, index, viewStart, viewEnd, selected, match, current, critical, sections }: RowProps) {
  const { span } = row;
  const color = serviceColor(span.service);
  const bar = barPlacement(span.startUs, span.durationUs, viewStart, viewEnd);
  const label = `${span.service} ${span.operation}`;
  const classes = ["wf-row"];
  if (span.error) classes.push("wf-error");
  if (selected) classes.push("wf-selected");
  if (match) classes.push("wf-match");
  if (current) classes.push("wf-current");
  if (critical) classes.push("wf-critical");
  const labelOnLeft = bar !== undefined && bar.left + bar.width > 72;
  return (
    <div
      role="row"
      className={classes.join(" ")}
      data-span-id={span.id}
      data-depth={row.depth}
      data-critical={critical ? "true" : undefined}
      data-match={match ? "true" : undefined}
      data-current-match={current ? "true" : undefined}
      aria-rowindex={index + 1}
      aria-level={row.depth + 1}
      aria-selected={selected}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
    >
      <div role="gridcell" className="wf-name" style={{ paddingLeft: `min(${row.depth * INDENT + 4}px, ${MAX_INDENT})` }}>
        {row.hasChildren ? (
          <button type="button" className="wf-toggle" data-toggle="" aria-label={row.collapsed ? "Expand" : "Collapse"} aria-expanded={!row.collapsed} tabIndex={-1}>
            {row.collapsed ? "▸" : "▾"}
          </button>
        ) : (
          <span className="wf-toggle" aria-hidden="true" />
        )}
        <span className="wf-swatch" style={{ background: color }} aria-hidden="true" />
        <span className="wf-label" title={label}>
          <span className="wf-service">{span.service}</span> {span.operation}
        </span>
        {row.collapsed && <span className="wf-hidden muted">+{row.hiddenCount}</span>}
        {span.error && (
          <span className="wf-error-mark" role="img" aria-label="error" title={span.statusMessage ?? "error"}>
            ⚠
          </span>
        )}
      </div>
      <div role="gridcell" className="wf-timeline">
        {bar && (
          <>
            <div className="wf-bar" style={{ left: `${bar.left}%`, width: `${bar.width}%`, background: color }}>
              {sections?.map((s) => {
                const sec = barPlacement(s.startUs, s.endUs - s.startUs, Math.max(viewStart, span.startUs), Math.min(viewEnd, span.startUs + span.durationUs));
                return sec ? <span key={s.startUs} className="wf-crit" style={{ left: `${sec.left}%`, width: `${sec.width}%` }} /> : null;
              })}
            </div>
            <span className="wf-duration" style={labelOnLeft ? { right: `${100 - bar.left}%` } : { left: `${bar.left + bar.width}%` }}>
              {formatUs(span.durationUs)}
            </span>
          </>
        )}
      </div>
    </div>
  );
});
