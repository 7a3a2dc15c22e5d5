import { CDN, DB_BUCKETS, dbRole, HTTP_BUCKETS, NAMESPACE, PAGES, SERVICES, type Incident, type ServiceSpec } from "./catalog";
import { DATA_LAYER_FAMILIES, DataLayerRecorder } from "./data-layer";
import { histogramHandle, type HistogramHandle } from "./histogram";
import { RUM_FAMILIES, RumRecorder } from "./rum";
import { HpaSim, podUsage, VpaSim, type HpaReading } from "./autoscaling";
import type { RequestObservation, SystemState } from "./traces";
import { hash01, jitter, lognormalCdf, SIGMA, trafficShape } from "./stats";

/**
 * The simulation: a deterministic function of time and incidents. Counters are
 * integrated step by step, so the backfilled history and the live endpoint are one
 * continuous run (no counter resets at the seam).
 */

export type Target = string; // a service name, or "kubernetes"
export const KUBERNETES_TARGET = "kubernetes";

export interface Series {
  family: string;
  name: string;
  labels: [string, string][];
  type: "counter" | "gauge" | "histogram";
  target: Target;
  value: number;
  /** histogram buckets carry an exemplar in the live exposition */
  exemplar?: { traceId: string; value: number; time: number };
  /** false while the series does not exist (pod not running) */
  present: boolean;
}

/** How the recorders of model.ts's companions (rum.ts, data-layer.ts) find or create a series. */
export type SeriesGetter = (target: Target, family: string, name: string, labels: [string, string][], type: Series["type"]) => Series;

export interface Family {
  name: string;
  type: "counter" | "gauge" | "histogram";
  help: string;
  unit?: string;
}

export const FAMILIES: Family[] = [
  { name: "http_requests", type: "counter", help: "HTTP requests handled." },
  { name: "http_request_duration_seconds", type: "histogram", help: "HTTP request latency.", unit: "seconds" },
  { name: "database_query_duration_seconds", type: "histogram", help: "Database query latency.", unit: "seconds" },
  { name: "cache_hit_rate", type: "gauge", help: "Share of cache lookups that hit." },
  { name: "active_connections", type: "gauge", help: "Open client connections." },
  { name: "container_cpu_usage_seconds", type: "counter", help: "Cumulative CPU time consumed.", unit: "seconds" },
  { name: "container_memory_working_set_bytes", type: "gauge", help: "Current working set.", unit: "bytes" },
  { name: "kube_pod_container_resource_requests", type: "gauge", help: "Resources requested by a container." },
  { name: "kube_deployment_status_replicas", type: "gauge", help: "Replicas of a deployment." },
  { name: "kube_horizontalpodautoscaler_status_current_replicas", type: "gauge", help: "Current replicas of an HPA." },
  { name: "kube_horizontalpodautoscaler_status_desired_replicas", type: "gauge", help: "Desired replicas of an HPA." },
  { name: "kube_deployment_spec_replicas", type: "gauge", help: "Replicas a deployment asks for." },
  { name: "kube_horizontalpodautoscaler_spec_min_replicas", type: "gauge", help: "Lower limit of replicas of an HPA." },
  { name: "kube_horizontalpodautoscaler_spec_max_replicas", type: "gauge", help: "Upper limit of replicas of an HPA." },
  { name: "kube_horizontalpodautoscaler_spec_target_metric", type: "gauge", help: "Target of each metric of an HPA." },
  ...["lowerbound", "target", "upperbound", "uncappedtarget"].map((b) => ({
    name: `kube_verticalpodautoscaler_status_recommendation_containerrecommendations_${b}`,
    type: "gauge" as const,
    help: `VPA recommendation (${b}) per container and resource.`,
  })),
  ...RUM_FAMILIES,
  ...DATA_LAYER_FAMILIES,
];

// ---------- pure helpers ----------

export { hash01, lognormalCdf, normalCdf, SIGMA, trafficShape } from "./stats";

function podName(service: string, i: number): string {
  // <deployment>-<pod-template-hash>-<5 characters>, as a Deployment's pods are named
  const h = Math.floor(hash01(service.length * 31 + i, 7) * 36 ** 5).toString(36).padStart(5, "0");
  return `${service}-7c9d${service.length.toString(16)}f-${h.slice(0, 5)}`;
}

/** What a service is going through at `t`: its incidents, its load and the resulting latency factor. Pure. */
export function serviceConditions(spec: ServiceSpec, index: number, t: number, incidents: Incident[]) {
  const active = incidents.filter((i) => i.service === spec.name && i.start <= t && t < i.end);
  const outage = active.some((i) => i.kind === "outage");
  const latencyFactor = active.filter((i) => i.kind === "latency").reduce((f, i) => f * i.magnitude, 1);
  const dbFactor = active.filter((i) => i.kind === "slow-db").reduce((f, i) => f * i.magnitude, 1);
  const extraErrors = active.filter((i) => i.kind === "errors").reduce((e, i) => Math.max(e, i.magnitude), 0);
  const load = trafficShape(t) * jitter(t, index, 0.06);
  const rps = outage ? 0 : spec.peakRps * load;
  // Slow queries make requests slower too: about 40% of a request's time is database time.
  const requestFactor = latencyFactor * (1 + 0.4 * (dbFactor - 1) * 0.15) * (1 + 0.25 * load * load);
  return { outage, latencyFactor, dbFactor, extraErrors, load, rps, requestFactor };
}

export type ServiceConditions = ReturnType<typeof serviceConditions>;

// ---------- the simulation ----------

interface ServiceState {
  spec: ServiceSpec;
  index: number;
  replicas: number;
  hpa?: HpaSim;
  vpa?: VpaSim;
}

export class Simulation {
  readonly series: Series[] = [];
  private readonly byKey = new Map<string, Series>();
  private readonly states: ServiceState[];
  time: number;
  incidents: Incident[];
  /** services that were down at the last step (their scrape fails) */
  readonly down = new Set<string>();
  /** sees every live step's HTTP requests (the trace generator) */
  observer?: (o: RequestObservation) => void;
  /** histograms by family and labels, their series looked up once */
  private readonly handles = new Map<string, HistogramHandle>();
  private readonly rum = new RumRecorder((...a) => this.get(...a));
  private readonly dataLayer = new DataLayerRecorder((...a) => this.get(...a));

  constructor(start: number, incidents: Incident[] = []) {
    this.time = start;
    this.incidents = incidents;
    this.states = SERVICES.map((spec, index) => ({
      spec,
      index,
      replicas: spec.replicas.min,
      ...(spec.hpa ? { hpa: new HpaSim(spec, spec.replicas.min) } : {}),
      ...(spec.vpa ? { vpa: new VpaSim(spec) } : {}),
    }));
  }

  /**
   * The cluster's HPA for a service changed (scripts/stack/autoscaling-sync.ts follows the API
   * server): its controller scales by the new spec from the next sync on. False for a
   * service the simulator does not run.
   */
  setHpaSpec(service: string, hpaSpec: Record<string, unknown>): boolean {
    const st = this.states.find((s) => s.spec.name === service);
    if (!st) return false;
    if (st.hpa) st.hpa.respec(hpaSpec);
    else st.hpa = new HpaSim({ ...st.spec, hpa: hpaSpec }, st.replicas);
    return true;
  }

  /** The cluster's VPA for a service changed: its bounds and update mode apply at once. */
  setVpaSpec(service: string, vpaSpec: Record<string, unknown>): boolean {
    const st = this.states.find((s) => s.spec.name === service);
    if (!st) return false;
    if (st.vpa) st.vpa.respec(vpaSpec);
    else st.vpa = new VpaSim({ ...st.spec, vpa: vpaSpec });
    return true;
  }

  /** What a VPA's status would say now (the recommender's last numbers), per service that has one. */
  verticalAutoscaling(): { service: string; mode: string; requests: { cpu: number; memory: number }; recommendation: VpaSim["recommendation"] }[] {
    return this.states.flatMap((st) => (st.vpa ? [{ service: st.spec.name, mode: st.vpa.mode, requests: st.vpa.requests, recommendation: st.vpa.recommendation }] : []));
  }

  /** What an HPA's status would say now, per service that has one. */
  autoscaling(): { service: string; replicas: number; desiredReplicas: number; minReplicas: number; maxReplicas: number; lastScaleTime: number | null; limitedBy: string | null; readings: HpaReading[] }[] {
    return this.states.flatMap((st) =>
      st.hpa
        ? [{ service: st.spec.name, replicas: st.replicas, desiredReplicas: st.hpa.desired, minReplicas: st.hpa.controller.minReplicas, maxReplicas: st.hpa.controller.maxReplicas, lastScaleTime: st.hpa.lastScaleTime, limitedBy: st.hpa.limitedBy, readings: st.hpa.readings }]
        : [],
    );
  }

  private get(target: Target, family: Family["name"], name: string, labels: [string, string][], type: Series["type"]): Series {
    const key = `${name}{${labels.map(([k, v]) => `${k}=${v}`).join(",")}}`;
    let s = this.byKey.get(key);
    if (!s) {
      s = { family, name, labels, type, target, value: 0, present: true };
      this.byKey.set(key, s);
      this.series.push(s);
    }
    return s;
  }

  activeIncidents(service: string, t: number): Incident[] {
    return this.incidents.filter((i) => i.service === service && i.start <= t && t < i.end);
  }

  /** Advance to `to` (unix seconds) in steps of at most `maxStep` seconds. */
  advanceTo(to: number, maxStep = 5): void {
    while (this.time < to - 1e-9) {
      const dt = Math.min(maxStep, to - this.time);
      this.step(this.time + dt / 2, dt);
      this.time += dt;
    }
  }

  private histogram(
    target: Target,
    family: string,
    labels: [string, string][],
    buckets: number[],
    count: number,
    median: number,
    t: number,
    exemplars: boolean,
  ): { traceId: string; value: number; time: number }[] {
    const key = `${family}{${labels.map(([k, v]) => `${k}=${v}`).join(",")}}`;
    let h = this.handles.get(key);
    if (!h) {
      h = histogramHandle((...a) => this.get(...a), target, family, labels, buckets);
      this.handles.set(key, h);
    }
    const made: { traceId: string; value: number; time: number }[] = [];
    let below = 0;
    for (let i = 0; i < buckets.length; i++) {
      const le = buckets[i]!;
      const s = h.buckets[i]!;
      const cdf = lognormalCdf(le, median);
      s.value += count * cdf;
      // An exemplar is a request that fell in this bucket (not in a lower one).
      if (exemplars && count * (cdf - below) >= 0.5) {
        const lower = buckets[i - 1] ?? 0;
        s.exemplar = { traceId: randomTraceId(), value: lower + (le - lower) * Math.random(), time: t };
        made.push(s.exemplar);
      }
      below = cdf;
    }
    h.inf.value += count;
    h.count.value += count;
    h.sum.value += count * median * Math.exp((SIGMA * SIGMA) / 2);
    return made;
  }

  /** Incidents at `t` as the traces see them: which services are down, whose database is slow. */
  systemState(t: number): SystemState {
    const down = new Set(SERVICES.filter((s) => this.activeIncidents(s.name, t).some((i) => i.kind === "outage")).map((s) => s.name));
    return {
      down,
      dbFactor: (service) => this.activeIncidents(service, t).filter((i) => i.kind === "slow-db").reduce((f, i) => f * i.magnitude, 1),
    };
  }

  private step(t: number, dt: number) {
    const live = dt <= 5;
    const context = live && this.observer ? this.systemState(t) : undefined;
    for (const st of this.states) {
      const { spec } = st;
      const svc: [string, string] = ["service", spec.name];
      const { outage, latencyFactor, dbFactor, extraErrors, load, rps, requestFactor } = serviceConditions(spec, st.index, t, this.incidents);
      if (outage) this.down.add(spec.name);
      else this.down.delete(spec.name);

      if (!outage) {
        for (const ep of spec.endpoints) {
          const base: [string, string][] = [svc, ["method", ep.method], ["endpoint", ep.endpoint]];
          const n = rps * ep.share * dt;
          const errRatio = Math.min(0.95, spec.baseErrorRatio * jitter(t, st.index + 50, 0.5) + extraErrors);
          const nf = ep.notFound ?? 0;
          const statuses: [string, number, number][] = [
            ["200", n * (1 - errRatio - nf), 1],
            ["500", n * errRatio, 0.7],
          ];
          if (nf > 0) statuses.push(["404", n * nf, 0.5]);
          for (const [status, count, speed] of statuses) {
            const labels: [string, string][] = [...base, ["status", status]];
            this.get(spec.name, "http_requests", "http_requests_total", labels, "counter").value += count;
            const median = ep.median * requestFactor * speed;
            const exemplars = this.histogram(spec.name, "http_request_duration_seconds", labels, HTTP_BUCKETS, count, median, t, live);
            if (context) this.observer?.({ service: spec.name, method: ep.method, endpoint: ep.endpoint, status, count, median, t, dt, exemplars, context });
          }
        }
        for (const db of spec.db) {
          const n = rps * 2.5 * db.share * dt;
          this.histogram(
            spec.name,
            "database_query_duration_seconds",
            [svc, ["operation", db.operation], ["table", db.table], ["role", dbRole(db.operation)]],
            DB_BUCKETS,
            n,
            db.median * dbFactor * (1 + 0.2 * load),
            t,
            false,
          );
        }
        // real users of the pages whose API this service serves
        for (const page of PAGES) if (page.service === spec.name) this.rum.record(page, requestFactor, page.peakViews * load * dt);
      }
      for (const cdn of CDN) if (cdn.service === spec.name) this.dataLayer.cdn(cdn, t, dt, load);
      this.dataLayer.replication(spec.name, st.index, t, load, dbFactor);
      for (const cache of spec.caches) {
        const dip = dbFactor > 1 || latencyFactor > 1 ? 0.12 : 0;
        this.get(spec.name, "cache_hit_rate", "cache_hit_rate", [svc, ["cache_type", cache.type]], "gauge").value = Math.max(
          0,
          Math.min(1, (cache.hitRate - dip) * jitter(t, st.index + 90, 0.02)),
        );
      }
      const meanLatency = spec.endpoints.reduce((a, ep) => a + ep.share * ep.median * requestFactor, 0) * Math.exp((SIGMA * SIGMA) / 2);
      this.get(spec.name, "active_connections", "active_connections", [svc], "gauge").value = outage
        ? 0
        : Math.round(8 + rps * meanLatency * 6 * jitter(t, st.index + 120, 0.1));

      this.kubernetes(st, t, dt, rps, outage, latencyFactor);
    }
  }

  private kubernetes(st: ServiceState, t: number, dt: number, rps: number, outage: boolean, cpuFactor: number) {
    const { spec } = st;
    const k = KUBERNETES_TARGET;
    const ns: [string, string] = ["namespace", NAMESPACE];
    const requests = st.vpa?.requests ?? spec.requests;
    if (st.hpa) {
      // during an outage the metrics are gone: the controller cannot compute and leaves the count
      st.replicas = st.hpa.sync(t, st.replicas, rps, requests, !outage, cpuFactor);
      this.hpaSeries(st.hpa, st.replicas, ns, spec.name);
    }
    const running = outage ? 0 : st.replicas;
    st.vpa?.observe(t, running ? podUsage(spec, rps, running, cpuFactor) : null);
    if (st.vpa) this.vpaSeries(st.vpa, ns, spec.name);
    this.get(k, "kube_deployment_status_replicas", "kube_deployment_status_replicas", [ns, ["deployment", spec.name]], "gauge").value = running;
    this.get(k, "kube_deployment_spec_replicas", "kube_deployment_spec_replicas", [ns, ["deployment", spec.name]], "gauge").value = st.replicas;
    const use = podUsage(spec, rps, running, cpuFactor);
    // as many pod slots as the HPA may ask for (a pushed spec may allow more than the catalog's)
    for (let i = 0; i < Math.max(spec.replicas.max, st.hpa?.controller.maxReplicas ?? 0); i++) {
      const pod: [string, string][] = [ns, ["pod", podName(spec.name, i)], ["container", spec.name]];
      const present = i < running;
      const cpu = this.get(k, "container_cpu_usage_seconds", "container_cpu_usage_seconds_total", pod, "counter");
      const mem = this.get(k, "container_memory_working_set_bytes", "container_memory_working_set_bytes", pod, "gauge");
      const reqCpu = this.get(k, "kube_pod_container_resource_requests", "kube_pod_container_resource_requests", [...pod, ["resource", "cpu"], ["unit", "core"]], "gauge");
      const reqMem = this.get(k, "kube_pod_container_resource_requests", "kube_pod_container_resource_requests", [...pod, ["resource", "memory"], ["unit", "byte"]], "gauge");
      for (const s of [cpu, mem, reqCpu, reqMem]) s.present = present;
      if (!present) {
        cpu.value = 0; // a new pod starts its counter from zero
        continue;
      }
      cpu.value += use.cpu * jitter(t, st.index * 40 + i, 0.08) * dt;
      mem.value = Math.round(use.memory * jitter(t, st.index * 40 + i + 20, 0.03));
      reqCpu.value = requests.cpu;
      reqMem.value = requests.memory;
    }
  }

  /** kube-state-metrics' HPA series: the spec's bounds and targets, and the status. */
  private hpaSeries(hpa: HpaSim, replicas: number, ns: [string, string], name: string) {
    const k = KUBERNETES_TARGET;
    const id: [string, string][] = [ns, ["horizontalpodautoscaler", name]];
    const g = (metric: string, labels: [string, string][] = []) => this.get(k, metric, metric, [...id, ...labels], "gauge");
    g("kube_horizontalpodautoscaler_spec_min_replicas").value = hpa.controller.minReplicas;
    g("kube_horizontalpodautoscaler_spec_max_replicas").value = hpa.controller.maxReplicas;
    for (const m of hpa.targets) g("kube_horizontalpodautoscaler_spec_target_metric", [["metric_name", m.name], ["metric_target_type", m.type]]).value = m.value;
    g("kube_horizontalpodautoscaler_status_desired_replicas").value = hpa.desired;
    g("kube_horizontalpodautoscaler_status_current_replicas").value = replicas;
  }

  private vpaSeries(vpa: VpaSim, ns: [string, string], name: string) {
    const r = vpa.recommendation;
    if (!r) return;
    const k = KUBERNETES_TARGET;
    for (const [resource, unit, rec] of [["cpu", "core", r.cpu], ["memory", "byte", r.memory]] as const) {
      const labels: [string, string][] = [ns, ["verticalpodautoscaler", name], ["target_name", name], ["container", name], ["resource", resource], ["unit", unit]];
      for (const [bound, v] of [["lowerbound", rec.lowerBound], ["target", rec.target], ["upperbound", rec.upperBound], ["uncappedtarget", rec.uncappedTarget]] as const) {
        const metric = `kube_verticalpodautoscaler_status_recommendation_containerrecommendations_${bound}`;
        this.get(k, metric, metric, labels, "gauge").value = v;
      }
    }
  }

  /** Series a target exposes now (pods that are not running expose nothing). */
  seriesOf(target: Target): Series[] {
    return this.series.filter((s) => s.target === target && s.present);
  }
}

function randomTraceId(): string {
  let id = "";
  for (let i = 0; i < 32; i++) id += Math.floor(Math.random() * 16).toString(16);
  return id;
}

export const TARGETS: Target[] = [...SERVICES.map((s) => s.name), KUBERNETES_TARGET];
