/**
 * What every push (rules to Prometheus or a ruler, profiles to Kubernetes or Git)
 * reports: its outcome, a one-line message, and each step with its duration, so the
 * console can show where a push stopped and the history keeps it. `pushSteps` is the
 * recorder each push runs its steps through. Pure.
 */

export interface PushStep<Name extends string = string> {
  step: Name;
  ok: boolean;
  detail: string;
  ms: number;
}

export interface PushResult<Name extends string = string> {
  /** ok: pushed and verified; failed: nothing changed; rolled_back: changed, failed, restored */
  outcome: "ok" | "failed" | "rolled_back";
  message: string;
  steps: PushStep<Name>[];
  durationMs: number;
  /** Set when the rollback itself could not be completed: an operator must look. */
  rollbackIncomplete?: boolean;
}

export function pushSteps<Name extends string>(opts: { now?: () => number; onStep?: (s: PushStep<Name>) => void } = {}) {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const steps: PushStep<Name>[] = [];
  const record = (step: Name, ok: boolean, detail: string, since: number) => {
    steps.push({ step, ok, detail, ms: now() - since });
    opts.onStep?.(steps.at(-1)!);
  };
  return {
    steps,
    now,
    record,
    /** Runs one step: recorded ok with `detail(value)`, or failed with the error's message (and rethrown). */
    async step<T>(name: Name, fn: () => Promise<T>, detail: (v: T) => string): Promise<T> {
      const s = now();
      try {
        const v = await fn();
        record(name, true, detail(v), s);
        return v;
      } catch (err) {
        record(name, false, err instanceof Error ? err.message : String(err), s);
        throw err;
      }
    },
    done(outcome: PushResult["outcome"], message: string, extra: Partial<PushResult<Name>> = {}): PushResult<Name> {
      return { outcome, message, steps, durationMs: now() - t0, ...extra };
    },
  };
}
