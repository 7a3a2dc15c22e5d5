"use client";

import Form from "next/form";
import Link from "next/link";
import { useMemo, useState } from "react";
import { PATH_SEPARATOR, type CompareRow } from "@/lib/traces/compare";
import type { TraceSummary } from "@/lib/traces/summary";
import { formatDeltaUs, formatUs, serviceColor } from "./format";

export interface CompareSide {
  /** the id asked for ("" when none was given) */
  id: string;
  summary?: TraceSummary;
  error?: string;
  notFound?: boolean;
}

type Key = "path" | "countA" | "countB" | "durationA" | "durationB" | "delta";

const COLUMNS: { key: Key; label: string; numeric: boolean }[] = [
  { key: "path", label: "Span path", numeric: false },
  { key: "countA", label: "Count A", numeric: true },
  { key: "countB", label: "Count B", numeric: true },
  { key: "durationA", label: "Duration A", numeric: true },
  { key: "durationB", label: "Duration B", numeric: true },
  { key: "delta", label: "Δ", numeric: true },
];

/** Tables this long show their first PAGE rows until asked for all. */
const LONG = 1000;
const PAGE = 500;

function compare(a: CompareRow, b: CompareRow, key: Key): number {
  if (key === "path") return a.path.localeCompare(b.path);
  if (key === "delta") return Math.abs(a.delta) - Math.abs(b.delta);
  return a[key] - b[key];
}

const differs = (r: CompareRow) => r.delta !== 0 || !r.inA || !r.inB || r.countA !== r.countB;

/** Two traces of one request type, span path by span path: counts, durations and the difference (B − A). */
export function TraceCompare({ a, b, rows }: { a: CompareSide; b: CompareSide; rows?: CompareRow[] }) {
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: "delta", desc: true });
  const [showAll, setShowAll] = useState(false);

  const shown = useMemo(() => {
    if (!rows) return [];
    const needle = filter.trim().toLowerCase();
    const list = rows.filter((r) => (!onlyDiffs || differs(r)) && (!needle || r.path.toLowerCase().includes(needle)));
    // rows arrive sorted by |Δ|, ties in tree order: the default needs no sort
    if (sort.key !== "delta" || !sort.desc) list.sort((p, q) => (sort.desc ? -1 : 1) * compare(p, q, sort.key));
    return list;
  }, [rows, onlyDiffs, filter, sort]);
  const stats = useMemo(() => {
    const s = { onlyA: 0, onlyB: 0, slower: 0, faster: 0 };
    for (const r of rows ?? []) {
      if (!r.inB) s.onlyA++;
      else if (!r.inA) s.onlyB++;
      else if (r.delta > 0) s.slower++;
      else if (r.delta < 0) s.faster++;
    }
    return s;
  }, [rows]);
  const limited = shown.length >= LONG && !showAll ? shown.slice(0, PAGE) : shown;

  return (
    <div className="tc-root" data-testid="trace-compare">
      <h1>Compare traces</h1>
      <Form action="/traces/compare" className="inline-form tc-form">
        <label>
          Trace A
          <input name="a" defaultValue={a.id} placeholder="trace id" spellCheck={false} />
        </label>
        <label>
          Trace B
          <input name="b" defaultValue={b.id} placeholder="trace id" spellCheck={false} />
        </label>
        <button type="submit">Compare</button>
      </Form>
      <div className="tc-sides">
        <Side label="A" side={a} />
        <Side label="B" side={b} />
      </div>
      {rows && (
        <section className="panel" aria-label="Span paths compared">
          <div className="toolbar" style={{ marginBottom: 0 }}>
            <label className="tv-checkbox">
              <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} /> Only differences
            </label>
            <input type="search" aria-label="Filter span paths" placeholder="filter by service or operation" value={filter} onChange={(e) => setFilter(e.target.value)} />
            <span className="muted" data-testid="compare-count">
              {shown.length.toLocaleString("en-US")} of {rows.length.toLocaleString("en-US")} paths · {stats.slower} slower, {stats.faster} faster, {stats.onlyA} only in A,{" "}
              {stats.onlyB} only in B
            </span>
          </div>
          <table data-testid="compare-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} className={c.numeric ? "num" : undefined} aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}>
                    <button
                      type="button"
                      className="tv-sort"
                      title={c.key === "delta" ? "Sorted by size of the difference" : undefined}
                      onClick={() => setSort((s) => (s.key === c.key ? { key: c.key, desc: !s.desc } : { key: c.key, desc: c.numeric }))}
                    >
                      {c.label}
                      <span aria-hidden="true">{sort.key === c.key ? (sort.desc ? " ▼" : " ▲") : ""}</span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {limited.map((r) => (
                <CompareTableRow key={r.path} row={r} />
              ))}
            </tbody>
          </table>
          {limited.length < shown.length && (
            <button type="button" onClick={() => setShowAll(true)}>
              Show all {shown.length.toLocaleString("en-US")} rows
            </button>
          )}
        </section>
      )}
    </div>
  );
}

function CompareTableRow({ row }: { row: CompareRow }) {
  const parts = row.path.split(PATH_SEPARATOR);
  const label = parts[parts.length - 1]!;
  const ancestors = parts.slice(0, -1);
  const shownAncestors = ancestors.length > 3 ? ["…", ...ancestors.slice(-3)] : ancestors;
  const pct = row.inA && row.inB && row.durationA > 0 ? ` (${row.delta >= 0 ? "+" : "−"}${Math.abs((row.delta / row.durationA) * 100).toFixed(0)}%)` : "";
  return (
    <tr data-path={row.path} data-depth={ancestors.length}>
      <td className="tc-path" title={row.path}>
        {shownAncestors.length > 0 && <span className="muted">{shownAncestors.join(" › ")} › </span>}
        <span className="wf-swatch" style={{ background: serviceColor(label.split(" ")[0] ?? "") }} aria-hidden="true" />
        <strong>{label}</strong>
        {!row.inB && <span className="tc-badge tc-badge-a">only in A</span>}
        {!row.inA && <span className="tc-badge tc-badge-b">only in B</span>}
      </td>
      <td className="num">{row.inA ? row.countA.toLocaleString("en-US") : "–"}</td>
      <td className="num">{row.inB ? row.countB.toLocaleString("en-US") : "–"}</td>
      <td className="num">{row.inA ? formatUs(row.durationA) : "–"}</td>
      <td className="num">{row.inB ? formatUs(row.durationB) : "–"}</td>
      <td className={`num ${row.delta > 0 ? "status-bad" : row.delta < 0 ? "status-ok" : "muted"}`} data-delta={row.delta}>
        {formatDeltaUs(row.delta)}
        {pct}
      </td>
    </tr>
  );
}

function Side({ label, side }: { label: "A" | "B"; side: CompareSide }) {
  const s = side.summary;
  return (
    <section className="panel tc-side" data-testid={`compare-side-${label.toLowerCase()}`} aria-label={`Trace ${label}`}>
      <div className="panel-head">
        <h2>Trace {label}</h2>
        {side.id && (
          <Link href={`/traces/${encodeURIComponent(side.id)}`} prefetch={false}>
            Open trace {label}
          </Link>
        )}
      </div>
      {side.error ? (
        <div className="panel-error" role="alert">
          <div>{side.error}</div>
          {side.notFound && (
            <Link href="/traces" prefetch={false}>
              Back to trace search
            </Link>
          )}
        </div>
      ) : s ? (
        <>
          <div>
            <span className="wf-swatch" style={{ background: serviceColor(s.rootService) }} aria-hidden="true" />
            <strong>
              {s.rootService}: {s.rootOperation}
            </strong>
          </div>
          <div className="tv-mono muted">{s.traceId}</div>
          <div>
            {formatUs(s.durationUs)} · {s.spanCount.toLocaleString("en-US")} spans · <span className={s.errorCount > 0 ? "status-bad" : undefined}>{s.errorCount} errors</span>
          </div>
        </>
      ) : (
        <p className="muted">Enter the id of trace {label} above.</p>
      )}
    </section>
  );
}
