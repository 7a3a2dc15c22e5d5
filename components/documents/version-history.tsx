"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { ago } from "@/components/ui/action";
import type { DiffLine } from "@/lib/documents/diff";
import { DiffView } from "./diff-view";

export interface VersionInfo {
  version: number;
  message: string;
  authorEmail: string;
  createdAt: string;
}

/**
 * A document's versions (rule file, SLO, scaling profile): pick any two and see their
 * line diff; restore any version as a new draft (a link to the editor, or a callback).
 * Versions never change, so a diff is fetched once per pair, and only when asked for
 * (`compareOnOpen` shows the newest two at once).
 */
export function VersionHistory({
  queryKey,
  versions,
  head,
  loadDiff,
  restore,
  caption,
  compareOnOpen = false,
  testId,
}: {
  /** identifies the document in the query cache, e.g. ["rule-diff", id] */
  queryKey: readonly unknown[];
  versions: VersionInfo[];
  head: number;
  loadDiff: (from: number, to: number) => Promise<DiffLine[]>;
  /** how "restore" works for this document, if the viewer may */
  restore?: { label: string; href: (version: number) => string } | { label: string; onRestore: (version: number) => void };
  /** what is compared, e.g. "(Sloth spec as exported)" */
  caption?: ReactNode;
  compareOnOpen?: boolean;
  testId?: string;
}) {
  const [from, setFrom] = useState(Math.max(1, head - 1));
  const [to, setTo] = useState(head);
  const [comparing, setComparing] = useState(compareOnOpen);
  const diff = useQuery({ queryKey: [...queryKey, from, to], queryFn: () => loadDiff(from, to), enabled: comparing && from !== to, staleTime: Infinity });
  const many = versions.length > 1;
  return (
    <section className="panel" style={{ minHeight: 0 }} data-testid={testId}>
      <div className="panel-head">
        <h2>Versions</h2>
        {many && !comparing && (
          <button type="button" onClick={() => setComparing(true)}>
            Compare v{from} → v{to}
          </button>
        )}
      </div>
      <table>
        {many && (
          <thead>
            <tr>
              <th>From</th>
              <th>To</th>
              <th>Version</th>
              <th>Message</th>
              <th>Author</th>
              <th>When</th>
              {restore && <th />}
            </tr>
          </thead>
        )}
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              {many && (
                <>
                  <td>
                    <input type="radio" name={`diff-from-${String(queryKey)}`} aria-label={`diff from v${v.version}`} checked={from === v.version} onChange={() => setFrom(v.version)} />
                  </td>
                  <td>
                    <input type="radio" name={`diff-to-${String(queryKey)}`} aria-label={`diff to v${v.version}`} checked={to === v.version} onChange={() => setTo(v.version)} />
                  </td>
                </>
              )}
              <td>v{v.version}</td>
              <td>{v.message}</td>
              <td className="muted">{v.authorEmail}</td>
              <td className="muted" title={v.createdAt}>{ago(v.createdAt)}</td>
              {restore && (
                <td>
                  {v.version !== head &&
                    ("href" in restore ? (
                      <Link href={restore.href(v.version)} aria-label={`Restore v${v.version}`}>
                        {restore.label}
                      </Link>
                    ) : (
                      <button type="button" aria-label={`Restore v${v.version}`} onClick={() => restore.onRestore(v.version)}>
                        {restore.label}
                      </button>
                    ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {comparing && (
        <div data-testid={testId ? `${testId}-diff` : undefined}>
          <h2>
            v{from} → v{to} {caption && <span className="muted">{caption}</span>}
          </h2>
          {from === to ? (
            <p className="muted">Pick two different versions.</p>
          ) : diff.error ? (
            <p className="field-error" role="alert">{diff.error.message}</p>
          ) : diff.data ? (
            <DiffView lines={diff.data} />
          ) : (
            <div className="loading">Loading…</div>
          )}
        </div>
      )}
    </section>
  );
}
