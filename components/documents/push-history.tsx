import { ago } from "@/components/ui/action";
import type { PushRow } from "@/lib/documents/store";

export type PushHistoryRow = PushRow;

/** Every push of a document: when, which version, where to, what happened (with its steps), by whom, how long. */
export function PushHistory({ pushes, targetName = (t) => t }: { pushes: PushHistoryRow[]; targetName?: (target: string) => string }) {
  if (!pushes.length) return <section className="panel"><p className="muted">Never pushed.</p></section>;
  return (
    <section className="panel" data-testid="push-history">
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Version</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>By</th>
            <th className="num">Took</th>
          </tr>
        </thead>
        <tbody>
          {pushes.map((p) => (
            <tr key={p.id}>
              <td className="muted" title={p.at}>{ago(p.at)}</td>
              <td>v{p.version}</td>
              <td>{targetName(p.target)}</td>
              <td className={p.outcome === "ok" ? "status-ok" : "status-bad"}>
                {p.outcome.replace("_", " ")}
                <div className="muted" style={{ fontSize: 12 }}>{p.message}</div>
                {p.steps.length > 0 && (
                  <details>
                    <summary className="muted" style={{ fontSize: 12 }}>{p.steps.length} steps</summary>
                    <ol style={{ fontSize: 12, margin: 0 }}>
                      {p.steps.map((s, i) => (
                        <li key={i} className={s.ok ? "" : "status-bad"}>
                          {s.step}: {s.detail} <span className="muted">({s.ms} ms)</span>
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </td>
              <td>{p.actorEmail}</td>
              <td className="num">{(p.durationMs / 1000).toFixed(2)} s</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
