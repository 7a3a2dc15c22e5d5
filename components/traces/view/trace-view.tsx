"use client";

import Link from "next/link";
import { useMemo, useRef, useState, useSyncExternalStore } from "react";
import { primaryRoot, spanIndex, type Trace } from "@/lib/traces/model";
import { summarize } from "@/lib/traces/summary";
import { dashboardHref, formatLocalTime, formatUs, serviceColor, startMsOf } from "./format";
import { SpanDetail } from "./span-detail";
import { SpanTable } from "./span-table";
import { Waterfall, type WaterfallHandle } from "./waterfall";

type Tab = "waterfall" | "spans";

const TABS: [Tab, string][] = [
  ["waterfall", "Waterfall"],
  ["spans", "Spans"],
];

const noSubscribe = () => () => {};

/** The browser's zone is known only in the browser: the server's HTML says UTC. */
function useIsClient(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}

/** One trace: its header (root, times, services, errors, links) and the Waterfall / Spans tabs. */
export function TraceView({ trace, fileName }: { trace: Trace; /** set when the trace was opened from a file, not read from Jaeger */ fileName?: string }) {
  const index = useMemo(() => spanIndex(trace), [trace]);
  const summary = useMemo(() => summarize(trace), [trace]);
  const root = useMemo(() => primaryRoot(trace), [trace]);
  const [tab, setTab] = useState<Tab>("waterfall");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const waterfall = useRef<WaterfallHandle>(null);
  const isClient = useIsClient();

  const startMs = startMsOf(trace.startNs);
  const rootService = root?.service ?? "";
  const selected = selectedId === null ? undefined : index.get(selectedId);
  const selectAndReveal = (id: string) => {
    setSelectedId(id);
    waterfall.current?.reveal(id);
  };

  return (
    <div className="tv-root">
      <header className="tv-head">
        <h1>
          {root ? (
            <>
              <span className="wf-swatch" style={{ background: serviceColor(root.service) }} aria-hidden="true" />
              {root.service}: {root.operation}
            </>
          ) : (
            "Trace without spans"
          )}
        </h1>
        <dl className="tv-facts">
          <div>
            <dt>Trace id</dt>
            <dd className="tv-mono" data-testid="trace-id">
              {trace.traceId}
            </dd>
          </div>
          <div>
            <dt>Start</dt>
            <dd>
              <time dateTime={new Date(startMs).toISOString()}>{isClient ? formatLocalTime(startMs) : new Date(startMs).toISOString().replace("T", " ").replace("Z", " UTC")}</time>
            </dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd data-testid="trace-duration">{formatUs(trace.durationUs)}</dd>
          </div>
          <div>
            <dt>Spans</dt>
            <dd data-testid="trace-span-count">{summary.spanCount.toLocaleString("en-US")}</dd>
          </div>
          <div>
            <dt>Errors</dt>
            <dd data-testid="trace-error-count" className={summary.errorCount > 0 ? "status-bad" : undefined}>
              {summary.errorCount.toLocaleString("en-US")}
            </dd>
          </div>
        </dl>
        <ul className="tv-chips" aria-label="Services">
          {summary.services.map((s) => (
            <li key={s.name} className="tv-chip" style={{ borderColor: serviceColor(s.name) }} title={`${s.spanCount} span(s), ${s.errorCount} error(s)`}>
              <span className="wf-swatch" style={{ background: serviceColor(s.name) }} aria-hidden="true" />
              {s.name} <span className="muted">{s.spanCount.toLocaleString("en-US")}</span>
            </li>
          ))}
        </ul>
        <div className="toolbar tv-links">
          {fileName ? (
            <span className="muted">from the file {fileName}</span>
          ) : (
            <a className="button-like" href={`/api/traces/${encodeURIComponent(trace.traceId)}/otlp`} download>
              Download OTLP JSON
            </a>
          )}
          <Link className="button-like" href={`/traces?service=${encodeURIComponent(rootService)}`} prefetch={false}>
            Search traces
          </Link>
          {rootService && (
            <Link className="button-like" href={dashboardHref(rootService, startMs, trace.durationUs)} prefetch={false}>
              Service dashboard
            </Link>
          )}
        </div>
        {trace.warnings.length > 0 && (
          <div className="panel-warning" role="note">
            {trace.warnings.map((w) => (
              <div key={w}>⚠ {w}</div>
            ))}
          </div>
        )}
      </header>

      <div
        className="tabs"
        role="tablist"
        aria-label="Trace views"
        onKeyDown={(e) => {
          if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
          const next: Tab = tab === "waterfall" ? "spans" : "waterfall";
          setTab(next);
          document.getElementById(`tab-${next}`)?.focus();
        }}
      >
        {TABS.map(([key, label]) => (
          <button key={key} type="button" role="tab" id={`tab-${key}`} aria-controls={`panel-${key}`} aria-selected={tab === key} tabIndex={tab === key ? 0 : -1} onClick={() => setTab(key)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="panel-waterfall" aria-labelledby="tab-waterfall" hidden={tab !== "waterfall"} className={selected ? "tv-split" : undefined}>
        <Waterfall ref={waterfall} trace={trace} selectedId={selectedId} onSelect={setSelectedId} />
        {selected && <SpanDetail key={selected.id} span={selected} index={index} onClose={() => setSelectedId(null)} onSelect={selectAndReveal} />}
      </div>
      <div role="tabpanel" id="panel-spans" aria-labelledby="tab-spans" hidden={tab !== "spans"}>
        {tab === "spans" && <SpanTable trace={trace} />}
      </div>
    </div>
  );
}
