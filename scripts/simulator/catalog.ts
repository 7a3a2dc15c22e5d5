import { referenceHpaSpec, referenceVpaSpec } from "../../lib/scaling/reference";
/**
 * The reference e-commerce system the simulator plays: five services behind an API
 * gateway, each with its endpoints, database tables and caches. Numbers are chosen
 * to look like a mid-sized shop: tens of requests per second per service, p95 around
 * 100–250 ms, one deliberately slow endpoint (order search).
 */

export interface EndpointSpec {
  method: string;
  endpoint: string;
  /** share of the service's traffic */
  share: number;
  /** median latency in seconds */
  median: number;
  /** extra share of 404s (lookups of missing items) */
  notFound?: number;
}

export interface ServiceSpec {
  name: string;
  /** requests per second at the daily peak on a weekday */
  peakRps: number;
  /** background share of 5xx (jittered ±50 % per minute); kept under 0.1 % so the demo's 99.9 % SLOs hold outside incidents */
  baseErrorRatio: number;
  endpoints: EndpointSpec[];
  db: { operation: string; table: string; median: number; share: number }[];
  caches: { type: string; hitRate: number }[];
  replicas: { min: number; max: number; cpuPerRequest: number; memoryBase: number };
  requests: { cpu: number; memory: number };
  /** the `spec` of the workload's HorizontalPodAutoscaler (autoscaling/v2), if it has one */
  hpa?: Record<string, unknown>;
  /** the `spec` of its VerticalPodAutoscaler (autoscaling.k8s.io/v1), if it has one */
  vpa?: Record<string, unknown>;
}

/** The reference profiles (lib/scaling/reference.ts): the HPA of order-service, the VPA of catalog-service. */
export const REFERENCE_HPA_SPEC = referenceHpaSpec();
export const REFERENCE_VPA_SPEC = referenceVpaSpec();

export const NAMESPACE = "shop";

export const SERVICES: ServiceSpec[] = [
  {
    name: "order-service",
    peakRps: 60,
    baseErrorRatio: 0.0004,
    endpoints: [
      { method: "POST", endpoint: "/api/orders", share: 0.25, median: 0.09 },
      { method: "GET", endpoint: "/api/orders/{id}", share: 0.45, median: 0.035, notFound: 0.01 },
      { method: "GET", endpoint: "/api/orders/search", share: 0.3, median: 0.13 },
    ],
    db: [
      { operation: "insert", table: "orders", median: 0.008, share: 0.3 },
      { operation: "select", table: "orders", median: 0.004, share: 0.7 },
    ],
    caches: [{ type: "redis", hitRate: 0.86 }],
    // ~0.4 cores per pod at 12 requests/s: the daily peak takes it to 6–7 pods at 70 % CPU
    replicas: { min: 3, max: 20, cpuPerRequest: 0.03, memoryBase: 250e6 },
    requests: { cpu: 0.5, memory: 512 * 2 ** 20 },
    hpa: REFERENCE_HPA_SPEC,
  },
  {
    name: "catalog-service",
    peakRps: 140,
    baseErrorRatio: 0.0002,
    endpoints: [
      { method: "GET", endpoint: "/api/products", share: 0.55, median: 0.028 },
      { method: "GET", endpoint: "/api/products/{id}", share: 0.4, median: 0.018, notFound: 0.015 },
      { method: "PUT", endpoint: "/api/products/{id}", share: 0.05, median: 0.06 },
    ],
    db: [
      { operation: "select", table: "products", median: 0.003, share: 0.9 },
      { operation: "update", table: "products", median: 0.009, share: 0.1 },
    ],
    caches: [
      { type: "redis", hitRate: 0.93 },
      { type: "local", hitRate: 0.71 },
    ],
    replicas: { min: 2, max: 2, cpuPerRequest: 0.003, memoryBase: 600e6 },
    // over-provisioned CPU and tight memory: its VPA brings both to the usage within the first day
    requests: { cpu: 1, memory: 768 * 2 ** 20 },
    vpa: REFERENCE_VPA_SPEC,
  },
  {
    name: "payment-service",
    peakRps: 18,
    baseErrorRatio: 0.0006,
    endpoints: [
      { method: "POST", endpoint: "/api/payments", share: 0.7, median: 0.09 },
      { method: "GET", endpoint: "/api/payments/{id}", share: 0.3, median: 0.03 },
    ],
    db: [
      { operation: "insert", table: "payments", median: 0.01, share: 0.6 },
      { operation: "select", table: "payments", median: 0.004, share: 0.4 },
    ],
    caches: [{ type: "redis", hitRate: 0.62 }],
    replicas: { min: 2, max: 2, cpuPerRequest: 0.01, memoryBase: 300e6 },
    requests: { cpu: 0.25, memory: 384 * 2 ** 20 },
  },
  {
    name: "user-service",
    peakRps: 45,
    baseErrorRatio: 0.0003,
    endpoints: [
      { method: "POST", endpoint: "/api/sessions", share: 0.3, median: 0.07 },
      { method: "GET", endpoint: "/api/users/{id}", share: 0.7, median: 0.015, notFound: 0.005 },
    ],
    db: [{ operation: "select", table: "users", median: 0.003, share: 1 }],
    caches: [{ type: "redis", hitRate: 0.95 }],
    replicas: { min: 2, max: 2, cpuPerRequest: 0.004, memoryBase: 250e6 },
    requests: { cpu: 0.25, memory: 256 * 2 ** 20 },
  },
  {
    name: "inventory-service",
    peakRps: 35,
    baseErrorRatio: 0.0005,
    endpoints: [
      { method: "GET", endpoint: "/api/stock/{sku}", share: 0.8, median: 0.02 },
      { method: "POST", endpoint: "/api/reservations", share: 0.2, median: 0.075 },
    ],
    db: [
      { operation: "select", table: "stock", median: 0.004, share: 0.75 },
      { operation: "update", table: "stock", median: 0.012, share: 0.25 },
    ],
    caches: [{ type: "local", hitRate: 0.78 }],
    replicas: { min: 2, max: 2, cpuPerRequest: 0.004, memoryBase: 220e6 },
    requests: { cpu: 0.25, memory: 256 * 2 ** 20 },
  },
];

export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const DB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export type IncidentKind = "latency" | "errors" | "outage" | "slow-db";
export const INCIDENT_KINDS: IncidentKind[] = ["latency", "errors", "outage", "slow-db"];

export interface Incident {
  id: string;
  service: string;
  kind: IncidentKind;
  /** unix seconds */
  start: number;
  end: number;
  /** latency/slow-db: factor on latency; errors: error ratio */
  magnitude: number;
}

export const DEFAULT_MAGNITUDE: Record<IncidentKind, number> = { latency: 6, errors: 0.2, outage: 1, "slow-db": 10 };

/** Past incidents placed in the history, relative to its end. */
export const HISTORY_INCIDENTS: { service: string; kind: IncidentKind; agoHours: number; minutes: number; magnitude: number }[] = [
  { service: "order-service", kind: "errors", agoHours: 20, minutes: 25, magnitude: 0.08 },
  { service: "order-service", kind: "latency", agoHours: 51, minutes: 45, magnitude: 5 },
  // two more for order-service, so that "last week" holds at least one of its incidents on any day of the week
  { service: "order-service", kind: "latency", agoHours: 100, minutes: 35, magnitude: 4 },
  { service: "order-service", kind: "errors", agoHours: 170, minutes: 20, magnitude: 0.06 },
  { service: "payment-service", kind: "errors", agoHours: 98, minutes: 30, magnitude: 0.12 },
  { service: "inventory-service", kind: "outage", agoHours: 147, minutes: 20, magnitude: 1 },
  { service: "catalog-service", kind: "slow-db", agoHours: 218, minutes: 60, magnitude: 8 },
  { service: "user-service", kind: "errors", agoHours: 290, minutes: 15, magnitude: 0.25 },
];

// ---------- real users, the CDN and the replicated databases ----------

/** A shape of distribution: lognormal (median, sigma), with an optional share of exact zeros (CLS: most page loads shift nothing). */
export interface VitalShape {
  /** median without the backend's share, in the vital's unit */
  base: number;
  /** the backend's share of the median at normal latency (seconds on the critical path); scaled by the service's latency */
  api: number;
  sigma: number;
  /** share of page loads whose value is exactly 0 */
  zero?: number;
}

export interface PageSpec {
  /** the route as the RUM pipeline reports it (ids templated, as in http.route) */
  page: string;
  /** the backend whose API the page mostly calls (its `service` label) */
  service: string;
  /** page loads per second that report web vitals, at the weekday peak */
  peakViews: number;
  /** share of page loads with an interaction (only those report INP) */
  interactive: number;
  lcp: VitalShape;
  inp: VitalShape;
  cls: VitalShape;
}

/**
 * The shop's pages. At normal load the 75th percentiles come out at LCP ~1.9–2.8 s
 * (product pages, heavy images, "needs improvement"), INP ~130–240 ms (checkout's
 * payment form is the slow one) and CLS ~0.03–0.09. A latency incident of the
 * backend moves LCP (the API call is on the critical path) and a little of INP.
 */
export const PAGES: PageSpec[] = [
  {
    page: "/",
    service: "catalog-service",
    peakViews: 30,
    interactive: 0.6,
    lcp: { base: 1.2, api: 0.17, sigma: 0.45 },
    inp: { base: 0.08, api: 0.008, sigma: 0.55 },
    cls: { base: 0.03, api: 0, sigma: 0.9, zero: 0.45 },
  },
  {
    page: "/products/{id}",
    service: "catalog-service",
    peakViews: 45,
    interactive: 0.7,
    lcp: { base: 1.8, api: 0.17, sigma: 0.5 },
    inp: { base: 0.095, api: 0.012, sigma: 0.55 },
    cls: { base: 0.06, api: 0, sigma: 0.9, zero: 0.3 },
  },
  {
    page: "/cart",
    service: "inventory-service",
    peakViews: 12,
    interactive: 0.85,
    lcp: { base: 1.2, api: 0.23, sigma: 0.45 },
    inp: { base: 0.105, api: 0.02, sigma: 0.55 },
    cls: { base: 0.04, api: 0, sigma: 0.9, zero: 0.5 },
  },
  {
    page: "/checkout",
    service: "payment-service",
    peakViews: 5,
    interactive: 0.95,
    lcp: { base: 1.35, api: 0.3, sigma: 0.45 },
    inp: { base: 0.13, api: 0.03, sigma: 0.55 },
    cls: { base: 0.05, api: 0, sigma: 0.9, zero: 0.4 },
  },
  {
    page: "/orders",
    service: "order-service",
    peakViews: 8,
    interactive: 0.75,
    lcp: { base: 1.35, api: 0.35, sigma: 0.45 },
    inp: { base: 0.1, api: 0.015, sigma: 0.55 },
    cls: { base: 0.07, api: 0, sigma: 0.9, zero: 0.35 },
  },
];

/** Buckets of the RUM histograms: the web.dev thresholds are bucket bounds, so a rating is exact. */
export const LCP_BUCKETS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 6, 10];
export const INP_BUCKETS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1];
export const CLS_BUCKETS = [0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.5];

/** A Fastly service in front of a backend: its static assets and images. */
export interface CdnSpec {
  service: string;
  /** Fastly's service name and id (labels service_name, service_id of fastly-exporter) */
  fastlyName: string;
  fastlyId: string;
  /** edge requests per second at the weekday peak */
  peakRps: number;
  /** share of requests answered from the edge cache, and of requests passed to the origin uncached */
  hitRatio: number;
  passRatio: number;
  /** POPs and their share of the traffic, with an offset on the hit ratio (a smaller POP's cache is colder) */
  datacenters: { code: string; share: number; hitOffset: number }[];
}

export const CDN: CdnSpec[] = [
  {
    service: "catalog-service",
    fastlyName: "shop-static",
    fastlyId: "4tYGx9LbKsQ2mWc7Rj1pZe",
    peakRps: 900,
    hitRatio: 0.935,
    passRatio: 0.01,
    datacenters: [
      { code: "FRA", share: 0.45, hitOffset: 0.005 },
      { code: "AMS", share: 0.3, hitOffset: 0 },
      { code: "LHR", share: 0.25, hitOffset: -0.02 },
    ],
  },
];

/** Every service's database has one streaming replica: reads (select) go to it, writes to the primary. */
export function dbRole(operation: string): "primary" | "replica" {
  return operation === "select" ? "replica" : "primary";
}

/** Replication lag of a replica at normal load, in seconds (postgres_exporter's pg_replication_lag_seconds). */
export const REPLICATION_LAG_BASE = 0.018;
