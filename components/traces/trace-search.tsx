"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo } from "react";
import { searchTracesAction, traceServicesAction } from "@/app/actions/traces";
import { unwrap } from "@/components/ui/action";
import { formatTimestamp } from "@/lib/format/time";
import type { SearchResult } from "@/lib/traces/load";
import { parseSearchState, serializeSearchState, toTraceQuery, type TraceSearchState } from "@/lib/traces/query";
import { plural } from "./format";
import { SearchForm } from "./search-form";
import { TraceScatter } from "./trace-scatter";
import { TraceTable } from "./trace-table";
import { OpenTraceFile } from "./open-trace-file";

function Results({ result, searchKey, refreshing }: { result: SearchResult; searchKey: string; refreshing: boolean }) {
  const n = result.summaries.length;
  const { startMs, endMs } = result.window;
  return (
    <>
      <p className="trace-count" data-testid="trace-count">
        <strong>{plural(n, "trace")}</strong>{" "}
        <span className="muted">
          between {formatTimestamp(startMs / 1000, "local")} and {formatTimestamp(endMs / 1000, "local")}
          {n >= result.limit && ` · the limit of ${result.limit}: narrow the search or raise the limit to see more`}
          {refreshing && " · searching again…"}
        </span>
      </p>
      {result.warnings.length > 0 && (
        <div className="panel-warning">
          {result.warnings.map((w) => (
            <div key={w}>⚠ {w}</div>
          ))}
        </div>
      )}
      {n === 0 ? (
        <p className="muted" data-testid="trace-empty">
          No traces in this window.
        </p>
      ) : (
        <>
          <TraceScatter summaries={result.summaries} window={result.window} />
          <TraceTable key={searchKey} summaries={result.summaries} />
        </>
      )}
    </>
  );
}

/**
 * The trace search page. The search lives in the URL (`/traces?service=…`): the form
 * pushes it, the results query runs from it, so reloads, back and shared links
 * repeat the search. Jaeger's failures show in the results, with Retry.
 */
export function TraceSearch() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const services = useQuery({
    queryKey: ["trace-services"],
    queryFn: () => unwrap(traceServicesAction({})),
    staleTime: 60_000,
    retry: false,
  });
  // no service in the URL: the first one. The form and the search use it at once, so
  // writing it into the URL (below) changes no key: the form is not remounted under a
  // user who already picked another service while the URL was being replaced.
  const first = services.data?.[0];
  const urlState = useMemo(() => parseSearchState(params), [params]);
  const state = useMemo(() => (urlState.service || !first ? urlState : { ...urlState, service: first }), [urlState, first]);
  const searchKey = useMemo(() => serializeSearchState(state), [state]);
  // the time does not matter for validation
  const valid = useMemo(() => toTraceQuery(state, 0).ok, [state]);
  const enabled = valid && state.service !== "";
  const search = useQuery({
    queryKey: ["trace-search", searchKey],
    queryFn: () => unwrap(searchTracesAction(toInput(state))),
    enabled,
    retry: false,
  });

  // the default service goes into the URL, replacing the entry (back does not land on an empty search)
  useEffect(() => {
    if (!urlState.service && first) router.replace(`${pathname}?${serializeSearchState({ ...urlState, service: first })}`, { scroll: false });
  }, [urlState, first, pathname, router]);

  // Jaeger answered a search again: the service list that failed with it is asked for again too
  const servicesFailed = services.isError;
  const searched = search.isSuccess && !search.isFetching;
  const refetchServices = services.refetch;
  useEffect(() => {
    if (searched && servicesFailed) void refetchServices();
  }, [searched, servicesFailed, refetchServices]);

  const submit = (next: TraceSearchState) => {
    const q = serializeSearchState(next);
    if (q === searchKey) void search.refetch();
    else router.push(`${pathname}?${q}`, { scroll: false });
  };
  const retry = () => {
    if (services.error) void services.refetch();
    if (enabled) void search.refetch();
  };

  const failure = search.error ?? (services.error && !search.data ? services.error : null);
  let body;
  if (failure) {
    body = (
      <div className="panel-error" role="alert">
        <div>{failure.message}</div>
        <button type="button" onClick={retry} disabled={search.isFetching || services.isFetching} style={{ marginTop: 6 }}>
          {search.isFetching || services.isFetching ? "Retrying…" : "Retry"}
        </button>
      </div>
    );
  } else if (!state.service) {
    body = services.data?.length === 0 ? <p className="muted">Jaeger has no services yet: it has received no spans within its retention.</p> : <p className="loading">Loading services…</p>;
  } else if (!valid) {
    body = <p className="muted">Correct the search above to run it.</p>;
  } else if (search.isPending) {
    body = <p className="loading">Searching Jaeger…</p>;
  } else if (search.data) {
    body = <Results result={search.data} searchKey={searchKey} refreshing={search.isFetching} />;
  }

  return (
    <div className="trace-search">
      <h1>Traces</h1>
      <OpenTraceFile />
      <SearchForm key={searchKey} initial={state} services={services.data} servicesLoading={services.isPending} searching={search.isFetching} onSearch={submit} />
      {services.error && !failure && <p className="panel-warning">Services could not be listed: {services.error.message}</p>}
      <section className="panel trace-results" aria-label="Search results" aria-busy={search.isFetching || undefined} data-testid="trace-results">
        {body}
      </section>
    </div>
  );
}

function toInput(s: TraceSearchState) {
  return { service: s.service, operation: s.operation, tags: s.tags, minDuration: s.minDuration, maxDuration: s.maxDuration, limit: s.limit, range: s.range };
}
