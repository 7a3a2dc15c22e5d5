import { describe, expect, it } from "vitest";
import { AbortedError, QueryCache, instantQueryKey, rangeQueryKey } from "./cache";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("QueryCache", () => {
  it("serves a fresh result from cache until its TTL ends", async () => {
    let t = 0;
    const cache = new QueryCache<number>({ now: () => t });
    let calls = 0;
    const fetch = async () => ++calls;
    expect(await cache.get("k", 1000, fetch)).toBe(1);
    t = 999;
    expect(await cache.get("k", 1000, fetch)).toBe(1);
    t = 1000;
    expect(await cache.get("k", 1000, fetch)).toBe(2);
    expect(cache.hits).toBe(1);
    expect(cache.misses).toBe(2);
  });

  it("shares one upstream call among identical queries in flight", async () => {
    const cache = new QueryCache<string>();
    const d = deferred<string>();
    let calls = 0;
    const fetch = () => {
      calls++;
      return d.promise;
    };
    const waiting = Array.from({ length: 50 }, () => cache.get("k", 0, fetch));
    d.resolve("v");
    expect(await Promise.all(waiting)).toEqual(Array(50).fill("v"));
    expect(calls).toBe(1);
    expect(cache.shared).toBe(49);
  });

  it("does not cache failures", async () => {
    const cache = new QueryCache<number>();
    await expect(cache.get("k", 1000, () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", 1000, async () => 7)).toBe(7);
  });

  it("aborts the upstream call only when the last waiting caller cancels", async () => {
    const cache = new QueryCache<string>();
    let upstream: AbortSignal | undefined;
    const d = deferred<string>();
    const fetch = (signal: AbortSignal) => {
      upstream = signal;
      return d.promise;
    };
    const a = new AbortController();
    const b = new AbortController();
    const pa = cache.get("k", 1000, fetch, a.signal);
    const pb = cache.get("k", 1000, fetch, b.signal);
    a.abort();
    await expect(pa).rejects.toBeInstanceOf(AbortedError);
    expect(upstream?.aborted).toBe(false); // b still waits
    b.abort();
    await expect(pb).rejects.toBeInstanceOf(AbortedError);
    expect(upstream?.aborted).toBe(true);
  });

  it("keeps serving the other caller when one cancels", async () => {
    const cache = new QueryCache<string>();
    const d = deferred<string>();
    const a = new AbortController();
    const pa = cache.get("k", 1000, () => d.promise, a.signal);
    const pb = cache.get("k", 1000, () => d.promise);
    a.abort();
    d.resolve("v");
    await expect(pa).rejects.toBeInstanceOf(AbortedError);
    expect(await pb).toBe("v");
    expect(cache.inFlightCount).toBe(0);
  });

  it("evicts the least recently used entries beyond its size", async () => {
    const cache = new QueryCache<number>({ maxEntries: 2 });
    await cache.get("a", 1e6, async () => 1);
    await cache.get("b", 1e6, async () => 2);
    await cache.get("a", 1e6, async () => 99); // touch a
    await cache.get("c", 1e6, async () => 3); // evicts b
    expect(await cache.get("a", 1e6, async () => 100)).toBe(1);
    expect(await cache.get("b", 1e6, async () => 200)).toBe(200);
  });
});

describe("byte budget", () => {
  it("evicts the least recently used results to stay under maxBytes, and never keeps one over an eighth of it", async () => {
    const cache = new QueryCache<string>({ maxBytes: 1000, sizeOf: (v) => v.length });
    await cache.get("a", 1e6, async () => "a".repeat(100));
    await cache.get("b", 1e6, async () => "b".repeat(100));
    expect(cache.storedBytes).toBe(200);
    await cache.get("huge", 1e6, async () => "h".repeat(126));
    expect(cache.size).toBe(2);
    expect(await cache.get("huge", 1e6, async () => "fetched again")).toBe("fetched again");
    for (let i = 0; i < 12; i++) await cache.get(`k${i}`, 1e6, async () => "x".repeat(100));
    expect(cache.storedBytes).toBeLessThanOrEqual(1000);
    expect(cache.size).toBe(10);
    expect(await cache.get("a", 1e6, async () => "gone")).toBe("gone");
    cache.clear();
    expect(cache.storedBytes).toBe(0);
  });
});

describe("expiry", () => {
  it("sweeps expired results out as new ones are stored, so they hold no memory", async () => {
    let now = 0;
    const cache = new QueryCache<string>({ maxBytes: 1e9, sizeOf: (v) => v.length, now: () => now });
    for (let i = 0; i < 10; i++) await cache.get(`old${i}`, 1000, async () => "x".repeat(100));
    expect(cache.storedBytes).toBe(1000);
    now = 5000;
    for (let i = 0; i < 64; i++) await cache.get(`new${i}`, 1000, async () => "y");
    expect(cache.size).toBe(64);
    expect(cache.storedBytes).toBe(64);
  });
});

describe("cache keys", () => {
  const backend = { url: "http://prom:9090", tenant: "a" };
  it("differ by tenant, query, window and step, and match for identical aligned queries", () => {
    const q = { query: "up", start: 0, end: 3600, step: 60 };
    expect(rangeQueryKey(backend, q)).toBe(rangeQueryKey({ ...backend }, { ...q }));
    expect(rangeQueryKey(backend, q)).not.toBe(rangeQueryKey({ ...backend, tenant: "b" }, q));
    expect(rangeQueryKey(backend, q)).not.toBe(rangeQueryKey(backend, { ...q, step: 30 }));
    expect(rangeQueryKey(backend, q)).not.toBe(rangeQueryKey(backend, { ...q, end: 3660 }));
    expect(rangeQueryKey(backend, q)).not.toBe(instantQueryKey(backend, "up", 3600));
  });
});
