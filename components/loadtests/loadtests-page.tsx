"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { deleteLoadTestAction, getLoadTestAction, listLoadTestsAction } from "@/app/actions/loadtests";
import { Panel } from "@/components/ui/panel";
import { unwrap } from "@/components/ui/action";
import { SLO_FAILURE_RATE, SLO_P95_MS } from "@/lib/loadtest/judge";
import { LOADTEST_SERVICES, type LoadTestService } from "@/lib/loadtest/services";
import { ImportForm } from "./import-form";
import { RunDetail } from "./run-detail";
import { TrendChart } from "./trend-chart";
import { ms, pct, VerdictBadge, when } from "./format";

/**
 * Load tests: k6 results per service of the reference system. A service's runs with
 * their verdicts (their own thresholds as k6 judged them and as the console judges
 * them, and the SLOs: p95 < 200 ms, failure rate < 1 %), the trend across runs, one
 * run in detail, and (editors) the import of a k6 summary. The service and the run
 * are kept in the URL.
 */

export function LoadTestsPage({ initialService, initialRun, canEdit }: { initialService: LoadTestService; initialRun: string | null; canEdit: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const client = useQueryClient();
  const [service, setService] = useState<LoadTestService>(initialService);
  const [picked, setPicked] = useState<string | null>(initialRun);
  const list = useQuery({ queryKey: ["loadtests", service], queryFn: () => unwrap(listLoadTestsAction({ service })) });
  const runs = list.data?.runs ?? [];
  const selected = picked && (runs.some((r) => r.id === picked) || !list.data) ? picked : (runs[0]?.id ?? null);
  const run = useQuery({ queryKey: ["loadtest", selected], queryFn: () => unwrap(getLoadTestAction({ id: selected! })), enabled: selected !== null });

  const go = (s: LoadTestService, id: string | null) => {
    setService(s);
    setPicked(id);
    const q = new URLSearchParams({ service: s, ...(id ? { run: id } : {}) });
    router.replace(`${pathname}?${q}`, { scroll: false });
  };
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(deleteLoadTestAction({ id })),
    onSuccess: async () => {
      go(service, null);
      await client.invalidateQueries({ queryKey: ["loadtests"] });
    },
  });

  return (
    <div>
      <h1>Load tests</h1>
      <p className="muted">
        k6 results per service, judged by their own thresholds and against the SLOs of the load tests: p95 of http_req_duration under {SLO_P95_MS} ms, http_req_failed under {SLO_FAILURE_RATE * 100} %.
      </p>
      <div className="tabs" role="tablist" aria-label="Service">
        {LOADTEST_SERVICES.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={s === service} onClick={() => go(s, null)}>
            {s}
            {list.data?.counts[s] ? <span className="muted"> ({list.data.counts[s]})</span> : null}
          </button>
        ))}
      </div>

      {canEdit ? (
        <Panel title="Import a k6 summary">
          <ImportForm
            key={service}
            service={service}
            onImported={(r) => {
              client.setQueryData(["loadtest", r.id], r);
              void client.invalidateQueries({ queryKey: ["loadtests"] });
              go(r.service as LoadTestService, r.id);
            }}
          />
          <p className="muted" style={{ fontSize: 12 }}>
            The file of <code>k6 run --summary-export=summary.json</code>, or the <code>data</code> that <code>handleSummary</code> saved with <code>JSON.stringify(data)</code>; at most 2 MB.
          </p>
        </Panel>
      ) : (
        <p className="muted">Importing results needs the editor role.</p>
      )}

      <Panel title={`Trend across runs of ${service}`} loading={list.isPending} error={list.error ? { kind: "internal", message: list.error.message } : null} onRetry={() => void list.refetch()} testId="loadtest-trend">
        {list.data && <TrendChart points={list.data.trend} selected={selected} onSelect={(id) => go(service, id)} />}
        {list.data?.more && <p className="muted">Only the newest {runs.length} runs are shown.</p>}
      </Panel>

      <Panel title="Runs" loading={list.isPending} testId="loadtest-runs">
        {runs.length === 0 ? (
          <p className="muted">No run of {service} yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Run</th>
                <th>Started</th>
                <th>k6 thresholds</th>
                <th>Console</th>
                <th>SLOs</th>
                <th className="num">p95</th>
                <th className="num">Failure rate</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} aria-current={r.id === selected || undefined} style={r.id === selected ? { fontWeight: 600 } : undefined}>
                  <td>
                    <button type="button" className="tv-link-button" onClick={() => go(service, r.id)}>
                      {r.name}
                    </button>
                  </td>
                  <td>{when(r.runAt)}</td>
                  <td>
                    <VerdictBadge v={r.k6} />
                  </td>
                  <td>
                    <VerdictBadge v={r.console} />
                    {r.disagreements > 0 && <span className="status-bad"> ({r.disagreements} differ)</span>}
                  </td>
                  <td>
                    <VerdictBadge v={r.slo} />
                  </td>
                  <td className="num">{ms(r.headline.p95Ms)}</td>
                  <td className="num">{pct(r.headline.failureRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      {selected && (
        <Panel title={run.data ? `Run: ${run.data.name}` : "Run"} loading={run.isPending} error={run.error ? { kind: "internal", message: run.error.message } : null} onRetry={() => void run.refetch()}>
          {run.data && <RunDetail run={run.data} canEdit={canEdit} deleting={remove.isPending} onDelete={() => remove.mutate(run.data.id)} />}
          {remove.error && (
            <p className="field-error" role="alert">
              {remove.error.message}
            </p>
          )}
        </Panel>
      )}
    </div>
  );
}
