import { REPLICATION_LAG_BASE, type CdnSpec } from "./catalog";
import type { Series, SeriesGetter } from "./model";
import { hash01, jitter } from "./stats";

/**
 * The CDN and the replicated databases, as their exporters show them.
 *
 * CDN: fastly-exporter's real-time counters (`fastly_rt_requests_total`,
 * `fastly_rt_hits_total`, `fastly_rt_miss_total`, `fastly_rt_pass_total`, labels
 * `service_id`, `service_name`, `datacenter`), plus the `service` label of the
 * backend the Fastly service fronts. Hit ratio = rate(hits) / rate(requests).
 *
 * Replication: postgres_exporter's `pg_replication_lag_seconds` (gauge, from
 * `now() - pg_last_xact_replay_timestamp()` on the replica), with `service` and
 * `server` labels. The query latency per role is the `role` label of
 * database_query_duration_seconds (model.ts).
 */

export const CDN_METRICS = {
  requests: "fastly_rt_requests_total",
  hits: "fastly_rt_hits_total",
  miss: "fastly_rt_miss_total",
  pass: "fastly_rt_pass_total",
} as const;
export const REPLICATION_LAG_METRIC = "pg_replication_lag_seconds";

export const DATA_LAYER_FAMILIES = [
  { name: "fastly_rt_requests", type: "counter" as const, help: "Number of requests processed." },
  { name: "fastly_rt_hits", type: "counter" as const, help: "Number of cache hits." },
  { name: "fastly_rt_miss", type: "counter" as const, help: "Number of cache misses." },
  { name: "fastly_rt_pass", type: "counter" as const, help: "Number of requests that passed through the CDN without being cached." },
  { name: REPLICATION_LAG_METRIC, type: "gauge" as const, help: "Replication lag behind master in seconds", unit: "seconds" },
];

/** Shares of a POP's requests at `t`: answered from cache, fetched from the origin, passed uncached. */
export function cdnShares(cdn: CdnSpec, dcIndex: number, t: number): { hit: number; miss: number; pass: number } {
  const dc = cdn.datacenters[dcIndex]!;
  const hit = Math.min(0.995 - cdn.passRatio, (cdn.hitRatio + dc.hitOffset) * jitter(t, 300 + dcIndex, 0.01));
  return { hit, miss: 1 - hit - cdn.passRatio, pass: cdn.passRatio };
}

/**
 * Replication lag of a service's replica at `t`: tens of milliseconds, more under
 * write load, a few short bursts a day (a big transaction, a vacuum), and seconds
 * while its database is slow (the replica replays behind the stalled primary).
 */
export function replicationLag(index: number, t: number, load: number, dbFactor: number): number {
  const minute = Math.floor(t / 60);
  const burst = hash01(minute, 500 + index) < 0.01 ? 4 : 1;
  const slow = dbFactor > 1 ? dbFactor * 3 : 1;
  return REPLICATION_LAG_BASE * (0.6 + 0.8 * load) * jitter(t, 400 + index, 0.35) * burst * slow;
}

export class DataLayerRecorder {
  private readonly cdnSeries = new Map<CdnSpec, { requests: Series; hits: Series; miss: Series; pass: Series }[]>();
  private readonly lagSeries = new Map<string, Series>();
  constructor(private readonly get: SeriesGetter) {}

  /** Edge requests of a step: `load` is the traffic relative to the weekday peak. */
  cdn(cdn: CdnSpec, t: number, dt: number, load: number): void {
    let series = this.cdnSeries.get(cdn);
    if (!series) {
      series = cdn.datacenters.map((dc) => {
        const labels: [string, string][] = [["service", cdn.service], ["service_id", cdn.fastlyId], ["service_name", cdn.fastlyName], ["datacenter", dc.code]];
        const c = (name: string) => this.get(cdn.service, name.replace(/_total$/, ""), name, labels, "counter");
        return { requests: c(CDN_METRICS.requests), hits: c(CDN_METRICS.hits), miss: c(CDN_METRICS.miss), pass: c(CDN_METRICS.pass) };
      });
      this.cdnSeries.set(cdn, series);
    }
    cdn.datacenters.forEach((dc, i) => {
      const n = cdn.peakRps * load * dc.share * dt;
      const s = cdnShares(cdn, i, t);
      const c = series[i]!;
      c.requests.value += n;
      c.hits.value += n * s.hit;
      c.miss.value += n * s.miss;
      c.pass.value += n * s.pass;
    });
  }

  replication(service: string, index: number, t: number, load: number, dbFactor: number): void {
    let s = this.lagSeries.get(service);
    if (!s) {
      s = this.get(service, REPLICATION_LAG_METRIC, REPLICATION_LAG_METRIC, [["service", service], ["server", `${service}-db-replica:5432`]], "gauge");
      this.lagSeries.set(service, s);
    }
    s.value = replicationLag(index, t, load, dbFactor);
  }
}
