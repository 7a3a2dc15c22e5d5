"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { importSloAction, sloBoardAction } from "@/app/actions/slo";
import { unwrap } from "@/components/ui/action";
import type { SloStatus } from "@/lib/slo/load";
import { burn, duration, pct } from "./format";

/** The SLO board: objective, attained, remaining budget, burn rate, time to exhaustion, alert state. */
export function SloBoard({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const board = useQuery({ queryKey: ["slo-board"], queryFn: () => unwrap(sloBoardAction({})), refetchInterval: 30_000 });
  const [spec, setSpec] = useState("");
  const importer = useMutation({
    mutationFn: () => unwrap(importSloAction({ text: spec })),
    onSuccess: () => {
      setSpec("");
      void qc.invalidateQueries({ queryKey: ["slo-board"] });
    },
  });
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <h1 style={{ margin: 0, flex: 1 }}>Service level objectives</h1>
        {canEdit && <Link href="/slos/new">New SLO</Link>}
      </div>
      <section className="panel" data-testid="slo-board">
        {board.error ? (
          <div className="panel-error" role="alert">{board.error.message}</div>
        ) : !board.data ? (
          <div className="loading">Loading…</div>
        ) : board.data.slos.length === 0 ? (
          <p className="muted">No SLOs yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>SLO</th>
                <th className="num">Objective</th>
                <th className="num">Attained</th>
                <th className="num">Budget left</th>
                <th className="num">Burn rate (1h)</th>
                <th className="num">Exhausted in</th>
                <th>Alert</th>
              </tr>
            </thead>
            <tbody>
              {board.data.slos.map((s) => (
                <Row key={s.id} s={s} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canEdit && (
        <section className="panel">
          <h2>Import a Sloth or OpenSLO spec</h2>
          <textarea className="code-area" style={{ minHeight: 160 }} aria-label="SLO spec" value={spec} onChange={(e) => setSpec(e.target.value)} placeholder="version: prometheus/v1 … or apiVersion: openslo/v1 …" />
          <div className="toolbar" style={{ margin: 0 }}>
            <button type="button" className="primary" disabled={!spec.trim() || importer.isPending} onClick={() => importer.mutate()}>
              Import
            </button>
            {importer.data && <span className="status-ok" role="status">Imported {importer.data.saved.map((s) => `${s.name} v${s.version}`).join(", ")}</span>}
          </div>
          {importer.error && <p className="field-error" role="alert">{importer.error.message}</p>}
        </section>
      )}
    </div>
  );
}

function Row({ s }: { s: SloStatus }) {
  const remaining = s.remaining;
  return (
    <tr data-slo={s.name}>
      <td>
        <Link href={`/slos/${s.id}`}>{s.name}</Link>
        <div className="muted" style={{ fontSize: 12 }}>
          {s.window}
          {s.source === "raw" ? " · raw data" : " · recording rules"}
        </div>
        {s.error && <div className="field-error">{s.error}</div>}
      </td>
      <td className="num">{s.objective}%</td>
      <td className="num">
        {pct(s.attained)}
        {s.noTraffic && <div className="muted" style={{ fontSize: 12 }}>no traffic: no errors</div>}
      </td>
      <td className={`num ${remaining !== null && remaining < 0 ? "status-bad" : remaining !== null && remaining < 0.25 ? "status-warn" : ""}`}>{remaining === null ? (s.attained === null ? "—" : "spent") : pct(remaining, 1)}</td>
      <td className={`num ${s.burnRate !== null && s.burnRate > 1 ? "status-warn" : ""}`}>{burn(s.burnRate)}</td>
      <td className="num">{duration(s.exhaustsInSeconds)}</td>
      <td className={s.alert.severity === "page" ? "status-bad" : s.alert.severity === "ticket" ? "status-warn" : "status-ok"}>
        {s.alert.severity === "none" ? "ok" : `${s.alert.severity}: ${s.alert.firing.join(", ")}`}
      </td>
    </tr>
  );
}
