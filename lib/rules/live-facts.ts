import { parse } from "yaml";
import type { BackendConfig } from "@/lib/config";
import { queryInstant } from "@/lib/prometheus/client";
import { loadedConfig, metricMetadata } from "@/lib/prometheus/metadata";
import type { LiveFacts } from "@/lib/rules/semantic";
import { durationSeconds } from "@/lib/rules/validate";

/**
 * Live facts for the rule checks, from a Prometheus-compatible backend. Not
 * server-only: `npm run rules:check -- --prometheus URL` uses it too.
 *
 * seriesCount runs `count(<selector>)` as an instant query rather than listing
 * /api/v1/series: the answer is one number however many series match (a broad
 * selector can match tens of thousands), and "now" means what it means when the
 * rule is evaluated: the 5m lookback with staleness, so series of targets that are
 * gone do not count. /api/v1/series?start=now-5m would also return series that
 * ended within the window and transfer every label set.
 */
export function prometheusFacts(cfg: BackendConfig): LiveFacts {
  return {
    async seriesCount(selector) {
      const { data } = await queryInstant(cfg, `count(${selector})`);
      const value = data[0]?.value[1];
      return value === undefined ? 0 : Number(value);
    },
    async metricType(metric) {
      const types = new Set((await metricMetadata(cfg, metric)).map((m) => m.type));
      // several targets disagreeing is as good as unknown
      return types.size === 1 ? [...types][0] : undefined;
    },
    async scrapeInterval() {
      const config = parse(await loadedConfig(cfg)) as { global?: { scrape_interval?: unknown } } | null;
      const v = config?.global?.scrape_interval;
      // Prometheus writes out the effective configuration; its default is 1m.
      return typeof v === "string" ? durationSeconds(v) : 60;
    },
  };
}
