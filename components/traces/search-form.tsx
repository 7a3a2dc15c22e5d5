"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { traceOperationsAction } from "@/app/actions/traces";
import { unwrap } from "@/components/ui/action";
import { formatTimestamp } from "@/lib/format/time";
import { RANGE_PRESETS, type RangePreset } from "@/lib/promql/time-range";
import { MAX_TRACE_LIMIT, toTraceQuery, type SearchIssue, type TraceSearchState } from "@/lib/traces/query";

type FieldName = SearchIssue["field"];

/** What is wrong with a search, by field (the time does not matter for validation). */
export function searchIssues(s: TraceSearchState): Partial<Record<FieldName, string>> {
  const res = toTraceQuery(s, 0);
  const out: Partial<Record<FieldName, string>> = {};
  if (!res.ok) for (const i of res.issues) out[i.field] = out[i.field] ? `${out[i.field]}; ${i.message}` : i.message;
  return out;
}

function Field({ id, label, error, note, className, children }: { id: string; label: string; error?: string; note?: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `trace-field ${className}` : "trace-field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : (
        note && <span className="muted trace-note">{note}</span>
      )}
    </div>
  );
}

interface Props {
  /** the search in the URL; the form is remounted (keyed) when it changes */
  initial: TraceSearchState;
  services: string[] | undefined;
  servicesLoading: boolean;
  searching: boolean;
  onSearch: (next: TraceSearchState) => void;
}

/**
 * The trace search form: service, operation, tags, durations, limit and range. It
 * edits a draft; a valid draft is handed to `onSearch` (which puts it in the URL),
 * an invalid one shows what is wrong under each field and sends nothing.
 */
export function SearchForm({ initial, services, servicesLoading, searching, onSearch }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(initial);
  const [limitText, setLimitText] = useState(String(initial.limit));
  // errors show once a search was attempted, or at once for a link that is invalid
  const [checked, setChecked] = useState(() => initial.service !== "" && Object.keys(searchIssues(initial)).length > 0);
  const next: TraceSearchState = { ...draft, limit: limitText.trim() ? Number(limitText) : Number.NaN };
  const issues = checked ? searchIssues(next) : {};

  const operations = useQuery({
    queryKey: ["trace-operations", draft.service],
    queryFn: () => unwrap(traceOperationsAction({ service: draft.service })),
    enabled: draft.service !== "",
    staleTime: 60_000,
    retry: false,
  });

  const set = <K extends keyof TraceSearchState>(k: K, v: TraceSearchState[K]) => setDraft((d) => ({ ...d, [k]: v }));
  // a value from the URL stays selectable even when the lists do not have it (yet)
  const serviceOptions = services && (!draft.service || services.includes(draft.service)) ? services : [...(services ?? []), draft.service].filter(Boolean);
  const opList = operations.data ?? [];
  const operationOptions = draft.operation && !opList.includes(draft.operation) ? [draft.operation, ...opList] : opList;
  const rangeValue = draft.range.kind === "relative" ? draft.range.preset : "custom";
  const ids = { service: `${id}-service`, operation: `${id}-operation`, tags: `${id}-tags`, min: `${id}-min`, max: `${id}-max`, limit: `${id}-limit`, range: `${id}-range` };
  const invalid = (field: FieldName, fid: string) =>
    issues[field] ? { "aria-invalid": true as const, "aria-describedby": `${fid}-error` } : { "aria-invalid": undefined, "aria-describedby": undefined };

  return (
    <form
      aria-label="Trace search"
      className="inline-form trace-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setChecked(true);
        if (Object.keys(searchIssues(next)).length === 0) onSearch(next);
      }}
    >
      <Field id={ids.service} label="Service" error={issues.service}>
        <select
          id={ids.service}
          value={draft.service}
          required
          onChange={(e) => setDraft((d) => ({ ...d, service: e.target.value, operation: "" }))}
          {...invalid("service", ids.service)}
        >
          {!draft.service && <option value="">{servicesLoading ? "loading services…" : "pick a service"}</option>}
          {serviceOptions.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <Field id={ids.operation} label="Operation" error={issues.operation} note={operations.error ? "operations could not be listed" : undefined}>
        <select id={ids.operation} value={draft.operation} onChange={(e) => set("operation", e.target.value)} aria-busy={operations.isFetching || undefined}>
          <option value="">all operations</option>
          {operationOptions.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
      <Field id={ids.tags} label="Tags" error={issues.tags} className="trace-field-tags">
        <input
          id={ids.tags}
          type="text"
          value={draft.tags}
          placeholder="http.status_code=500 user.id=u-42"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => set("tags", e.target.value)}
          {...invalid("tags", ids.tags)}
        />
      </Field>
      <Field id={ids.min} label="Min duration" error={issues.minDuration} className="trace-field-short">
        <input id={ids.min} type="text" value={draft.minDuration} placeholder="250ms" onChange={(e) => set("minDuration", e.target.value)} {...invalid("minDuration", ids.min)} />
      </Field>
      <Field id={ids.max} label="Max duration" error={issues.maxDuration} className="trace-field-short">
        <input id={ids.max} type="text" value={draft.maxDuration} placeholder="2s" onChange={(e) => set("maxDuration", e.target.value)} {...invalid("maxDuration", ids.max)} />
      </Field>
      <Field id={ids.limit} label="Limit" error={issues.limit} className="trace-field-short">
        <input id={ids.limit} type="number" min={1} max={MAX_TRACE_LIMIT} step={1} value={limitText} onChange={(e) => setLimitText(e.target.value)} {...invalid("limit", ids.limit)} />
      </Field>
      <Field id={ids.range} label="Range" error={issues.range}>
        <select
          id={ids.range}
          value={rangeValue}
          onChange={(e) => set("range", e.target.value === "custom" ? initial.range : { kind: "relative", preset: e.target.value as RangePreset })}
        >
          {RANGE_PRESETS.map((r) => (
            <option key={r} value={r}>
              last {r}
            </option>
          ))}
          {initial.range.kind === "absolute" && (
            <option value="custom">
              {formatTimestamp(initial.range.from, "local")} – {formatTimestamp(initial.range.to, "local")}
            </option>
          )}
        </select>
      </Field>
      <div className="trace-field">
        <button type="submit" className="primary" aria-busy={searching || undefined}>
          Search
        </button>
      </div>
    </form>
  );
}
