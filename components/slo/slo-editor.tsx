"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { histogramBoundsAction, saveSloAction, sloPreviewAction } from "@/app/actions/slo";
import { unwrap } from "@/components/ui/action";
import { useDebounced } from "@/components/ui/use-debounced";
import { defaultAlertName, type SloSpec } from "@/lib/slo/spec";
import { burn, duration, pct } from "./format";
import { KeyValueRows, withIds, type EditableRow } from "@/components/documents/key-value-rows";
import { errorsAt, mapToRows, rowsToMap } from "@/lib/documents/key-values";
import { sliAndWindow } from "./form-spec";
import { ownerOf } from "./labels";

type Kind = "ratio" | "latency" | "availability";
type WindowChoice = "7" | "28" | "30" | "month" | "quarter";


/**
 * Define an SLO, or edit a saved one (a new version on top of `existing.base`), with
 * a live preview of attained SLI, budget and burn rates over real history.
 * `restoredFrom`: the form is prefilled with that older version's spec (a restore),
 * still saved on top of `base`, the head.
 */
export function SloEditor({ existing }: { existing?: { id: string; base: number; spec: SloSpec; restoredFrom?: number } }) {
  const router = useRouter();
  const qc = useQueryClient();
  const init = existing?.spec;
  const sli = init?.sli;
  const [service, setService] = useState(init?.service ?? "order-service");
  const [name, setName] = useState(init?.name ?? "requests-availability");
  const [objective, setObjective] = useState(String(init?.objective ?? "99.9"));
  const [windowChoice, setWindowChoice] = useState<WindowChoice>(
    init ? (init.window.kind === "calendar" ? init.window.unit : (String(init.window.days) as WindowChoice)) : "30",
  );
  const [kind, setKind] = useState<Kind>(sli && sli.kind !== "ratio-good" && sli.kind !== "raw" ? sli.kind : "ratio");
  const [errorQuery, setErrorQuery] = useState(sli?.kind === "ratio" ? sli.errorQuery : 'sum(rate(http_requests_total{service="order-service",status=~"5.."}[{{.window}}]))');
  const [totalQuery, setTotalQuery] = useState(sli?.kind === "ratio" ? sli.totalQuery : 'sum(rate(http_requests_total{service="order-service"}[{{.window}}]))');
  const [metric, setMetric] = useState(sli?.kind === "latency" ? sli.metric : "http_request_duration_seconds");
  const [threshold, setThreshold] = useState(sli?.kind === "latency" ? String(sli.thresholdSeconds) : "0.5");
  const [job, setJob] = useState(sli?.kind === "availability" ? (sli.upSelector.job ?? "") : "order-service");
  const [tiers, setTiers] = useState({
    pageFast: init?.alerting.pageTiers.fast ?? true,
    pageSlow: init?.alerting.pageTiers.slow ?? true,
    ticketFast: init?.alerting.ticketTiers.fast ?? true,
    ticketSlow: init?.alerting.ticketTiers.slow ?? true,
  });
  // What the form cannot show (a good/total or raw SLI, a latency selector beyond the
  // service, a calendar time zone) is kept exactly as saved until the user edits that
  // part of the form: editing the owner must not rewrite the SLI.
  const [sliTouched, setSliTouched] = useState(false);
  const [windowTouched, setWindowTouched] = useState(false);
  const touchSli = <T,>(set: (v: T) => void) => (v: T) => {
    setSliTouched(true);
    set(v);
  };
  const [owner, setOwner] = useState(init?.owner ?? "");
  const [rows, setRows] = useState<EditableRow[]>(() => withIds(mapToRows(init?.labels)));
  const labels = useMemo(() => rowsToMap(rows, "labels"), [rows]);
  const [message, setMessage] = useState(existing ? (existing.restoredFrom ? `Restore v${existing.restoredFrom}` : "") : "New SLO");

  const spec = useMemo<SloSpec>(
    () => ({
      ...withoutOwner(init),
      ...ownerOf(owner),
      name,
      service,
      labels: labels.map,
      objective: Number(objective),
      ...sliAndWindow(init, { service, windowChoice, kind, errorQuery, totalQuery, metric, threshold, job, sliTouched, windowTouched }),
      alerting: {
        ...(init?.alerting ?? {}),
        name: init?.alerting.name ?? defaultAlertName(service || "service", name || "slo"),
        pageTiers: { fast: tiers.pageFast, slow: tiers.pageSlow },
        ticketTiers: { fast: tiers.ticketFast, slow: tiers.ticketSlow },
        pageLabels: init?.alerting.pageLabels ?? { severity: "critical" },
        ticketLabels: init?.alerting.ticketLabels ?? { severity: "warning" },
        annotations: init?.alerting.annotations ?? {},
      },
    }),
    [init, sliTouched, windowTouched, owner, labels, name, service, objective, windowChoice, kind, errorQuery, totalQuery, metric, threshold, job, tiers],
  );
  const debounced = useDebounced(spec, 600);
  const bounds = useQuery({ queryKey: ["le", metric], queryFn: () => unwrap(histogramBoundsAction({ metric })), enabled: kind === "latency" && metric.length > 0 });
  const preview = useQuery({ queryKey: ["slo-preview", debounced], queryFn: () => unwrap(sloPreviewAction({ spec: debounced })), placeholderData: (p) => p });
  const save = useMutation({
    mutationFn: () => unwrap(saveSloAction({ spec, base: existing?.base ?? 0, message })),
    onSuccess: (r) => {
      // the SLO page and the board may be cached from before this save (fresh for 10 s): show the new version
      void qc.invalidateQueries({ queryKey: ["slo", r.id] });
      void qc.invalidateQueries({ queryKey: ["slo-board"] });
      router.push(`/slos/${r.id}`);
    },
  });
  const p = preview.data;
  const specErrors = p && !p.ok ? p.errors : undefined;

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <h1>{existing ? `Edit ${init?.service}-${init?.name} (new version on top of v${existing.base})` : "New SLO"}</h1>
      {existing?.restoredFrom && (
        <p className="status-warn" role="status" data-testid="slo-restored">
          Prefilled with v{existing.restoredFrom}; saving makes it v{existing.base + 1}, the newest version (v{existing.base} and the history are kept).
        </p>
      )}
      <section className="panel">
        <div className="inline-form">
          <label>
            Service
            <input aria-label="Service" value={service} onChange={(e) => setService(e.target.value)} />
          </label>
          <label>
            Name
            <input aria-label="SLO name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Objective (%)
            <input aria-label="Objective" value={objective} onChange={(e) => setObjective(e.target.value)} style={{ width: 90 }} />
          </label>
          <label>
            Window
            <select aria-label="Window" value={windowChoice} onChange={(e) => {
                setWindowTouched(true);
                setWindowChoice(e.target.value as WindowChoice);
              }}>
              <option value="7">rolling 7 days</option>
              <option value="28">rolling 28 days</option>
              <option value="30">rolling 30 days</option>
              <option value="month">calendar month</option>
              <option value="quarter">calendar quarter</option>
            </select>
          </label>
          <label>
            SLI
            <select aria-label="SLI kind" value={kind} onChange={(e) => touchSli(setKind)(e.target.value as Kind)}>
              <option value="ratio">ratio of bad to total events</option>
              <option value="latency">latency: share faster than a threshold</option>
              <option value="availability">availability from up</option>
            </select>
          </label>
        </div>
        {sli && !sliTouched && (sli.kind === "ratio-good" || sli.kind === "raw") && (
          <p className="status-warn" data-testid="sli-kept">
            This SLO&apos;s SLI is {sli.kind === "raw" ? `a raw error ratio: ${sli.errorRatioQuery}` : `good / total events: ${sli.goodQuery} / ${sli.totalQuery}`}. The form
            cannot edit that kind; it is kept as saved unless you change the SLI below.
          </p>
        )}
        {init?.window.kind === "calendar" && init.window.timeZone && (
          <p className="muted" data-testid="window-kept">
            Calendar periods in {init.window.timeZone} (kept).
          </p>
        )}
        {kind === "ratio" && (
          <>
            <label className="muted" style={{ fontSize: 12 }}>Errors (PromQL, {"{{.window}}"} is the range)</label>
            <input aria-label="Error query" value={errorQuery} onChange={(e) => touchSli(setErrorQuery)(e.target.value)} />
            <label className="muted" style={{ fontSize: 12 }}>Total</label>
            <input aria-label="Total query" value={totalQuery} onChange={(e) => touchSli(setTotalQuery)(e.target.value)} />
          </>
        )}
        {kind === "latency" && (
          <div className="inline-form">
            <label>
              Histogram
              <input aria-label="Histogram metric" value={metric} onChange={(e) => touchSli(setMetric)(e.target.value)} />
            </label>
            <label>
              Threshold (s, a bucket bound)
              <input aria-label="Threshold" list="le-values" value={threshold} onChange={(e) => touchSli(setThreshold)(e.target.value)} style={{ width: 90 }} />
              <datalist id="le-values">
                {(bounds.data ?? []).map((b) => (
                  <option key={b} value={String(b)} />
                ))}
              </datalist>
            </label>
            {bounds.data && (
              <span className={bounds.data.includes(Number(threshold)) ? "muted" : "status-warn"} data-testid="le-values">
                {bounds.data.includes(Number(threshold)) ? "a bucket bound" : "not a bucket bound: pick one of"} {bounds.data.join(", ")}
              </span>
            )}
            {bounds.error && <span className="field-error">{bounds.error.message}</span>}
          </div>
        )}
        {kind === "availability" && (
          <label>
            job of up{"{…}"}
            <input aria-label="Job" value={job} onChange={(e) => touchSli(setJob)(e.target.value)} />
          </label>
        )}
        <div className="inline-form">
          <label>
            Owner
            <input aria-label="Owner" value={owner} placeholder="team or person (optional)" onChange={(e) => setOwner(e.target.value)} aria-invalid={errorsAt(specErrors, "owner").length > 0} />
            {errorsAt(specErrors, "owner").map((e, i) => (
              <span key={i} className="field-error">
                {e.path}: {e.message}
              </span>
            ))}
          </label>
        </div>
        <KeyValueRows title="Labels (added to the generated rules)" noun="label" path="labels" testId="slo-labels" rows={rows} onChange={setRows} errors={specErrors} duplicates={labels.duplicates} />
        <div className="toolbar" style={{ margin: 0 }}>
          <span className="muted">Alert tiers:</span>
          {(["pageFast", "pageSlow", "ticketFast", "ticketSlow"] as const).map((t) => (
            <label key={t} style={{ display: "flex", gap: 4, alignItems: "center" }}>
              <input type="checkbox" checked={tiers[t]} onChange={(e) => setTiers({ ...tiers, [t]: e.target.checked })} />
              {t.replace(/([A-Z])/, "-$1").toLowerCase()}
            </label>
          ))}
        </div>
      </section>
      <section className="panel" data-testid="slo-preview" style={{ minHeight: 0 }}>
        <h2>Preview over real history {preview.isFetching && <span className="muted">(updating…)</span>}</h2>
        {preview.error && <p className="field-error" role="alert">{preview.error.message}</p>}
        {p && !p.ok && (
          <ul className="problems">
            {p.errors.map((e, i) => (
              <li key={i} className="error">
                {e.path}: {e.message}
              </li>
            ))}
          </ul>
        )}
        {p?.ok && (
          <div className="toolbar" style={{ margin: 0, gap: 28 }}>
            <span>attained <strong data-testid="preview-attained">{pct(p.status.attained)}</strong></span>
            <span>budget left <strong>{p.status.remaining === null ? "—" : pct(p.status.remaining, 1)}</strong></span>
            <span>burn rate (1h) <strong>{burn(p.status.burnRate)}</strong></span>
            <span>exhausted in <strong>{duration(p.status.exhaustsInSeconds)}</strong></span>
            {p.status.noTraffic && <span className="muted">no traffic: no errors</span>}
            {p.status.error && <span className="field-error">{p.status.error}</span>}
          </div>
        )}
      </section>
      <section className="panel" style={{ minHeight: 0 }}>
        <div className="inline-form">
          <label style={{ flex: 1 }}>
            Message
            <input aria-label="Message" value={message} onChange={(e) => setMessage(e.target.value)} />
          </label>
          <button type="button" className="primary" disabled={!p?.ok || labels.duplicates.size > 0 || !message.trim() || save.isPending} onClick={() => save.mutate()}>
            {existing ? `Save as v${existing.base + 1}` : "Save SLO"}
          </button>
        </div>
        {save.error && <p className="field-error" role="alert">{save.error.message}</p>}
      </section>
    </div>
  );
}

/** The spec without its owner: the form's Owner field decides it (blank leaves it out). */
function withoutOwner(spec: SloSpec | undefined): Partial<SloSpec> {
  if (!spec) return {};
  const { owner: _owner, ...rest } = spec;
  return rest;
}
