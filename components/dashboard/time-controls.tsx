"use client";

import { useState } from "react";
import { RANGE_PRESETS, type RangePreset } from "@/lib/promql/time-range";
import { REFRESH_OPTIONS, resolveRange, type Refresh, type ViewState } from "@/lib/view/state";

function toInput(seconds: number, utc: boolean): string {
  const d = new Date(seconds * 1000);
  if (utc) return d.toISOString().slice(0, 16);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromInput(value: string, utc: boolean): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(utc ? `${value}:00Z` : value);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

interface Props {
  state: ViewState;
  /** the range the server resolved for the last load (unix seconds) */
  shown?: { start: number; end: number };
  stepSeconds?: number;
  onChange: (next: ViewState) => void;
  onRefresh: () => void;
  refreshing: boolean;
}

/** Presets, an absolute range, zoom out, auto-refresh (never faster than the step), compare, UTC. */
export function TimeControls({ state, shown, stepSeconds, onChange, onRefresh, refreshing }: Props) {
  const utc = state.tz === "utc";
  const [openedAt] = useState(() => Math.floor(Date.now() / 1000));
  const current = shown ? { from: shown.start, to: shown.end } : resolveRange(state.range, openedAt);
  const [from, setFrom] = useState(toInput(current.from, utc));
  const [to, setTo] = useState(toInput(current.to, utc));
  const [error, setError] = useState<string | null>(null);
  const preset = state.range.kind === "relative" ? state.range.preset : null;

  const applyAbsolute = () => {
    const f = fromInput(from, utc);
    const t = fromInput(to, utc);
    if (f === undefined || t === undefined) return setError("Enter both the start and the end.");
    if (t <= f) return setError("The end must be after the start.");
    setError(null);
    onChange({ ...state, range: { kind: "absolute", from: f, to: t } });
  };

  const zoomOut = () => {
    const span = current.to - current.from;
    const mid = (current.from + current.to) / 2;
    const to2 = Math.min(Math.floor(Date.now() / 1000), Math.round(mid + span));
    onChange({ ...state, range: { kind: "absolute", from: Math.round(to2 - 2 * span), to: to2 } });
  };

  return (
    <div className="toolbar" aria-label="Time controls">
      <div className="segmented" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((r: RangePreset) => (
          <button key={r} type="button" aria-pressed={r === preset} onClick={() => onChange({ ...state, range: { kind: "relative", preset: r } })}>
            {r}
          </button>
        ))}
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          applyAbsolute();
        }}
      >
        <label>
          From
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
        </label>
        <label>
          To
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
        </label>
        <button type="submit">Apply</button>
      </form>
      <button type="button" onClick={zoomOut} title="Double the range">
        Zoom out
      </button>
      <label className="muted">
        Auto-refresh{" "}
        <select value={state.refresh} onChange={(e) => onChange({ ...state, refresh: e.target.value as Refresh })} aria-label="Auto-refresh">
          {REFRESH_OPTIONS.map((r) => {
            const tooFast = r !== "off" && stepSeconds !== undefined && Number.parseInt(r) * (r.endsWith("m") ? 60 : 1) < stepSeconds;
            return (
              <option key={r} value={r} disabled={tooFast}>
                {r}
                {tooFast ? " (faster than the data step)" : ""}
              </option>
            );
          })}
        </select>
      </label>
      <label className="muted">
        <input type="checkbox" checked={state.compare} onChange={(e) => onChange({ ...state, compare: e.target.checked })} /> Compare with previous period
      </label>
      <label className="muted">
        <input type="checkbox" checked={utc} onChange={(e) => onChange({ ...state, tz: e.target.checked ? "utc" : "local" })} /> UTC
      </label>
      <button type="button" onClick={onRefresh} disabled={refreshing}>
        {refreshing ? "Refreshing…" : "Refresh"}
      </button>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
