import { SERVICES, NAMESPACE, type ServiceSpec } from "./catalog";
import { SIGMA } from "./model";

/**
 * Traces of the reference system, drawn from the same model as the metrics: every
 * request the model observes live may become a trace — always when its latency
 * became an exemplar (so every exemplar's trace id exists in Jaeger), otherwise by
 * head sampling (10 % by default, as the reference system samples). A trace enters
 * at one service and fans out the way the shop calls itself:
 *
 *   order-service → user-service (who), inventory-service (stock), payment-service
 *   (on POST /api/orders), its own database and cache;
 *   catalog-service → its caches, then its database on a miss;
 *   the others → their database.
 *
 * The root span lasts exactly the observed latency; children are placed inside it
 * in call order, scaled to fit. Incidents show: slow database spans during slow-db,
 * error status on 5xx, a refused connection (and no spans) from a service in an
 * outage. Spans are OTLP-JSON, as an OpenTelemetry SDK exports them over OTLP/HTTP.
 */

export interface RequestObservation {
  service: string;
  method: string;
  endpoint: string;
  status: string;
  /** requests with this status in the step (fractional) */
  count: number;
  /** the median latency (s) the model used for them */
  median: number;
  /** step middle and length (unix s) */
  t: number;
  dt: number;
  /** exemplars the step produced for these requests */
  exemplars: { traceId: string; value: number; time: number }[];
  /** the state of the system now, for every service a trace reaches */
  context: SystemState;
}

export interface SystemState {
  /** factor on a service's database latency (slow-db incident) */
  dbFactor(service: string): number;
  /** services in an outage now */
  down: ReadonlySet<string>;
}

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean } | { doubleValue: number };
interface KeyValue {
  key: string;
  value: AnyValue;
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  status?: { code: number; message?: string };
  events?: { timeUnixNano: string; name: string; attributes: KeyValue[] }[];
}
export interface ResourceSpans {
  resource: { attributes: KeyValue[] };
  scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
}

const KIND = { internal: 1, server: 2, client: 3 } as const;
const ERROR = 2;

const str = (key: string, v: string): KeyValue => ({ key, value: { stringValue: v } });
const int = (key: string, v: number): KeyValue => ({ key, value: { intValue: String(Math.round(v)) } });
const bool = (key: string, v: boolean): KeyValue => ({ key, value: { boolValue: v } });

/** A sample of the latency model: lognormal around the median, as the histograms. */
export function drawLatency(median: number, rnd: () => number = Math.random): number {
  const u = Math.max(1e-9, rnd());
  const v = rnd();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(SIGMA * z);
}

function hex(bytes: number, rnd: () => number): string {
  let s = "";
  for (let i = 0; i < bytes * 2; i++) s += Math.floor(rnd() * 16).toString(16);
  return s;
}

const ns = (seconds: number) => BigInt(Math.round(seconds * 1e6)) * 1000n;

/** Builds the spans of one trace; collects them per service for export. */
class TraceBuilder {
  readonly spans: { service: string; span: OtlpSpan }[] = [];
  constructor(
    readonly traceId: string,
    private readonly rnd: () => number,
  ) {}

  add(service: string, parent: OtlpSpan | undefined, name: string, kind: number, start: number, duration: number, attributes: KeyValue[], error?: string): OtlpSpan {
    const span: OtlpSpan = {
      traceId: this.traceId,
      spanId: hex(8, this.rnd),
      ...(parent ? { parentSpanId: parent.spanId } : {}),
      name,
      kind,
      startTimeUnixNano: ns(start).toString(),
      endTimeUnixNano: ns(start + Math.max(duration, 1e-6)).toString(),
      attributes,
      ...(error ? { status: { code: ERROR, message: error } } : {}),
    };
    this.spans.push({ service, span });
    return span;
  }
}

interface Call {
  /** natural duration (s) before fitting into the parent */
  duration: number;
  emit(b: TraceBuilder, parent: OtlpSpan, start: number, duration: number): void;
}

export interface TraceOptions {
  /** head-sampling probability for requests that are not exemplars */
  sample: number;
  rnd?: () => number;
}

const spec = (name: string): ServiceSpec => SERVICES.find((s) => s.name === name)!;

export class TraceModel {
  private readonly rnd: () => number;
  constructor(private readonly opts: TraceOptions) {
    this.rnd = opts.rnd ?? Math.random;
  }

  /** The traces for one step's observation of one endpoint and status. */
  tracesFor(o: RequestObservation): TraceBuilder[] {
    const out: TraceBuilder[] = [];
    for (const e of o.exemplars) out.push(this.request(e.traceId, o, e.time - e.value, e.value));
    const expected = Math.max(0, o.count - o.exemplars.length) * this.opts.sample;
    const n = Math.floor(expected) + (this.rnd() < expected % 1 ? 1 : 0);
    for (let i = 0; i < n; i++) {
      const duration = drawLatency(o.median, this.rnd);
      const end = o.t - o.dt / 2 + this.rnd() * o.dt;
      out.push(this.request(hex(16, this.rnd), o, end - duration, duration));
    }
    return out;
  }

  /** A batch order import on order-service: `items` × (insert + stock reservation) — the large traces. */
  batchImport(items: number, end: number, o: SystemState): TraceBuilder {
    const b = new TraceBuilder(hex(16, this.rnd), this.rnd);
    const calls: Call[] = [];
    for (let i = 0; i < items; i++) {
      calls.push(this.db("order-service", "insert", "orders", o.dbFactor("order-service")));
      calls.push(this.remote("order-service", "inventory-service", "POST", "/api/reservations", o));
    }
    const natural = calls.reduce((s, c) => s + c.duration, 0) * 1.08;
    const root = b.add("order-service", undefined, "POST /api/orders/import", KIND.server, end - natural, natural, [
      ...httpServer("POST", "/api/orders/import", "order-service", "202", this.rnd),
      int("import.items", items),
    ]);
    place(b, root, end - natural, natural, calls);
    return b;
  }

  private request(traceId: string, o: RequestObservation, start: number, duration: number): TraceBuilder {
    const b = new TraceBuilder(traceId, this.rnd);
    const failed = o.status.startsWith("5");
    const root = b.add(o.service, undefined, `${o.method} ${o.endpoint}`, KIND.server, start, duration, httpServer(o.method, o.endpoint, o.service, o.status, this.rnd), failed ? `HTTP ${o.status}` : undefined);
    const calls = this.callsOf(o.service, o.method, o.endpoint, o.context, failed);
    place(b, root, start, duration, calls);
    return b;
  }

  /** What serving `method endpoint` on `service` calls, in order. */
  private callsOf(service: string, method: string, endpoint: string, o: SystemState, failed: boolean): Call[] {
    const s = spec(service);
    const calls: Call[] = [];
    const dbFactor = o.dbFactor(service);
    if (service === "order-service") {
      calls.push(this.cache(service, "redis", s.caches[0]?.hitRate ?? 0.9));
      calls.push(this.remote(service, "user-service", "GET", "/api/users/{id}", o));
      if (method === "POST") {
        calls.push(this.remote(service, "inventory-service", "POST", "/api/reservations", o));
        calls.push(this.remote(service, "payment-service", "POST", "/api/payments", o));
        calls.push(this.db(service, "insert", "orders", dbFactor, failed));
      } else calls.push(this.db(service, "select", "orders", dbFactor, failed));
    } else if (service === "catalog-service") {
      const hit = this.rnd() < (s.caches[0]?.hitRate ?? 0.9);
      calls.push(this.cache(service, "redis", hit ? 1 : 0));
      if (!hit || method !== "GET") calls.push(this.db(service, method === "GET" ? "select" : "update", "products", dbFactor, failed));
    } else {
      const db = s.db[method === "GET" ? s.db.length - 1 : 0] ?? s.db[0];
      if (db) calls.push(this.db(service, db.operation, db.table, dbFactor, failed));
    }
    return calls;
  }

  private db(service: string, operation: string, table: string, dbFactor: number, failed = false): Call {
    const d = spec(service).db.find((x) => x.operation === operation && x.table === table) ?? { median: 0.005 };
    return {
      duration: drawLatency(d.median * dbFactor, this.rnd),
      emit: (b, parent, start, duration) =>
        b.add(service, parent, `${operation.toUpperCase()} ${table}`, KIND.client, start, duration, [
          str("db.system", "postgresql"),
          str("db.name", "shop"),
          str("db.operation", operation.toUpperCase()),
          str("db.sql.table", table),
          str("db.statement", statement(operation, table)),
          str("server.address", `${service}-db.${NAMESPACE}.svc`),
        ], failed ? "canceling statement due to statement timeout" : undefined),
    };
  }

  private cache(service: string, type: string, hitRate: number): Call {
    const hit = this.rnd() < hitRate;
    return {
      duration: drawLatency(0.0006, this.rnd),
      emit: (b, parent, start, duration) =>
        b.add(service, parent, "GET", KIND.client, start, duration, [str("db.system", type), str("db.operation", "GET"), bool("cache.hit", hit)]),
    };
  }

  private remote(caller: string, callee: string, method: string, endpoint: string, o: SystemState): Call {
    const ep = spec(callee).endpoints.find((e) => e.method === method && e.endpoint === endpoint) ?? spec(callee).endpoints[0]!;
    const down = o.down.has(callee);
    const inner = down ? [] : this.callsOf(callee, method, endpoint, o, false);
    // the callee takes its usual time, or longer when its own calls (a slow database) need it
    const duration = down ? drawLatency(0.002, this.rnd) : Math.max(drawLatency(ep.median, this.rnd), inner.reduce((t, c) => t + c.duration, 0) * 1.15);
    return {
      duration,
      emit: (b, parent, start, d) => {
        const url = `http://${callee}.${NAMESPACE}.svc${endpoint.replace("{id}", String(1000 + Math.floor(this.rnd() * 9000)))}`;
        const client = b.add(caller, parent, `${method} ${endpoint}`, KIND.client, start, d, [
          str("http.method", method),
          str("http.url", url),
          str("net.peer.name", callee),
          ...(down ? [] : [int("http.status_code", 200)]),
        ], down ? `connect ECONNREFUSED ${callee}.${NAMESPACE}.svc:8080` : undefined);
        if (down) return; // the callee is in an outage: no spans from it
        const serverStart = start + d * 0.03;
        const serverDuration = d * 0.94;
        const server = b.add(callee, client, `${method} ${endpoint}`, KIND.server, serverStart, serverDuration, httpServer(method, endpoint, callee, "200", this.rnd));
        place(b, server, serverStart, serverDuration, inner);
      },
    };
  }
}

/** Places calls one after another inside the parent, scaled down to fit in 90 % of it. */
function place(b: TraceBuilder, parent: OtlpSpan, start: number, duration: number, calls: Call[]) {
  if (!calls.length) return;
  const natural = calls.reduce((s, c) => s + c.duration, 0);
  const scale = Math.min(1, (duration * 0.9) / natural);
  const gap = (duration * 0.9 - natural * scale) / (calls.length + 1);
  let at = start + duration * 0.05 + gap;
  for (const c of calls) {
    const d = c.duration * scale;
    c.emit(b, parent, at, d);
    at += d + gap;
  }
}

function httpServer(method: string, endpoint: string, service: string, status: string, rnd: () => number): KeyValue[] {
  const path = endpoint.replace("{id}", String(1000 + Math.floor(rnd() * 9000))).replace("{sku}", `SKU-${Math.floor(rnd() * 5000)}`);
  return [
    str("http.method", method),
    str("http.route", endpoint),
    str("http.url", `http://${service}.${NAMESPACE}.svc${path}`),
    int("http.status_code", Number(status)),
    str("user.id", `u-${Math.floor(rnd() * 50_000)}`),
  ];
}

function statement(operation: string, table: string): string {
  switch (operation) {
    case "insert":
      return `INSERT INTO ${table} VALUES ($1, $2, $3)`;
    case "update":
      return `UPDATE ${table} SET quantity = $1 WHERE id = $2`;
    default:
      return `SELECT * FROM ${table} WHERE id = $1`;
  }
}

/** Groups built traces by service into OTLP ResourceSpans (one resource per service, as each service's SDK exports). */
export function toResourceSpans(traces: TraceBuilder[]): ResourceSpans[] {
  const by = new Map<string, OtlpSpan[]>();
  for (const t of traces) for (const { service, span } of t.spans) (by.get(service) ?? by.set(service, []).get(service)!).push(span);
  return [...by].map(([service, spans]) => ({
    resource: {
      attributes: [str("service.name", service), str("service.namespace", NAMESPACE), str("service.version", "1.4.2"), str("telemetry.sdk.language", "java")],
    },
    scopeSpans: [{ scope: { name: "perfops-simulator", version: "1" }, spans }],
  }));
}

export type { TraceBuilder };
