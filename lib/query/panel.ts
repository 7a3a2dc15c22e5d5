import { describeFailure, type FailureInfo } from "@/lib/upstream/errors";

/** One panel's result as the browser gets it: every panel succeeds or fails on its own. */
export type Panel<T> = { ok: true; data: T; warnings: string[] } | { ok: false; error: FailureInfo };

/** Turns a panel's work into its result: data with warnings, or its own error. */
export async function toPanel<T>(work: Promise<{ data: T; warnings: string[] }>): Promise<Panel<T>> {
  try {
    const { data, warnings } = await work;
    return { ok: true, data, warnings };
  } catch (err) {
    return { ok: false, error: describeFailure(err) };
  }
}
