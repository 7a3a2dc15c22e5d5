"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { exportSloAction, pushSloRulesAction, sloDetailAction } from "@/app/actions/slo";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { PushWarnings } from "@/components/push/push-warnings";
import { unwrap } from "@/components/ui/action";
import type { ChartSeries } from "@/lib/charts/types";
import type { NeedsAcknowledgement } from "@/lib/push/acknowledge";
import type { RuleProblem } from "@/lib/rules/validate";
import { burn, duration, pct } from "./format";
import { SloVersions } from "./slo-versions";

function download(fileName: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** One SLO: status, budget burn-down, burn rate per tier, calendar months, generated rules. */
export function SloDetailView({ id, canEdit }: { id: string; canEdit: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["slo", id], queryFn: () => unwrap(sloDetailAction({ id })), refetchInterval: 60_000 });
  const [warnings, setWarnings] = useState<NeedsAcknowledgement<RuleProblem> | null>(null);
  // the version on screen goes with the push: a newer one saved meanwhile is refused, not pushed
  const push = useMutation({
    mutationFn: (acknowledgement?: string) => unwrap(pushSloRulesAction({ id, version: q.data?.slo.head, acknowledgement })),
    onSuccess: (r) => {
      setWarnings("needsAcknowledgement" in r.outcome ? r.outcome : null);
      void qc.invalidateQueries({ queryKey: ["slo", id] });
    },
  });
  const exporter = useMutation({
    mutationFn: (format: "sloth" | "openslo" | "rules" | "csv") => unwrap(exportSloAction({ id, format })),
    onSuccess: (r) => download(r.fileName, r.text, r.fileName.endsWith(".csv") ? "text/csv" : "application/yaml"),
  });
  const d = q.data;
  const burnDown = useMemo<ChartSeries[]>(() => (d ? [{ name: "budget left", points: d.detail.burnDown }] : []), [d]);
  if (q.error) return <div className="panel-error" role="alert">{q.error.message}</div>;
  if (!d) return <div className="loading">Loading…</div>;
  const s = d.detail.status;
  const result = push.data && !("needsAcknowledgement" in push.data.outcome) ? push.data.outcome.result : undefined;
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <Link href="/slos">← SLOs</Link>
        <h1 style={{ margin: 0 }} data-testid="slo-name">{d.slo.name}</h1>
        <span className="muted">v{d.slo.head} · {d.slo.spec.objective}% · {s.window}</span>
        {canEdit && <Link href={`/slos/${id}/edit`}>Edit</Link>}
      </div>
      {d.slo.spec.description && <p className="muted" style={{ margin: 0 }}>{d.slo.spec.description}</p>}
      <section className="panel" data-testid="slo-status" style={{ minHeight: 0 }}>
        <div className="toolbar" style={{ margin: 0, gap: 28 }}>
          <span>attained <strong>{pct(s.attained)}</strong></span>
          <span>budget left <strong className={s.remaining !== null && s.remaining < 0 ? "status-bad" : undefined}>{s.remaining === null ? "—" : pct(s.remaining, 1)}</strong></span>
          <span>burn rate (1h) <strong>{burn(s.burnRate)}</strong></span>
          <span>exhausted in <strong>{duration(s.exhaustsInSeconds)}</strong></span>
          <span className={s.alert.severity === "none" ? "status-ok" : "status-bad"}>alert: {s.alert.severity === "none" ? "none" : s.alert.firing.join(", ")}</span>
        </div>
        {s.noTraffic && <p className="muted">No requests in the window: no requests means no errors, so nothing is spent.</p>}
        {s.note && <p className="panel-warning">{s.note}</p>}
        {s.error && <p className="field-error" role="alert">{s.error}</p>}
        {d.detail.errors.map((e) => (
          <p key={e} className="field-error">{e}</p>
        ))}
      </section>
      <div className="grid dashboard-grid">
        <section className="panel" data-testid="slo-burndown">
          <h2>Error budget left over the window</h2>
          <TimeSeriesChart series={burnDown} unit="ratio" height={220} />
        </section>
        {d.detail.burnRates.map((t) => (
          <section className="panel" key={t.tier} data-testid={`slo-burn-${t.tier}`}>
            <h2>
              Burn rate, {t.tier} ({t.long} and {t.short} over {t.factor}×){!t.enabled && <span className="muted"> · tier off</span>}
            </h2>
            <TimeSeriesChart
              series={[
                { name: t.long, points: t.points.long },
                { name: t.short, points: t.points.short },
                // a value at every step: the chart joins points of the same time only
                { name: `threshold ${t.factor}×`, points: t.points.long.map(([time]) => [time, t.factor] as [number, number]) },
              ]}
              unit="number"
              height={180}
            />
          </section>
        ))}
      </div>
      <section className="panel" data-testid="slo-compliance">
        <div className="panel-head">
          <h2>Calendar months</h2>
          <button type="button" onClick={() => exporter.mutate("csv")}>Download CSV</button>
        </div>
        <table>
          <thead>
            <tr>
              <th>Month</th>
              <th className="num">Attained</th>
              <th>Objective</th>
              <th className="num">Budget used</th>
              <th className="num">Error minutes</th>
            </tr>
          </thead>
          <tbody>
            {d.detail.compliance.map((r) => (
              <tr key={r.label} data-month={r.label}>
                <td>
                  {r.label}
                  {r.inProgress ? " (so far)" : r.sinceDataBegins ? " (since data begins)" : ""}
                </td>
                <td className="num">{r.attained === null ? "no data" : pct(r.attained)}</td>
                <td className={r.status === "met" ? "status-ok" : r.status === "missed" ? "status-bad" : "muted"}>{r.status}{r.noTraffic ? " (no traffic)" : ""}</td>
                <td className="num">{r.budgetConsumed === null ? "—" : pct(r.budgetConsumed, 1)}</td>
                <td className="num">{r.errorMinutes === null ? "—" : r.errorMinutes.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {/* keyed by the head: a newer version (after a save) starts the comparison from the two newest again */}
      <SloVersions key={d.slo.head} id={id} head={d.slo.head} versions={d.slo.versions} canEdit={canEdit} />
      <section className="panel">
        <div className="panel-head">
          <h2>Generated rules</h2>
          <div className="toolbar" style={{ margin: 0 }}>
            <button type="button" onClick={() => exporter.mutate("rules")}>Download rules</button>
            <button type="button" onClick={() => exporter.mutate("sloth")}>Sloth spec</button>
            <button type="button" onClick={() => exporter.mutate("openslo")}>OpenSLO spec</button>
            {canEdit && (
              <button type="button" className="primary" disabled={push.isPending} onClick={() => push.mutate(undefined)}>
                {push.isPending ? "Pushing…" : "Push rules to Prometheus"}
              </button>
            )}
          </div>
        </div>
        {exporter.error && <p className="field-error" role="alert">{exporter.error.message}</p>}
        {push.error && <p className="field-error" role="alert">{push.error.message}</p>}
        {warnings && (
          <PushWarnings
            ask={warnings}
            intro={`The generated rules have ${warnings.needsAcknowledgement.length} warning(s):`}
            describe={(w) => `line ${w.line}: ${w.message}`}
            pending={push.isPending}
            onAcknowledge={(acknowledgement) => push.mutate(acknowledgement)}
          />
        )}
        {result && (
          <p data-testid="slo-push-result" className={result.outcome === "ok" ? "status-ok" : "status-bad"}>
            {result.outcome === "ok" ? "Pushed and verified" : "Not pushed"}: {result.message}{" "}
            {push.data && <Link href={`/rules/${push.data.fileId}`}>rule file v{push.data.version}</Link>}
          </p>
        )}
        <details>
          <summary className="muted">Rules ({d.rules.split("\n").length} lines) and Alertmanager inhibit rules</summary>
          <pre className="code-area" style={{ minHeight: 0, whiteSpace: "pre" }}>{d.rules}</pre>
          <pre className="code-area" style={{ minHeight: 0, whiteSpace: "pre" }}>{d.inhibitRules}</pre>
        </details>
      </section>
    </div>
  );
}
