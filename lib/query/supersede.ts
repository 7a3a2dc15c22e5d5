/**
 * Cancellation across server actions. A browser cannot abort a server action, so a
 * view sends an id with each refresh; a newer refresh of the same view (the user
 * changed the range) aborts the older one's queries. Shared queries other viewers
 * wait for continue (see QueryCache).
 */
export class Superseder {
  private readonly current = new Map<string, AbortController>();

  /** A signal for a new load of `key`, aborting the load it replaces. */
  begin(key: string): AbortSignal {
    this.current.get(key)?.abort();
    const controller = new AbortController();
    this.current.set(key, controller);
    return controller.signal;
  }

  /** Forget `key` once its load ended, unless a newer one already replaced it. */
  end(key: string, signal: AbortSignal): void {
    if (this.current.get(key)?.signal === signal) this.current.delete(key);
  }

  get size(): number {
    return this.current.size;
  }
}
