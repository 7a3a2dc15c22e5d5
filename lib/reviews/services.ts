import "server-only";
import { getConfig } from "@/lib/config";
import { SERVICE_DISCOVERY_METRIC } from "@/lib/overview/queries";
import { labelValues } from "@/lib/prometheus/client";

/** Services Prometheus knows over the last 30 days, for the pickers; empty when it cannot say. */
export async function knownServices(now = Date.now() / 1000): Promise<string[]> {
  try {
    const r = await labelValues(getConfig().prometheus, "service", { match: [SERVICE_DISCOVERY_METRIC], start: now - 30 * 86400, end: now });
    return [...r.data].sort();
  } catch {
    return [];
  }
}
