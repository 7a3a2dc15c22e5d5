"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { sloVersionAction } from "@/app/actions/slo";
import { DiffView } from "@/components/rules/rule-file-editor";
import { unwrap } from "@/components/ui/action";
import { lineDiff } from "@/lib/rules/diff";

type VersionInfo = { version: number; message: string; authorEmail: string; createdAt: string };

/**
 * An SLO's versions: pick any two and see a line diff of their specs as the Sloth
 * export writes them; an editor can restore any version into the editor as a new
 * draft. Versions never change, so each is fetched once, and only when a diff is asked for.
 */
export function SloVersions({ id, head, versions, canEdit }: { id: string; head: number; versions: VersionInfo[]; canEdit: boolean }) {
  const [from, setFrom] = useState(Math.max(1, head - 1));
  const [to, setTo] = useState(head);
  const [comparing, setComparing] = useState(false);
  const fetchVersion = (version: number) => ({
    queryKey: ["slo-version", id, version],
    queryFn: () => unwrap(sloVersionAction({ id, version })),
    enabled: comparing && from !== to,
    staleTime: Infinity,
  });
  const a = useQuery(fetchVersion(from));
  const b = useQuery(fetchVersion(to));
  const diff = useMemo(() => (a.data && b.data ? lineDiff(a.data.sloth, b.data.sloth) : undefined), [a.data, b.data]);
  const error = a.error ?? b.error;
  return (
    <section className="panel" style={{ minHeight: 0 }} data-testid="slo-versions">
      <div className="panel-head">
        <h2>Versions</h2>
        {versions.length > 1 && !comparing && (
          <button type="button" onClick={() => setComparing(true)}>
            Compare v{from} → v{to}
          </button>
        )}
      </div>
      <table>
        {versions.length > 1 && (
          <thead>
            <tr>
              <th>From</th>
              <th>To</th>
              <th>Version</th>
              <th>Message</th>
              <th>Author</th>
              <th>When</th>
              {canEdit && <th />}
            </tr>
          </thead>
        )}
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              {versions.length > 1 && (
                <>
                  <td>
                    <input type="radio" name={`slo-diff-from-${id}`} aria-label={`diff from v${v.version}`} checked={from === v.version} onChange={() => setFrom(v.version)} />
                  </td>
                  <td>
                    <input type="radio" name={`slo-diff-to-${id}`} aria-label={`diff to v${v.version}`} checked={to === v.version} onChange={() => setTo(v.version)} />
                  </td>
                </>
              )}
              <td>v{v.version}</td>
              <td>{v.message}</td>
              <td className="muted">{v.authorEmail}</td>
              <td className="muted">{v.createdAt.slice(0, 16).replace("T", " ")}</td>
              {canEdit && (
                <td>
                  {v.version !== head && (
                    <Link href={`/slos/${id}/edit?version=${v.version}`} aria-label={`Restore v${v.version}`}>
                      Restore this version
                    </Link>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {comparing && (
        <div data-testid="slo-version-diff">
          <h2>
            v{from} → v{to} <span className="muted">(Sloth spec as exported)</span>
          </h2>
          {from === to ? (
            <p className="muted">Pick two different versions.</p>
          ) : error ? (
            <p className="field-error" role="alert">{error.message}</p>
          ) : diff ? (
            <DiffView lines={diff} />
          ) : (
            <div className="loading">Loading…</div>
          )}
        </div>
      )}
    </section>
  );
}
