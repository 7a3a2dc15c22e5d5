import { describe, expect, it } from "vitest";
import { SERVICES } from "./catalog";
import { Simulation } from "./model";
import { TraceModel, toResourceSpans, type OtlpSpan, type RequestObservation, type SystemState } from "./traces";

const calm: SystemState = { dbFactor: () => 1, down: new Set() };

function observation(over: Partial<RequestObservation> = {}): RequestObservation {
  return { service: "order-service", method: "POST", endpoint: "/api/orders", status: "200", count: 0, median: 0.09, t: 1_800_000_000, dt: 1, exemplars: [], context: calm, ...over };
}

const seconds = (ns: string) => Number(BigInt(ns)) / 1e9;
const spansOf = (o: RequestObservation, model = new TraceModel({ sample: 0.1 })) => model.tracesFor(o).map((t) => t.spans);

/** Every child lies inside its parent; every parent id exists. */
function checkTree(spans: { service: string; span: OtlpSpan }[]) {
  const byId = new Map(spans.map((s) => [s.span.spanId, s.span]));
  for (const { span } of spans) {
    if (!span.parentSpanId) continue;
    const parent = byId.get(span.parentSpanId);
    expect(parent, `parent of ${span.name}`).toBeDefined();
    expect(seconds(span.startTimeUnixNano)).toBeGreaterThanOrEqual(seconds(parent!.startTimeUnixNano) - 1e-6);
    expect(seconds(span.endTimeUnixNano)).toBeLessThanOrEqual(seconds(parent!.endTimeUnixNano) + 1e-6);
  }
}

describe("simulator traces", () => {
  it("turns every exemplar into a trace with its id, lasting exactly the exemplar's latency", () => {
    const exemplars = [
      { traceId: "0af7651916cd43dd8448eb211c80319c", value: 0.2, time: 1_800_000_000.5 },
      { traceId: "1af7651916cd43dd8448eb211c80319c", value: 1.7, time: 1_800_000_000.2 },
    ];
    const traces = new TraceModel({ sample: 0 }).tracesFor(observation({ exemplars, count: 2 }));
    expect(traces.map((t) => t.traceId)).toEqual(exemplars.map((e) => e.traceId));
    traces.forEach((t, i) => {
      const root = t.spans.find((s) => !s.span.parentSpanId)!.span;
      expect(root.traceId).toBe(exemplars[i]!.traceId);
      expect(seconds(root.endTimeUnixNano) - seconds(root.startTimeUnixNano)).toBeCloseTo(exemplars[i]!.value, 5);
      expect(seconds(root.endTimeUnixNano)).toBeCloseTo(exemplars[i]!.time, 5);
      checkTree(t.spans);
    });
  });

  it("head-samples the other requests at the given rate", () => {
    const model = new TraceModel({ sample: 0.1 });
    let n = 0;
    for (let i = 0; i < 200; i++) n += model.tracesFor(observation({ count: 50 })).length;
    // 10,000 requests at 10 %: 1,000 expected (± 4.5 σ ≈ 135)
    expect(n).toBeGreaterThan(865);
    expect(n).toBeLessThan(1135);
  });

  it("fans an order out to user, inventory and payment services with their databases, with the reference attributes", () => {
    const [spans] = spansOf(observation({ count: 1 }), new TraceModel({ sample: 1 }));
    const services = new Set(spans!.map((s) => s.service));
    expect([...services].sort()).toEqual(["inventory-service", "order-service", "payment-service", "user-service"]);
    const root = spans!.find((s) => !s.span.parentSpanId)!.span;
    const attrs = Object.fromEntries(root.attributes.map((a) => [a.key, Object.values(a.value)[0]]));
    expect(attrs).toMatchObject({ "http.method": "POST", "http.route": "/api/orders", "http.status_code": "200" });
    expect(String(attrs["user.id"])).toMatch(/^u-\d+$/);
    expect(String(attrs["http.url"])).toMatch(/^http:\/\/order-service\.shop\.svc\/api\/orders$/);
    expect(spans!.filter((s) => s.span.attributes.some((a) => a.key === "db.system" && "stringValue" in a.value && a.value.stringValue === "postgresql")).length).toBeGreaterThanOrEqual(3);
    checkTree(spans!);
  });

  it("marks 5xx requests as errors and keeps 404s ok", () => {
    const model = new TraceModel({ sample: 1 });
    const [failed] = spansOf(observation({ status: "500", count: 1 }), model);
    expect(failed!.find((s) => !s.span.parentSpanId)!.span.status).toEqual({ code: 2, message: "HTTP 500" });
    const [missing] = spansOf(observation({ method: "GET", endpoint: "/api/orders/{id}", status: "404", count: 1 }), model);
    expect(missing!.find((s) => !s.span.parentSpanId)!.span.status).toBeUndefined();
  });

  it("shows a slow database and an outage in the spans", () => {
    const model = new TraceModel({ sample: 1 });
    const dbShare = (ctx: SystemState) => {
      let db = 0;
      let total = 0;
      for (let i = 0; i < 200; i++) {
        const [spans] = spansOf(observation({ service: "catalog-service", method: "PUT", endpoint: "/api/products/{id}", median: 0.06, count: 1, context: ctx }), model);
        const root = spans!.find((s) => !s.span.parentSpanId)!.span;
        const dbSpan = spans!.find((s) => s.span.name === "UPDATE products")!.span;
        db += seconds(dbSpan.endTimeUnixNano) - seconds(dbSpan.startTimeUnixNano);
        total += seconds(root.endTimeUnixNano) - seconds(root.startTimeUnixNano);
      }
      return db / total;
    };
    expect(dbShare({ dbFactor: (s) => (s === "catalog-service" ? 10 : 1), down: new Set() })).toBeGreaterThan(2 * dbShare(calm));

    const [spans] = spansOf(observation({ count: 1, context: { dbFactor: () => 1, down: new Set(["payment-service"]) } }), model);
    expect(spans!.some((s) => s.service === "payment-service")).toBe(false);
    const refused = spans!.find((s) => s.span.name === "POST /api/payments")!.span;
    expect(refused.status?.message).toMatch(/ECONNREFUSED payment-service/);
  });

  it("builds a batch import of 2 + 4 spans per item, and exports one resource per service", () => {
    const trace = new TraceModel({ sample: 0 }).batchImport(2500, 1_800_000_000, calm);
    expect(trace.spans).toHaveLength(1 + 2500 * 4);
    checkTree(trace.spans);
    const resources = toResourceSpans([trace]);
    expect(resources.map((r) => r.resource.attributes.find((a) => a.key === "service.name")!.value).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { stringValue: "inventory-service" },
      { stringValue: "order-service" },
    ]);
    expect(resources.reduce((n, r) => n + r.scopeSpans[0]!.spans.length, 0)).toBe(trace.spans.length);
  });

  it("is fed by the metrics model: live steps report every exemplar they write", () => {
    const sim = new Simulation(1_800_000_000);
    const seen: RequestObservation[] = [];
    sim.observer = (o) => seen.push(o);
    sim.advanceTo(1_800_000_010, 5);
    const exemplarIds = sim.series.filter((s) => s.exemplar).map((s) => s.exemplar!.traceId);
    const observed = new Set(seen.flatMap((o) => o.exemplars.map((e) => e.traceId)));
    for (const id of exemplarIds) expect(observed.has(id)).toBe(true);
    expect(new Set(seen.map((o) => o.service))).toEqual(new Set(SERVICES.map((s) => s.name)));
  });
});
