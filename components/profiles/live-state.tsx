import type { HpaState, VpaState } from "@/lib/scaling/live-state";
import { formatQuantity } from "@/lib/scaling/quantity";

/** A profile's state now: replicas and metrics against targets (HPA), recommendations against requests (VPA). */

const fmt = (v: number | null, unit: string) => {
  if (v === null || !Number.isFinite(v)) return "—";
  if (unit === "%") return `${v.toFixed(0)} %`;
  if (unit === "bytes per pod") return formatQuantity(v, "memory");
  if (unit === "cores per pod") return formatQuantity(v, "cpu");
  return v.toFixed(v < 10 ? 2 : 0);
};

export function HpaStateView({ s, compact = false }: { s: HpaState; compact?: boolean }) {
  const replicas = (
    <span data-testid="hpa-replicas">
      {s.currentReplicas ?? "?"} → {s.desiredReplicas ?? "?"} <span className="muted">of {s.minReplicas}–{s.maxReplicas}</span>
    </span>
  );
  if (compact) {
    return (
      <span>
        {replicas}
        {s.metrics.map((m) => (
          <span key={m.label} className={m.current !== null && m.current > m.target ? "status-warn" : "muted"} style={{ marginLeft: 10 }}>
            {m.label}: {fmt(m.current, m.unit)} / {fmt(m.target, m.unit)}
          </span>
        ))}
        {s.error && <span className="status-warn"> {s.error}</span>}
      </span>
    );
  }
  return (
    <div data-testid="profile-state">
      <p>
        Replicas (current → desired): {replicas} {s.lastScaleTime && <span className="muted">· last scaled {s.lastScaleTime}</span>}
        <span className="muted"> · from {s.source === "status" ? "the HPA's status" : "kube-state-metrics"}</span>
      </p>
      <table>
        <thead>
          <tr>
            <th>Metric</th>
            <th className="num">Now (per pod)</th>
            <th className="num">Target</th>
            <th>Read from</th>
          </tr>
        </thead>
        <tbody>
          {s.metrics.map((m) => (
            <tr key={m.label}>
              <td>{m.label}</td>
              <td className={`num ${m.current !== null && m.current > m.target ? "status-warn" : ""}`}>{fmt(m.current, m.unit)}</td>
              <td className="num">{fmt(m.target, m.unit)}</td>
              <td className="muted" data-testid="metric-from">{m.from === "status" ? "the HPA's status" : m.from === "prometheus" ? "Prometheus" : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.conditions.length > 0 && (
        <ul className="muted">
          {s.conditions.map((c) => (
            <li key={c.type}>
              {c.type} {c.status}: {c.reason} {c.message}
            </li>
          ))}
        </ul>
      )}
      {s.error && <p className="panel-warning">{s.error}</p>}
    </div>
  );
}

export function VpaStateView({ s, compact = false }: { s: VpaState; compact?: boolean }) {
  const q = (v: number | null, r: "cpu" | "memory") => (v === null ? "—" : formatQuantity(v, r));
  if (compact) {
    return (
      <span>
        {s.updateMode}
        {s.containers.flatMap((c) =>
          c.resources.map((r) => (
            <span key={`${c.name}${r.resource}`} className="muted" style={{ marginLeft: 10 }}>
              {r.resource}: {q(r.request, r.resource)} → {q(r.target, r.resource)}
            </span>
          )),
        )}
        {s.error && <span className="status-warn"> {s.error}</span>}
      </span>
    );
  }
  return (
    <div data-testid="profile-state">
      <p>
        Update mode {s.updateMode} <span className="muted">· recommendations from {s.source === "status" ? "the VPA's status" : "kube-state-metrics"}</span>
      </p>
      <table>
        <thead>
          <tr>
            <th>Container</th>
            <th>Resource</th>
            <th className="num">Requests now</th>
            <th className="num">Lower bound</th>
            <th className="num">Target</th>
            <th className="num">Upper bound</th>
          </tr>
        </thead>
        <tbody>
          {s.containers.flatMap((c) =>
            c.resources.map((r) => (
              <tr key={`${c.name}/${r.resource}`}>
                <td>{c.name}</td>
                <td>{r.resource}</td>
                <td className="num">{q(r.request, r.resource)}</td>
                <td className="num">{q(r.lowerBound, r.resource)}</td>
                <td className="num">{q(r.target, r.resource)}</td>
                <td className="num">{q(r.upperBound, r.resource)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {s.error && <p className="panel-warning">{s.error}</p>}
    </div>
  );
}
