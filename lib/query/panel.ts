import type { Panel } from "@/lib/overview/types";
import { describeFailure } from "@/lib/upstream/errors";

/** Turns a panel's work into its result: data with warnings, or its own error. */
export async function toPanel<T>(work: Promise<{ data: T; warnings: string[] }>): Promise<Panel<T>> {
  try {
    const { data, warnings } = await work;
    return { ok: true, data, warnings };
  } catch (err) {
    return { ok: false, error: describeFailure(err) };
  }
}
