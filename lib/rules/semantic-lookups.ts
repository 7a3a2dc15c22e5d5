/**
 * Live facts for the semantic checks (LiveFacts, implemented by live-facts.ts) and
 * how the checks ask for them: memoised, de-duplicated lookups, at most CONCURRENCY
 * in flight and MAX_LIVE_LOOKUPS in all; a refused or over-budget lookup leaves its
 * selector unchecked instead of failing the check.
 */

export interface LiveFacts {
  scrapeIntervalSeconds?: number;
  /** Looked up when scrapeIntervalSeconds is not set (e.g. from Prometheus's config); failures fall back to the default. */
  scrapeInterval?(): Promise<number | undefined>;
  /** number of series the selector matches now */
  seriesCount(selector: string): Promise<number>;
  /** Prometheus metadata type of a metric name ("counter", "gauge", "histogram", "summary", "unknown") or undefined when not known */
  metricType(metric: string): Promise<string | undefined>;
}

/** Lookups in flight at once against Prometheus. */
const CONCURRENCY = 8;
/** The most distinct selectors one check looks up live, and the most lookups it sends in all (a backstop). */
export const MAX_LIVE_SELECTORS = 100;
export const MAX_LIVE_LOOKUPS = 500;

/** A lookup past MAX_LIVE_LOOKUPS: its selector goes unchecked and the check says so once. */
class LookupBudgetSpent extends Error {}

/** A query Prometheus refused (e.g. a query limit on a broad selector), or one past the budget: that selector goes unchecked, the rest go on. */
const refused = (err: unknown) => err instanceof LookupBudgetSpent || (err as { kind?: unknown } | null)?.kind === "rejected";

/** Memoised, de-duplicated lookups with at most CONCURRENCY in flight; after the first failure (not a refusal), the rest fail at once. */
export function lookups(live: LiveFacts) {
  let issued = 0;
  let active = 0;
  let failed: unknown;
  const queue: (() => void)[] = [];
  const run = <T>(f: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        if (failed !== undefined) return reject(failed);
        active++;
        f()
          .then(resolve, (err: unknown) => {
            if (!refused(err)) failed ??= err;
            reject(err);
          })
          .finally(() => {
            active--;
            queue.shift()?.();
          });
      };
      if (active < CONCURRENCY) start();
      else queue.push(start);
    });
  const memo = <T>(f: (key: string) => Promise<T>) => {
    const cache = new Map<string, Promise<T>>();
    return (key: string) => {
      let p = cache.get(key);
      if (!p) cache.set(key, (p = ++issued > MAX_LIVE_LOOKUPS ? Promise.reject(new LookupBudgetSpent()) : run(() => f(key))));
      return p;
    };
  };
  return { count: memo((s) => live.seriesCount(s)), type: memo((m) => live.metricType(m)), spent: () => issued > MAX_LIVE_LOOKUPS };
}

export const unlessRefused =
  <T>(fallback: T) =>
  (err: unknown): T => {
    if (refused(err)) return fallback;
    throw err;
  };
