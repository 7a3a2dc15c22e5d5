"use client";

import { useState } from "react";
import { TraceView } from "@/components/traces/view/trace-view";
import { MAX_TRACE_FILE_BYTES, parseTraceFile } from "@/lib/traces/file";
import type { Trace } from "@/lib/traces/model";

/**
 * "Open a trace file": an OTLP-JSON file (as the console downloads it, or an
 * OpenTelemetry exporter writes it) read in the browser and shown in the same trace
 * view; it never leaves this page. A file that is not a trace says precisely why.
 */
export function OpenTraceFile() {
  const [opened, setOpened] = useState<{ trace: Trace; name: string; others: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > MAX_TRACE_FILE_BYTES) return setError(`${file.name}: larger than ${MAX_TRACE_FILE_BYTES / 1024 / 1024} MiB, the most the console opens`);
    const res = parseTraceFile(await file.text(), file.name);
    if (!res.ok) return setError(res.error);
    setOpened({ trace: res.trace, name: file.name, others: res.others });
  };
  return (
    <section className="trace-file" aria-label="Trace file">
      <div className="toolbar">
        <label className="button-like">
          Open a trace file…
          <input type="file" accept=".json,application/json" hidden aria-label="Open a trace file" onChange={(e) => void open(e.target.files?.[0])} />
        </label>
        {opened && (
          <button type="button" onClick={() => setOpened(null)}>
            Close {opened.name}
          </button>
        )}
        {error && (
          <span role="alert" className="field-error">
            {error}
          </span>
        )}
      </div>
      {opened && (
        <div className="panel" data-testid="trace-file">
          {opened.others > 0 && <p className="panel-warning">The file holds {opened.others + 1} traces; this is the largest.</p>}
          <TraceView trace={opened.trace} fileName={opened.name} />
        </div>
      )}
    </section>
  );
}
