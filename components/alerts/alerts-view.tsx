"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { createSilenceAction, expireSilenceAction, getAlertsAction } from "@/app/actions/alerts";
import { ago, unwrap } from "@/components/ui/action";
import { formatMatchers, matches, parseMatchers } from "@/lib/alerts/matchers";
import type { ApiAlert } from "@/lib/prometheus/rules";

const DURATIONS = [
  ["30m", 30],
  ["1h", 60],
  ["2h", 120],
  ["4h", 240],
  ["1d", 1440],
  ["1w", 10080],
] as const;

const labelText = (l: Record<string, string>, skip: string[] = []) =>
  Object.entries(l)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ");

/** Firing and pending alerts from Prometheus and Alertmanager, and the silences. */
export function AlertsView({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const data = useQuery({ queryKey: ["alerts"], queryFn: () => unwrap(getAlertsAction({})), refetchInterval: 10_000 });
  const [matcherText, setMatcherText] = useState("");
  const [minutes, setMinutes] = useState(120);
  const [comment, setComment] = useState("");
  const create = useMutation({
    mutationFn: () => unwrap(createSilenceAction({ matchers: matcherText, minutes, comment })),
    onSuccess: () => {
      setMatcherText("");
      setComment("");
      void qc.invalidateQueries({ queryKey: ["alerts"] });
    },
  });
  const expire = useMutation({ mutationFn: (id: string) => unwrap(expireSilenceAction({ id })), onSuccess: () => void qc.invalidateQueries({ queryKey: ["alerts"] }) });

  const d = data.data;
  const amAlerts = useMemo(() => (d?.groups.ok ? d.groups.data.flatMap((g) => g.alerts) : []), [d]);
  const parsed = useMemo(() => (matcherText.trim() ? parseMatchers(matcherText) : null), [matcherText]);
  const preview = parsed?.ok ? amAlerts.filter((a) => matches(parsed.matchers, a.labels)) : [];
  const byName = useMemo(() => {
    const m = new Map<string, ApiAlert[]>();
    if (d?.prometheus.ok) for (const a of d.prometheus.data) m.set(a.labels.alertname ?? "", [...(m.get(a.labels.alertname ?? "") ?? []), a]);
    return [...m.entries()].sort(([, a], [, b]) => b.filter((x) => x.state === "firing").length - a.filter((x) => x.state === "firing").length);
  }, [d]);

  if (data.error) return <div className="panel-error" role="alert">{data.error.message}</div>;
  if (!d) return <div className="loading">Loading…</div>;

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <h1>Alerts</h1>
      <section className="panel" data-testid="prometheus-alerts">
        <h2>Evaluated by Prometheus</h2>
        {!d.prometheus.ok ? (
          <div className="panel-error" role="alert">{d.prometheus.error.message}</div>
        ) : byName.length === 0 ? (
          <p className="muted">No alert is pending or firing.</p>
        ) : (
          byName.map(([name, alerts]) => (
            <details key={name} open data-alertname={name}>
              <summary>
                <strong>{name}</strong> <span className="status-bad">{alerts.filter((a) => a.state === "firing").length} firing</span>{" "}
                <span className="status-warn">{alerts.filter((a) => a.state === "pending").length} pending</span>
              </summary>
              <table>
                <tbody>
                  {alerts.map((a, i) => (
                    <tr key={i} data-state={a.state}>
                      <td className={a.state === "firing" ? "status-bad" : "status-warn"}>{a.state}</td>
                      <td>
                        <code style={{ fontSize: 12 }}>{labelText(a.labels, ["alertname"])}</code>
                        {a.annotations.summary && <div>{a.annotations.summary}</div>}
                      </td>
                      <td className="muted">since {ago(a.activeAt)}</td>
                      <td className="num">{a.value}</td>
                      <td>
                        {canEdit && (
                          <button type="button" onClick={() => setMatcherText(labelText({ alertname: a.labels.alertname ?? "", ...(a.labels.service ? { service: a.labels.service } : {}) }))}>
                            Silence…
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ))
        )}
      </section>

      <section className="panel" data-testid="alertmanager-alerts">
        <h2>In Alertmanager</h2>
        {!d.groups.ok ? (
          <div className="panel-error" role="alert">{d.groups.error.message}</div>
        ) : amAlerts.length === 0 ? (
          <p className="muted">Alertmanager has no alerts.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Group</th>
                <th>Alert</th>
                <th>Status</th>
                <th>Since</th>
              </tr>
            </thead>
            <tbody>
              {d.groups.data.flatMap((g) =>
                g.alerts.map((a) => (
                  <tr key={a.fingerprint} data-fingerprint={a.fingerprint}>
                    <td className="muted">{labelText(g.labels)}</td>
                    <td>
                      <code style={{ fontSize: 12 }}>{labelText(a.labels)}</code>
                    </td>
                    <td className={a.status.state === "suppressed" ? "muted" : "status-bad"}>
                      {a.status.state === "suppressed" ? (a.status.silencedBy.length ? "silenced" : "inhibited") : a.status.state}
                    </td>
                    <td className="muted">{ago(a.startsAt)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </section>

      {canEdit && (
        <section className="panel" data-testid="new-silence">
          <h2>New silence</h2>
          <div className="inline-form">
            <label style={{ flex: 2, minWidth: 320 }}>
              Matchers
              <input aria-label="Matchers" value={matcherText} onChange={(e) => setMatcherText(e.target.value)} placeholder='alertname="HighErrorRate", service="order-service"' />
            </label>
            <label>
              Duration
              <select aria-label="Duration" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
                {DURATIONS.map(([l, m]) => (
                  <option key={m} value={m}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <label style={{ flex: 2, minWidth: 240 }}>
              Comment
              <input aria-label="Comment" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="why, and a ticket" />
            </label>
            <button type="button" className="primary" disabled={!parsed?.ok || !comment.trim() || create.isPending} onClick={() => create.mutate()}>
              Silence
            </button>
          </div>
          {parsed && !parsed.ok && <p className="field-error">{parsed.error}</p>}
          {parsed?.ok && (
            <p className="muted" data-testid="silence-preview">
              Matches {preview.length} of {amAlerts.length} current alert(s)
              {preview.length > 0 && `: ${preview.slice(0, 5).map((a) => labelText(a.labels, ["alertname"]) || a.labels.alertname).join("; ")}`}
            </p>
          )}
          {create.error && <p className="field-error" role="alert">{create.error.message}</p>}
        </section>
      )}

      <section className="panel" data-testid="silences">
        <h2>Silences</h2>
        {!d.silences.ok ? (
          <div className="panel-error" role="alert">{d.silences.error.message}</div>
        ) : d.silences.data.length === 0 ? (
          <p className="muted">No silences.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>State</th>
                <th>Matchers</th>
                <th>Comment</th>
                <th>By</th>
                <th>Ends</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.silences.data.map((s) => (
                <tr key={s.id} data-silence={s.id} data-state={s.status.state}>
                  <td className={s.status.state === "active" ? "status-ok" : "muted"}>{s.status.state}</td>
                  <td>
                    <code style={{ fontSize: 12 }}>{formatMatchers(s.matchers)}</code>
                  </td>
                  <td>{s.comment}</td>
                  <td className="muted">{s.createdBy}</td>
                  <td className="muted">{new Date(s.endsAt).toISOString().slice(0, 16).replace("T", " ")} UTC</td>
                  <td>
                    {canEdit && s.status.state !== "expired" && (
                      <button type="button" onClick={() => expire.mutate(s.id)} disabled={expire.isPending}>
                        Expire
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {expire.error && <p className="field-error" role="alert">{expire.error.message}</p>}
      </section>
    </div>
  );
}
