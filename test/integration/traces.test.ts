import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { criticalPath } from "@/lib/traces/critical-path";
import { primaryRoot } from "@/lib/traces/model";
import { env } from "./env";
import * as session from "./support/session";
import { data } from "./support/session";

/**
 * Traces against the real Jaeger (2.12) the harness runs, fed by the simulator: the
 * services are there, every exemplar Prometheus holds names a trace Jaeger has (with
 * the exemplar's latency as the trace's duration), searches filter as asked, a large
 * trace loads whole, and Jaeger's "no such trace" and absence are reported as such.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `traces${Date.now().toString(36)}`;
let db: typeof import("@/lib/db/client");
let ids: Record<Role, string>;
let traces: typeof import("@/app/actions/traces");

beforeAll(async () => {
  ({ db, ids } = await session.setUpActions(suffix));
  traces = await import("@/app/actions/traces");
  await session.signInAs(db, ids.VIEWER);
});
afterAll(async () => {
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await db.prisma().$disconnect();
});

const search = (over: Record<string, unknown>) =>
  traces.searchTracesAction({ service: "order-service", operation: "", tags: "", minDuration: "", maxDuration: "", limit: 20, range: { kind: "relative", preset: "15m" }, ...over } as Parameters<typeof traces.searchTracesAction>[0]);

describe("traces from the real Jaeger", () => {
  it("lists the reference system's services and their operations", async () => {
    await expect.poll(async () => data(await traces.traceServicesAction({})), { timeout: 30_000 }).toEqual(
      expect.arrayContaining(["catalog-service", "inventory-service", "order-service", "payment-service", "user-service"]),
    );
    const ops = data(await traces.traceOperationsAction({ service: "order-service" }));
    expect(ops).toEqual(expect.arrayContaining(["GET /api/orders/{id}", "POST /api/orders", "INSERT orders"]));
  });

  it("every exemplar on the latency histogram names a trace in Jaeger lasting the exemplar's latency", async () => {
    type Exemplar = { labels: { trace_id: string }; value: string };
    let exemplars: Exemplar[] = [];
    // right after the harness starts the stack, the first live scrapes (with exemplars) are still coming in
    await expect
      .poll(
        async () => {
          const end = Date.now() / 1000;
          const url = `${env.prometheusUrl}/api/v1/query_exemplars?query=${encodeURIComponent('http_request_duration_seconds_bucket{service="order-service"}')}&start=${end - 300}&end=${end}`;
          const body = (await (await fetch(url)).json()) as { data: { exemplars: Exemplar[] }[] };
          exemplars = body.data.flatMap((s) => s.exemplars).slice(-12);
          return exemplars.length;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(3);
    for (const e of exemplars) {
      // the simulator sends traces in batches each second: a brand-new exemplar's trace may still be on its way
      await expect.poll(async () => (await traces.getTraceAction({ id: e.labels.trace_id })).ok, { timeout: 10_000 }).toBe(true);
      const trace = data(await traces.getTraceAction({ id: e.labels.trace_id }));
      expect(trace.traceId).toBe(e.labels.trace_id);
      expect(primaryRoot(trace)?.service).toBe("order-service");
      expect(trace.durationUs / 1e6).toBeCloseTo(Number(e.value), 3);
    }
  });

  it("searches by operation tag and duration, newest first, within the limit", async () => {
    const found = data(await search({ tags: "http.route=/api/orders/search", minDuration: "50ms", limit: 15 }));
    expect(found.summaries.length).toBeGreaterThan(0);
    expect(found.summaries.length).toBeLessThanOrEqual(15);
    for (const s of found.summaries) {
      expect(s.rootOperation).toBe("GET /api/orders/search");
      expect(s.durationUs).toBeGreaterThanOrEqual(50_000);
    }
    const starts = found.summaries.map((s) => s.startMs);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    const plain = data(await search({ operation: "POST /api/orders", limit: 10 }));
    expect(plain.summaries.length).toBeGreaterThan(0);
    for (const s of plain.summaries) expect(s.rootOperation).toBe("POST /api/orders");
    expect(plain.summaries.some((s) => s.services.some((x) => x.name === "payment-service"))).toBe(true);
  });

  it("bad search input is refused field by field, before Jaeger is asked", async () => {
    const res = await search({ minDuration: "soon", tags: "novalue" });
    expect(res).toMatchObject({ ok: false, error: { code: "invalid" } });
    if (!res.ok) expect(res.error.message).toBe('tags: expected key=value at character 1 ("novalue"); minDuration: "soon" is not a duration such as 250ms, 1.5s or 2m');
  });

  it("loads a 10,001-span batch import whole, with its critical path", async () => {
    const made = (await (await fetch(`${env.simulatorUrl}/traces/batch-import`, { method: "POST", body: JSON.stringify({ items: 2500 }) })).json()) as { traceId: string; spans: number };
    expect(made.spans).toBe(10_001);
    // Jaeger's batch processor stores it within a moment
    await expect.poll(async () => (await traces.getTraceAction({ id: made.traceId })).ok, { timeout: 10_000 }).toBe(true);
    const trace = data(await traces.getTraceAction({ id: made.traceId }));
    expect(trace.spans).toHaveLength(10_001);
    expect(new Set(trace.spans.map((s) => s.service))).toEqual(new Set(["order-service", "inventory-service"]));
    const path = criticalPath(trace);
    expect(path.has(primaryRoot(trace)!.id)).toBe(true);
    expect(path.size).toBeGreaterThan(100);
  });

  it("a slow-db incident on catalog-service shows as slow database spans in its new traces", async () => {
    const dbSpansOf = async (summaries: { traceId: string }[]) => {
      const out: number[] = [];
      for (const s of summaries.slice(0, 15)) {
        const trace = data(await traces.getTraceAction({ id: s.traceId }));
        for (const span of trace.spans) if (span.operation === "SELECT products") out.push(span.durationUs / 1000);
      }
      return out;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const started = Date.now();
    const res = await fetch(`${env.simulatorUrl}/incidents`, { method: "POST", body: JSON.stringify({ service: "catalog-service", kind: "slow-db", duration: "90s", magnitude: 20 }) });
    const incident = (await res.json()) as { id: string; start: number };
    // The simulator advances in steps of up to 5 s and judges a step's incidents at its middle, so the
    // step the incident began in may still produce fast spans that start after it: only traces begun
    // 5 s after the incident's start are certainly inside it.
    const inside = incident.start * 1000 + 5000;
    try {
      const dbMs: number[] = [];
      await expect
        .poll(
          async () => {
            const found = data(await search({ service: "catalog-service", operation: "SELECT products", limit: 40, range: { kind: "absolute", from: Math.floor(started / 1000), to: Math.ceil(Date.now() / 1000) + 1 } }));
            dbMs.splice(0, dbMs.length, ...(await dbSpansOf(found.summaries.filter((x) => x.startMs >= inside))));
            return dbMs.length;
          },
          { timeout: 60_000, interval: 2000 },
        )
        .toBeGreaterThanOrEqual(9);
      // The database's median is 3 ms, ×20 during the incident: about 60 ms, but a span never outlasts
      // the request around it (traces.ts scales calls to fit) and the incident makes requests only about
      // 2× slower, so its spans' median is 33–44 ms at any hour, with 8 % under 15 ms (the simulator's
      // model run offline; the stack gave 33 ms at 03:00 UTC). The median of 9 spans falls under 15 ms
      // about 3 times in 10,000. (Two CI runs saw 26 and 15 ms when this took 3 spans, some perhaps from
      // the step the incident began in.)
      expect(median(dbMs)).toBeGreaterThan(15);
    } finally {
      await fetch(`${env.simulatorUrl}/incidents/${incident.id}`, { method: "DELETE" });
    }
  });

  it("SPM metrics are absent, not an error, from a Jaeger without a metrics backend (the console's numbers come from Prometheus)", async () => {
    const { spmMetrics } = await import("@/lib/jaeger/spm");
    const cfg = { name: "jaeger" as const, url: env.jaegerUrl, timeoutMs: 5000 };
    expect(await spmMetrics(cfg, "calls", { services: ["order-service"], endMs: Date.now(), lookbackMs: 900_000 })).toBeUndefined();
  });

  it("says when a trace does not exist, when an id is not one, and when Jaeger cannot be reached", async () => {
    expect(await traces.getTraceAction({ id: "00000000000000000000000000c0ffee" })).toMatchObject({
      ok: false,
      error: { code: "upstream", backend: "jaeger", message: "Trace 00000000000000000000000000c0ffee does not exist in Jaeger (it may have been evicted)" },
    });
    expect(await traces.getTraceAction({ id: "not-a-trace" })).toMatchObject({ ok: false, error: { code: "invalid", message: '"not-a-trace" is not a trace id: expected 1 to 32 hexadecimal digits' } });
    const { resetConfigCache } = await import("@/lib/config");
    const real = process.env.JAEGER_URL;
    process.env.JAEGER_URL = "http://127.0.0.1:9";
    resetConfigCache();
    try {
      const res = await traces.traceServicesAction({});
      expect(res).toMatchObject({ ok: false, error: { code: "upstream", backend: "jaeger" } });
      if (!res.ok) expect(res.error.message).toMatch(/^jaeger at http:\/\/127\.0\.0\.1:9 is unreachable/);
    } finally {
      process.env.JAEGER_URL = real;
      resetConfigCache();
    }
  });
});
