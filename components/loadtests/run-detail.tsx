"use client";

import type { RunDetail as Detail } from "@/lib/loadtest/store";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { count, ms, pct, rps, stat, VerdictBadge, when } from "./format";

/**
 * One run: its verdicts (its thresholds as k6 judged them beside the console's own
 * judgement of the same expressions, and the SLO checks with their measured values),
 * the run's numbers, checks, every metric, and what the console had to interpret.
 * Everything from the file is rendered as text.
 */

const CHECKS_SHOWN = 50;

export function RunDetail({ run, canEdit, deleting, onDelete }: { run: Detail; canEdit: boolean; deleting: boolean; onDelete: () => void }) {
  const j = run.judgement;
  const s = run.summary;
  const failingChecks = s.checks.list.filter((c) => c.fails > 0);
  const checks = [...failingChecks, ...s.checks.list.filter((c) => c.fails === 0)].slice(0, CHECKS_SHOWN);
  return (
    <div data-testid="loadtest-run">
      <p className="muted">
        {run.service} · run {when(run.runAt)} · {run.fileName} ({run.format === "summary-export" ? "--summary-export" : "handleSummary data"}) · imported by {run.importedByEmail} {when(run.importedAt)}
      </p>
      <table>
        <tbody>
          <tr>
            <th>Thresholds, as k6 judged them</th>
            <td data-testid="verdict-k6">
              <VerdictBadge v={j.k6} />
            </td>
          </tr>
          <tr>
            <th>Thresholds, as the console judges them</th>
            <td data-testid="verdict-console">
              <VerdictBadge v={j.console} />
              {j.thresholds.length > 0 && <span className="muted"> · {j.disagreements === 0 ? "agrees with k6 on every threshold it can judge" : `disagrees with k6 on ${j.disagreements}`}</span>}
            </td>
          </tr>
          <tr>
            <th>SLOs of the load tests</th>
            <td data-testid="verdict-slo">
              <VerdictBadge v={j.slo.verdict} />
            </td>
          </tr>
        </tbody>
      </table>

      <h3>SLO checks</h3>
      <table data-testid="slo-checks">
        <thead>
          <tr>
            <th>Check</th>
            <th>Target</th>
            <th className="num">Measured</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>
          {j.slo.checks.map((c) => (
            <tr key={c.id}>
              <td>{c.label}</td>
              <td>{c.target}</td>
              <td className="num">{c.id === "p95" ? ms(c.measured) : pct(c.measured)}</td>
              <td>
                <VerdictBadge v={c.status} />
                {c.reason && <span className="muted"> · {c.reason}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Thresholds</h3>
      {j.thresholds.length === 0 ? (
        <p className="muted">The script set no thresholds.</p>
      ) : (
        <table data-testid="thresholds">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Threshold</th>
              <th>k6</th>
              <th>Console</th>
              <th className="num">Measured</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {j.thresholds.map((t) => {
              const metric = s.metrics.find((m) => m.name === t.metric);
              return (
                <tr key={`${t.metric} ${t.expression}`}>
                  <td className="tv-mono">{t.metric}</td>
                  <td className="tv-mono">{t.expression}</td>
                  <td>
                    <VerdictBadge v={t.k6} />
                  </td>
                  <td>
                    <VerdictBadge v={t.console.status} title={t.console.reason} />
                  </td>
                  <td className="num">{t.console.measured !== null && metric ? `${t.console.stat} = ${stat(metric, t.console.stat, t.console.measured)}` : "—"}</td>
                  <td className={t.agrees === false ? "status-bad" : "muted"}>{t.agrees === false ? "differs from k6" : t.console.reason ?? ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h3>Run</h3>
      <table>
        <tbody>
          <tr>
            <th>Duration</th>
            <td>
              {s.durationMs === null ? "—" : `${(s.durationMs / 1000).toFixed(1)} s`}
              {s.durationSource === "derived" && <span className="muted"> (derived: the file does not record it)</span>}
            </td>
            <th>VUs (max)</th>
            <td>{count(s.vusMax)}</td>
          </tr>
          <tr>
            <th>Requests</th>
            <td>
              {count(s.requests)} · {rps(run.headline.rps)}
            </td>
            <th>Iterations</th>
            <td>{count(s.iterations)}</td>
          </tr>
          <tr>
            <th>Checks</th>
            <td colSpan={3}>
              {count(s.checks.passes)} passed, <span className={s.checks.fails ? "status-bad" : ""}>{count(s.checks.fails)} failed</span>
            </td>
          </tr>
        </tbody>
      </table>
      {checks.length > 0 && (
        <table data-testid="checks">
          <thead>
            <tr>
              <th>Check</th>
              <th className="num">Passes</th>
              <th className="num">Fails</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((c, i) => (
              <tr key={`${c.path}#${i}`}>
                <td>{c.path.replace(/^::/, "").split("::").join(" › ")}</td>
                <td className="num">{count(c.passes)}</td>
                <td className={`num ${c.fails ? "status-bad" : ""}`}>{count(c.fails)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(s.checks.list.length > checks.length || s.checks.truncated) && <p className="muted">The first {checks.length} checks are shown (failing ones first).</p>}

      <details>
        <summary>All {s.metrics.length} metrics</summary>
        <table data-testid="metrics">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Type</th>
              <th>Statistics</th>
            </tr>
          </thead>
          <tbody>
            {s.metrics.map((m) => (
              <tr key={m.name}>
                <td className="tv-mono">{m.name}</td>
                <td title={m.inferred ? "read off the metric's fields: --summary-export records no type" : undefined}>
                  {m.type}
                  {m.contains !== "default" ? ` (${m.contains})` : ""}
                  {m.inferred ? "*" : ""}
                </td>
                <td>
                  {Object.entries(m.values)
                    .map(([k, v]) => `${k} ${stat(m, k, v)}`)
                    .join(" · ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {s.notes.length > 0 && (
        <div className="panel-warning">
          {s.notes.map((n) => (
            <div key={n}>{n}</div>
          ))}
        </div>
      )}
      {canEdit && (
        <div className="toolbar">
          <ConfirmButton question={`Delete the run "${run.name}"?`} onConfirm={onDelete} disabled={deleting}>
            {deleting ? "Deleting…" : "Delete this run"}
          </ConfirmButton>
        </div>
      )}
    </div>
  );
}
