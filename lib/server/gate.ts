/**
 * A gate for work a caller asks the backends to do on their behalf (an Explore query, a
 * backtest, a live rule check, an SLO preview): at most `perKey` of one caller's at once
 * and `total` of everyone's, so that one user cannot take all of Prometheus's query slots
 * (20 by default) and slow every dashboard. Work over the limit waits, first come first
 * served among those who may go, for up to `waitMs`; a caller with `maxWaitingPerKey`
 * already waiting is refused at once. Pure: no I/O, no globals.
 */

export interface GateLimits {
  perKey: number;
  total: number;
  waitMs: number;
  maxWaitingPerKey: number;
}

export class GateBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GateBusy";
  }
}

interface Waiter {
  key: string;
  go: () => void;
}

export class ConcurrencyGate {
  private readonly running = new Map<string, number>();
  private total = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly limits: GateLimits) {}

  /** Work in flight: everyone's, and `key`'s. */
  inFlight(key?: string): { running: number; waiting: number } {
    if (key === undefined) return { running: this.total, waiting: this.queue.length };
    return { running: this.running.get(key) ?? 0, waiting: this.queue.filter((w) => w.key === key).length };
  }

  /** Runs `work` once the gate lets it; throws GateBusy if it cannot within the wait. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    await this.enter(key);
    try {
      return await work();
    } finally {
      this.leave(key);
    }
  }

  private mayGo(key: string): boolean {
    return this.total < this.limits.total && (this.running.get(key) ?? 0) < this.limits.perKey;
  }

  private take(key: string) {
    this.total++;
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
  }

  private enter(key: string): Promise<void> {
    // nobody of this key waits ahead: go now if there is room
    if (this.mayGo(key) && !this.queue.some((w) => w.key === key)) {
      this.take(key);
      return Promise.resolve();
    }
    const { perKey, total, waitMs, maxWaitingPerKey } = this.limits;
    const queries = (n: number) => `${n} ${n === 1 ? "query" : "queries"}`;
    const mine = this.inFlight(key);
    if (mine.waiting >= maxWaitingPerKey) {
      return Promise.reject(new GateBusy(`you have ${queries(mine.running)} running and ${mine.waiting} waiting, the most the console takes from one user; this one was not started`));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        key,
        go: () => {
          clearTimeout(timer);
          this.take(key);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        const seconds = waitMs / 1000;
        reject(
          new GateBusy(
            (this.running.get(key) ?? 0) >= perKey
              ? `you already have ${queries(perKey)} running (Explore, backtests, previews, live checks, trace searches), the most the console runs for one user at once; this one waited ${seconds} s for one of them to finish`
              : `the console is running ${total} of its users' own queries, the most it lets reach the backends at once so that dashboards stay fast; this one waited ${seconds} s: try again shortly`,
          ),
        );
      }, waitMs);
      this.queue.push(waiter);
    });
  }

  private leave(key: string) {
    this.total--;
    const n = (this.running.get(key) ?? 1) - 1;
    if (n > 0) this.running.set(key, n);
    else this.running.delete(key);
    // wake waiters in order, each that may go now
    for (let i = 0; i < this.queue.length && this.total < this.limits.total; ) {
      const w = this.queue[i]!;
      if (this.mayGo(w.key)) {
        this.queue.splice(i, 1);
        w.go();
      } else i++;
    }
  }
}
