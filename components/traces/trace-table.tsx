"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useMemo, useState, type ChangeEvent, type MouseEvent } from "react";
import type { TraceSummary } from "@/lib/traces/summary";
import { formatDurationUs, formatStartMs, plural, traceHref } from "./format";
import { DEFAULT_SORT, nextSort, sortSummaries, type Sort, type SortKey } from "./sort";

const COLUMNS: { key: SortKey; label: string; num?: boolean }[] = [
  { key: "start", label: "Start" },
  { key: "root", label: "Root" },
  { key: "duration", label: "Duration", num: true },
  { key: "spans", label: "Spans", num: true },
  { key: "services", label: "Services" },
  { key: "errors", label: "Errors", num: true },
];

/** One row as plain DOM: up to 1,500 of them, so no per-row components, hooks or Links. */
function TraceRow({ s }: { s: TraceSummary }) {
  return (
    <tr data-trace-id={s.traceId} className={s.errorCount > 0 ? "trace-row-error" : undefined}>
      <td>
        <input type="checkbox" data-compare={s.traceId} aria-label={`Compare trace ${s.traceId}`} />
      </td>
      <td className="trace-start">{formatStartMs(s.startMs)}</td>
      <td>
        <span className="muted">{s.rootService || "?"}: </span>
        <a href={traceHref(s.traceId)} data-nav="">
          {s.rootOperation || "(no root span)"}
        </a>
      </td>
      <td className="num" data-duration-us={s.durationUs}>
        {formatDurationUs(s.durationUs)}
      </td>
      <td className="num">{s.spanCount}</td>
      <td className="trace-services">
        {s.services.map((c, i) => (
          <Fragment key={c.name}>
            {i > 0 && ", "}
            {c.errorCount > 0 ? (
              <span className="status-bad" title={plural(c.errorCount, "error span")}>
                {c.name} {c.spanCount} ({c.errorCount} err)
              </span>
            ) : (
              `${c.name} ${c.spanCount}`
            )}
          </Fragment>
        ))}
      </td>
      <td className={s.errorCount > 0 ? "num status-bad" : "num"}>{s.errorCount}</td>
    </tr>
  );
}

/**
 * The search results as a sortable table (newest first). Each row links to its trace;
 * the compare boxes are uncontrolled and read through one delegated handler, so
 * ticking a box does not re-render 1,500 rows.
 */
export function TraceTable({ summaries }: { summaries: TraceSummary[] }) {
  const router = useRouter();
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [picked, setPicked] = useState<string[]>([]);
  // one element per trace, made once per result: re-sorting only moves rows (React skips
  // an element it has already rendered), it does not format 1,500 rows again
  const rows = useMemo(() => new Map(summaries.map((s) => [s.traceId, <TraceRow key={s.traceId} s={s} />])), [summaries]);
  const body = useMemo(() => sortSummaries(summaries, sort).map((s) => rows.get(s.traceId)), [summaries, sort, rows]);

  const onPick = (e: ChangeEvent<HTMLTableSectionElement>) => {
    const box: EventTarget = e.target;
    if (!(box instanceof HTMLInputElement) || box.dataset.compare === undefined) return;
    const id = box.dataset.compare;
    setPicked((p) => (box.checked ? [...p.filter((x) => x !== id), id] : p.filter((x) => x !== id)));
  };

  // client-side navigation for the row links, without a Link per row
  const onClick = (e: MouseEvent<HTMLTableSectionElement>) => {
    const a = (e.target as Element).closest("a[data-nav]");
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(a.getAttribute("href")!);
  };

  return (
    <div className="trace-table-wrap">
      <div className="toolbar trace-compare" aria-live="polite">
        {picked.length === 2 ? (
          <Link className="button-like" prefetch={false} href={`/traces/compare?a=${encodeURIComponent(picked[0]!)}&b=${encodeURIComponent(picked[1]!)}`}>
            Compare selected
          </Link>
        ) : (
          <span className="muted">
            {picked.length < 2 ? "Tick two traces to compare them." : `${picked.length} traces ticked: compare takes exactly two.`}
          </span>
        )}
      </div>
      <table data-testid="trace-table" className="trace-table">
        <thead>
          <tr>
            <th>Compare</th>
            {COLUMNS.map((c) => {
              const active = sort.key === c.key;
              return (
                <th key={c.key} className={c.num ? "num" : undefined} aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
                  <button type="button" className="th-sort" onClick={() => setSort((s) => nextSort(s, c.key))}>
                    {c.label}
                    <span aria-hidden="true">{active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody onChange={onPick} onClick={onClick}>
          {body}
        </tbody>
      </table>
    </div>
  );
}
