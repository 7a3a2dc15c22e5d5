"use client";

import { useMutation } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useCallback, useState, useSyncExternalStore } from "react";
import { runExploreQuery } from "@/app/actions/explore";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { Panel } from "@/components/ui/panel";
import { RANGE_PRESETS, type RangePreset } from "@/lib/promql/time-range";

// Split out: the editor (CodeMirror + PromQL grammar) is loaded only on this page.
const PromQLEditor = dynamic(() => import("./promql-editor"), { ssr: false, loading: () => <div className="loading">Loading editor…</div> });

const HISTORY_KEY = "perfops.explore.history";

const EMPTY: string[] = [];
let cached: { raw: string | null; list: string[] } = { raw: null, list: EMPTY };

/** The query history in this browser's localStorage, as an external store for React. */
function loadHistory(): string[] {
  const raw = window.localStorage.getItem(HISTORY_KEY);
  if (raw === cached.raw) return cached.list;
  let list = EMPTY;
  try {
    const parsed: unknown = JSON.parse(raw ?? "[]");
    if (Array.isArray(parsed)) list = parsed.filter((x): x is string => typeof x === "string").slice(0, 50);
  } catch {
    // a corrupt entry is treated as no history
  }
  cached = { raw, list };
  return list;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(HISTORY_KEY, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(HISTORY_KEY, onChange);
  };
}

export function Explore() {
  const [query, setQuery] = useState("");
  const [mode, setMode] = useState<"range" | "instant">("range");
  const [view, setView] = useState<"graph" | "table">("graph");
  const [preset, setPreset] = useState<RangePreset>("1h");
  const history = useSyncExternalStore(subscribe, loadHistory, () => EMPTY);

  const run = useMutation({
    mutationFn: async (q: string) => {
      const res = await runExploreQuery({ query: q, mode: view === "table" ? "instant" : mode, range: { kind: "relative", preset }, widthPx: 1200 });
      if (!res.ok) throw new Error(res.error.message);
      return res.data;
    },
    onSuccess: (_d, q) => {
      const next = [q, ...loadHistory().filter((h) => h !== q)].slice(0, 50);
      window.localStorage.setItem(HISTORY_KEY, JSON.stringify(next));
      window.dispatchEvent(new Event(HISTORY_KEY));
    },
  });
  const execute = useCallback(() => {
    if (query.trim()) run.mutate(query.trim());
  }, [query, run]);
  const data = run.data;

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <h1>Explore</h1>
      <PromQLEditor value={query} onChange={setQuery} onRun={execute} />
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="View">
          {(["graph", "table"] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
              {v === "graph" ? "Graph" : "Table"}
            </button>
          ))}
        </div>
        {view === "graph" && (
          <div className="segmented" role="group" aria-label="Time range">
            {RANGE_PRESETS.map((r) => (
              <button key={r} type="button" aria-pressed={r === preset} onClick={() => setPreset(r)}>
                {r}
              </button>
            ))}
          </div>
        )}
        <button type="button" className="primary" onClick={execute} disabled={run.isPending || !query.trim()}>
          {run.isPending ? "Running…" : "Run"}
        </button>
        <span className="muted">Shift+Enter runs</span>
        {mode === "instant" && view === "graph" && (
          <button type="button" onClick={() => setMode("range")}>
            Range query
          </button>
        )}
      </div>
      <Panel title="Result" testId="explore-result" error={run.error ? { kind: "internal", message: run.error.message } : null} warnings={data?.warnings}>
        {!data && <p className="muted">Run a query to see its result.</p>}
        {data?.mode === "range" && <TimeSeriesChart series={data.series} unit="number" height={320} />}
        {data?.mode === "instant" && (
          <table data-testid="explore-table">
            <thead>
              <tr>
                <th>Series</th>
                <th className="num">Value</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.name}>
                  <td>
                    <code>{r.name}</code>
                  </td>
                  <td className="num">{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data && data.truncated > 0 && <p className="panel-warning">{data.truncated} more series not shown.</p>}
      </Panel>
      <section className="panel">
        <h2>History</h2>
        {history.length === 0 ? (
          <p className="muted">Queries you run are kept here, in this browser.</p>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="explore-history">
            {history.map((h) => (
              <li key={h}>
                <button type="button" onClick={() => setQuery(h)} style={{ background: "none", border: 0, color: "var(--accent)", padding: 0, textAlign: "left" }}>
                  <code>{h}</code>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
