import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConcurrencyGate, GateBusy } from "./gate";

/** Work that finishes when told to. */
function pending() {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { promise, finish, fail };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe("ConcurrencyGate", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs one caller's work up to its limit, and the next as soon as one of them ends", async () => {
    const gate = new ConcurrencyGate({ perKey: 2, total: 10, waitMs: 5000, maxWaitingPerKey: 4 });
    const works = [pending(), pending(), pending()];
    const started: number[] = [];
    const runs = works.map((w, i) => gate.run("ann", async () => (started.push(i), w.promise)));
    await flush();
    expect(started).toEqual([0, 1]);
    expect(gate.inFlight("ann")).toEqual({ running: 2, waiting: 1 });
    // another caller is not held up by ann's queue
    await gate.run("bob", async () => started.push(9));
    works[1]!.finish();
    await flush();
    expect(started).toEqual([0, 1, 9, 2]);
    works[0]!.finish();
    works[2]!.finish();
    await Promise.all(runs);
    expect(gate.inFlight()).toEqual({ running: 0, waiting: 0 });
  });

  it("shares the total among callers first come, first served, and frees a slot when work fails", async () => {
    const gate = new ConcurrencyGate({ perKey: 5, total: 2, waitMs: 5000, maxWaitingPerKey: 4 });
    const a = pending();
    const b = pending();
    const started: string[] = [];
    const ra = gate.run("ann", async () => (started.push("ann"), a.promise));
    const rb = gate.run("bob", async () => (started.push("bob"), b.promise));
    const rc = gate.run("cid", async () => started.push("cid"));
    const rd = gate.run("dee", async () => started.push("dee"));
    await flush();
    expect(started).toEqual(["ann", "bob"]);
    a.fail(new Error("prometheus: bad_data"));
    await expect(ra).rejects.toThrow("prometheus: bad_data");
    await flush();
    expect(started).toEqual(["ann", "bob", "cid", "dee"]);
    b.finish();
    await Promise.all([rb, rc, rd]);
    expect(gate.inFlight()).toEqual({ running: 0, waiting: 0 });
  });

  it("gives up after the wait, saying whose limit held it, and leaves the queue as it was", async () => {
    const gate = new ConcurrencyGate({ perKey: 1, total: 2, waitMs: 5000, maxWaitingPerKey: 4 });
    const a = pending();
    const c = pending();
    void gate.run("ann", () => a.promise);
    const own = gate.run("ann", async () => "never");
    void gate.run("bob", () => c.promise);
    const full = gate.run("cid", async () => "never");
    vi.advanceTimersByTime(5000);
    await expect(own).rejects.toThrow(new GateBusy("you already have 1 query running (Explore, backtests, previews, live checks, trace searches), the most the console runs for one user at once; this one waited 5 s for one of them to finish"));
    await expect(full).rejects.toThrow(/^the console is running 2 of its users' own queries, the most it lets reach the backends at once so that dashboards stay fast; this one waited 5 s: try again shortly$/);
    expect(gate.inFlight()).toEqual({ running: 2, waiting: 0 });
    a.finish();
    c.finish();
  });

  it("refuses at once a caller who already has the most waiting", async () => {
    const gate = new ConcurrencyGate({ perKey: 1, total: 10, waitMs: 5000, maxWaitingPerKey: 2 });
    const a = pending();
    const first = gate.run("ann", () => a.promise);
    const waiting = [gate.run("ann", async () => 1), gate.run("ann", async () => 2)];
    await expect(gate.run("ann", async () => 3)).rejects.toThrow("you have 1 query running and 2 waiting, the most the console takes from one user; this one was not started");
    a.finish();
    await first;
    expect(await Promise.all(waiting)).toEqual([1, 2]);
  });
});
