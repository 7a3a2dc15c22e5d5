"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { importLoadTestAction } from "@/app/actions/loadtests";
import { unwrap } from "@/components/ui/action";
import { LOADTEST_SERVICES, type LoadTestService } from "@/lib/loadtest/services";
import { LOADTEST_LIMITS } from "@/lib/loadtest/summary";
import type { RunDetail } from "@/lib/loadtest/store";

/**
 * Importing a k6 summary: the file (`k6 run --summary-export=…`, or what handleSummary
 * wrote with JSON.stringify(data)), the service it tested, a name and when it ran (k6
 * records no start time). The server reads and judges it; a refused file comes back
 * with what is wrong and where, and nothing is stored.
 */

/** "2026-03-01T10:00" in the browser's time zone, for a datetime-local field. */
function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export function ImportForm({ service, onImported }: { service: LoadTestService; onImported: (run: RunDetail) => void }) {
  const [target, setTarget] = useState<LoadTestService>(service);
  const [name, setName] = useState("");
  const [runAt, setRunAt] = useState(localNow);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error("choose the k6 summary file");
      const at = new Date(runAt);
      if (!Number.isFinite(at.getTime())) throw new Error("give the date and time the run started");
      return unwrap(importLoadTestAction({ service: target, name, runAt: at.toISOString(), fileName: file.name, content: await file.text() }));
    },
    onSuccess: (run) => {
      setName("");
      onImported(run);
    },
  });
  const pick = (f: File | null) => {
    setFile(null);
    setFileError(null);
    if (!f) return;
    if (f.size > LOADTEST_LIMITS.fileBytes) {
      setFileError(`${f.name} has ${(f.size / 1e6).toFixed(1)} MB; a k6 summary is far smaller and the console takes at most ${LOADTEST_LIMITS.fileBytes / 1e6} MB`);
      return;
    }
    setFile(f);
    if (!name) setName(f.name.replace(/\.json$/i, ""));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="loadtest-import">
      <label>
        Service
        <select value={target} onChange={(e) => setTarget(e.target.value as LoadTestService)}>
          {LOADTEST_SERVICES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Run name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="baseline_load" maxLength={120} required />
      </label>
      <label>
        Run started
        <input type="datetime-local" value={runAt} onChange={(e) => setRunAt(e.target.value)} required />
      </label>
      <label>
        k6 summary (JSON)
        <input type="file" accept=".json,application/json" onChange={(e) => pick(e.target.files?.[0] ?? null)} required />
      </label>
      <button type="submit" className="primary" disabled={upload.isPending || !file}>
        {upload.isPending ? "Importing…" : "Import"}
      </button>
      {fileError && (
        <p className="field-error" role="alert" style={{ flexBasis: "100%" }}>
          {fileError}
        </p>
      )}
      {upload.error && (
        <p className="field-error" role="alert" style={{ flexBasis: "100%" }} data-testid="loadtest-import-error">
          {upload.error.message}
        </p>
      )}
    </form>
  );
}
