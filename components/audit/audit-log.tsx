"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { listAuditAction } from "@/app/actions/audit";
import { DiffView } from "@/components/documents/diff-view";
import { unwrap } from "@/components/ui/action";
import type { AuditRow } from "@/lib/audit/query";
import { lineDiff } from "@/lib/documents/diff";

interface Filters {
  actor: string;
  targetType: string;
  action: string;
  from: string;
  to: string;
  signIns: boolean;
}

const EMPTY: Filters = { actor: "", targetType: "", action: "", from: "", to: "", signIns: false };

/** datetime-local value (local time) → ISO, or undefined */
function iso(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v, null, 2));

/** Who changed what and when, newest first, with filters and each entry's before/after. */
export function AuditLogView() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [open, setOpen] = useState<string | null>(null);
  const query = useInfiniteQuery({
    queryKey: ["audit", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        listAuditAction({
          actor: filters.actor || undefined,
          targetType: filters.targetType || undefined,
          action: filters.action || undefined,
          from: iso(filters.from),
          to: iso(filters.to),
          signIns: filters.signIns,
          cursor: pageParam,
          limit: 50,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = query.data?.pages[0];
  const rows: AuditRow[] = query.data?.pages.flatMap((p) => p.rows) ?? [];
  const set = (k: Exclude<keyof Filters, "signIns">) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));

  return (
    <section className="audit">
      <h1>Audit log</h1>
      <div className="toolbar" role="search">
        <label>
          User{" "}
          <select value={filters.actor} onChange={set("actor")} aria-label="user">
            <option value="">everyone</option>
            {first?.actors.map((a) => <option key={a}>{a}</option>)}
          </select>
        </label>
        <label>
          Kind{" "}
          <select value={filters.targetType} onChange={set("targetType")} aria-label="kind">
            <option value="">all</option>
            {first?.targetTypes.map((t) => <option key={t}>{t}</option>)}
          </select>
        </label>
        <label>
          Action <input value={filters.action} onChange={set("action")} placeholder="e.g. rules.push or slo." aria-label="action" size={18} />
        </label>
        <label>
          From <input type="datetime-local" value={filters.from} onChange={set("from")} aria-label="from" />
        </label>
        <label>
          To <input type="datetime-local" value={filters.to} onChange={set("to")} aria-label="to" />
        </label>
        <label>
          <input type="checkbox" checked={filters.signIns} onChange={(e) => setFilters((f) => ({ ...f, signIns: e.target.checked }))} /> sign-ins too
        </label>
        <button type="button" onClick={() => setFilters(EMPTY)}>Clear</button>
      </div>
      {query.error && <p className="panel-error" role="alert">{query.error.message}</p>}
      <table data-testid="audit-table">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>Message</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <AuditLine key={r.id} row={r} open={open === r.id} onToggle={() => setOpen(open === r.id ? null : r.id)} />
          ))}
        </tbody>
      </table>
      {query.isPending && <p className="loading">loading…</p>}
      {!query.isPending && rows.length === 0 && !query.error && <p className="muted">No changes match these filters.</p>}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "loading…" : "Older entries"}
        </button>
      )}
    </section>
  );
}

function AuditLine({ row, open, onToggle }: { row: AuditRow; open: boolean; onToggle: () => void }) {
  const target = row.targetName ?? row.targetId ?? "";
  const hasState = row.before !== null || row.after !== null;
  return (
    <>
      <tr>
        <td className="num">{row.at.slice(0, 19).replace("T", " ")}</td>
        <td>{row.actorEmail}</td>
        <td><code>{row.action}</code></td>
        <td>
          <span className="muted">{row.targetType}</span>{" "}
          {row.href ? <Link href={row.href} prefetch={false}>{target || "open"}</Link> : target}
        </td>
        <td className={row.outcome === "ok" ? "" : "bad"}>{row.outcome}</td>
        <td>{row.message}</td>
        <td>{hasState && <button type="button" onClick={onToggle} aria-expanded={open}>{open ? "Hide" : "Before/after"}</button>}</td>
      </tr>
      {open && (
        <tr>
          <td colSpan={7}>
            <DiffView lines={lineDiff(json(row.before), json(row.after), 1000)} />
          </td>
        </tr>
      )}
    </>
  );
}
