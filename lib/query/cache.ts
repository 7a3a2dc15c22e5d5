/**
 * The server-side result cache of the query layer.
 *
 * - Results are kept for a TTL (about one step of the query: a newer answer could
 *   only differ in its last point).
 * - Identical queries in flight are shared: fifty viewers refreshing the same
 *   dashboard cost the backend one query.
 * - Bounded by count and by bytes (an estimate from `sizeOf`): the least recently used
 *   results go first, and a single result over an eighth of the budget is not kept.
 *   Expired results are swept out every 64 stores, so an idle cache does not sit at
 *   its budget holding answers nobody can use.
 * - Each caller can cancel its own wait. The upstream request is aborted only when
 *   every caller sharing it has gone, so one user changing the range never breaks
 *   another user's panel.
 */

export interface CacheOptions<T = unknown> {
  maxEntries?: number;
  /** the most the stored results may take, as estimated by sizeOf */
  maxBytes?: number;
  sizeOf?: (value: T) => number;
  now?: () => number;
  /** told how each lookup was answered (for the console's own metrics) */
  onLookup?: (result: "hit" | "miss" | "shared") => void;
}

interface Entry<T> {
  value: T;
  expires: number;
  bytes: number;
}

interface InFlight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

export class AbortedError extends Error {
  constructor() {
    super("cancelled");
    this.name = "AbortedError";
  }
}

export class QueryCache<T> {
  private readonly done = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, InFlight<T>>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly sizeOf: (value: T) => number;
  private bytes = 0;
  private stores = 0;
  private readonly now: () => number;
  private readonly onLookup: (result: "hit" | "miss" | "shared") => void;
  hits = 0;
  misses = 0;
  shared = 0;

  constructor(opts: CacheOptions<T> = {}) {
    this.maxEntries = opts.maxEntries ?? 5000;
    this.maxBytes = opts.maxBytes ?? Infinity;
    this.sizeOf = opts.sizeOf ?? (() => 0);
    this.now = opts.now ?? Date.now;
    this.onLookup = opts.onLookup ?? (() => undefined);
  }

  /**
   * The cached value for `key`, or the shared in-flight one, or a new call of
   * `fetcher` (given a signal that aborts when no caller waits any more).
   */
  async get(key: string, ttlMs: number, fetcher: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const hit = this.done.get(key);
    if (hit && hit.expires > this.now()) {
      this.hits++;
      this.onLookup("hit");
      // refresh its position for LRU eviction
      this.done.delete(key);
      this.done.set(key, hit);
      return hit.value;
    }
    if (hit) this.drop(key);
    if (signal?.aborted) throw new AbortedError();

    let flight = this.inFlight.get(key);
    if (flight) {
      this.shared++;
      this.onLookup("shared");
    } else {
      this.misses++;
      this.onLookup("miss");
      const controller = new AbortController();
      const promise = fetcher(controller.signal).then(
        (value) => {
          this.inFlight.delete(key);
          if (ttlMs > 0) this.store(key, value, ttlMs);
          return value;
        },
        (err: unknown) => {
          this.inFlight.delete(key);
          throw err;
        },
      );
      // Callers that left do not observe the rejection; keep it from being unhandled.
      promise.catch(() => undefined);
      flight = { promise, controller, waiters: 0 };
      this.inFlight.set(key, flight);
    }
    return this.wait(flight, signal);
  }

  private wait(flight: InFlight<T>, signal?: AbortSignal): Promise<T> {
    flight.waiters++;
    if (!signal) {
      return flight.promise.finally(() => {
        flight.waiters--;
      });
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const leave = () => {
        if (settled) return;
        settled = true;
        flight.waiters--;
        signal.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        leave();
        if (flight.waiters === 0) flight.controller.abort();
        reject(new AbortedError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      flight.promise.then(
        (v) => {
          leave();
          resolve(v);
        },
        (e: unknown) => {
          leave();
          reject(e);
        },
      );
    });
  }

  private store(key: string, value: T, ttlMs: number) {
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes / 8) return;
    this.drop(key);
    this.done.set(key, { value, expires: this.now() + ttlMs, bytes });
    this.bytes += bytes;
    if (++this.stores % 64 === 0) this.sweep();
    while (this.done.size > this.maxEntries || this.bytes > this.maxBytes) this.drop(this.done.keys().next().value as string);
  }

  /** Drops every expired result. */
  sweep(): void {
    const now = this.now();
    for (const [key, e] of this.done) if (e.expires <= now) this.drop(key);
  }

  private drop(key: string) {
    const e = this.done.get(key);
    if (!e) return;
    this.bytes -= e.bytes;
    this.done.delete(key);
  }

  /** Drops every stored result (benchmarks measure cache misses); in-flight queries finish. */
  clear(): void {
    this.done.clear();
    this.bytes = 0;
  }

  /** The estimated size of the stored results. */
  get storedBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.done.size;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }
}

/** The cache key of a range query: backend, tenant, query text and the aligned window. */
export function rangeQueryKey(backend: { url: string; tenant?: string }, q: { query: string; start: number; end: number; step: number }): string {
  return JSON.stringify(["range", backend.url, backend.tenant ?? "", q.query, q.start, q.end, q.step]);
}

export function instantQueryKey(backend: { url: string; tenant?: string }, query: string, time: number): string {
  return JSON.stringify(["instant", backend.url, backend.tenant ?? "", query, time]);
}
