"use client";

import { useMemo, useState } from "react";
import type { Trace } from "@/lib/traces/model";
import { groupSpans, type SpanGroup } from "@/lib/traces/summary";
import { formatUs, serviceColor } from "./format";

type By = "service" | "operation";
type Key = "service" | "operation" | "count" | "errorCount" | "totalUs" | "selfUs";

const COLUMNS: { key: Key; label: string; numeric: boolean }[] = [
  { key: "service", label: "Service", numeric: false },
  { key: "operation", label: "Operation", numeric: false },
  { key: "count", label: "Count", numeric: true },
  { key: "errorCount", label: "Errors", numeric: true },
  { key: "totalUs", label: "Total", numeric: true },
  { key: "selfUs", label: "Self time", numeric: true },
];

function compare(a: SpanGroup, b: SpanGroup, key: Key): number {
  if (key === "service") return a.service.localeCompare(b.service) || (a.operation ?? "").localeCompare(b.operation ?? "");
  if (key === "operation") return (a.operation ?? "").localeCompare(b.operation ?? "") || a.service.localeCompare(b.service);
  return a[key] - b[key];
}

/** The spans of a trace grouped by service or by operation: count, errors, total and self time; sortable. */
export function SpanTable({ trace }: { trace: Trace }) {
  const [by, setBy] = useState<By>("service");
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: "selfUs", desc: true });
  const groups = useMemo(() => groupSpans(trace, by), [trace, by]);
  const sorted = useMemo(() => {
    const list = [...groups];
    list.sort((a, b) => (sort.desc ? -1 : 1) * compare(a, b, sort.key));
    return list;
  }, [groups, sort]);
  const selfTotal = useMemo(() => groups.reduce((t, g) => t + g.selfUs, 0), [groups]);
  const columns = COLUMNS.filter((c) => by === "operation" || c.key !== "operation");

  return (
    <section className="panel" data-testid="span-groups" aria-label="Span groups">
      <div className="panel-head">
        <h2>Spans by {by}</h2>
        <div className="segmented" role="group" aria-label="Group spans">
          <button type="button" aria-pressed={by === "service"} onClick={() => setBy("service")}>
            By service
          </button>
          <button type="button" aria-pressed={by === "operation"} onClick={() => setBy("operation")}>
            By operation
          </button>
        </div>
      </div>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.numeric ? "num" : undefined} aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}>
                <button
                  type="button"
                  className="tv-sort"
                  onClick={() => setSort((s) => (s.key === c.key ? { key: c.key, desc: !s.desc } : { key: c.key, desc: c.numeric }))}
                >
                  {c.label}
                  <span aria-hidden="true">{sort.key === c.key ? (sort.desc ? " ▼" : " ▲") : ""}</span>
                </button>
              </th>
            ))}
            <th className="num">% self</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((g) => (
            <tr key={`${g.service}\u0000${g.operation ?? ""}`} data-service={g.service}>
              <td>
                <span className="wf-swatch" style={{ background: serviceColor(g.service) }} aria-hidden="true" /> {g.service}
              </td>
              {by === "operation" && <td>{g.operation}</td>}
              <td className="num">{g.count.toLocaleString("en-US")}</td>
              <td className={g.errorCount > 0 ? "num status-bad" : "num"}>{g.errorCount}</td>
              <td className="num">{formatUs(g.totalUs)}</td>
              <td className="num">{formatUs(g.selfUs)}</td>
              <td className="num">{selfTotal > 0 ? `${((g.selfUs / selfTotal) * 100).toFixed(1)}%` : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
