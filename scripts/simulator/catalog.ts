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
  { service: "payment-service", kind: "errors", agoHours: 98, minutes: 30, magnitude: 0.12 },
  { service: "inventory-service", kind: "outage", agoHours: 147, minutes: 20, magnitude: 1 },
  { service: "catalog-service", kind: "slow-db", agoHours: 218, minutes: 60, magnitude: 8 },
  { service: "user-service", kind: "errors", agoHours: 290, minutes: 15, magnitude: 0.25 },
];
