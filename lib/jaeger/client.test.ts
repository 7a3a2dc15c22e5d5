import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BackendConfig } from "@/lib/config";
import { fromOtlp } from "@/lib/traces/model";
import { UpstreamError } from "@/lib/upstream/errors";
import { authHeaders } from "@/lib/upstream/http";
import { dependencies, findTraces, getTrace, goDuration, operations, services, TraceNotFoundError } from "./client";
import type { OtlpResourceSpans } from "./types";

/**
 * The Jaeger client against a loopback server answering like Jaeger 2.12: api_v3
 * bodies with Content-Type text/plain (success and errors alike), `{}` for empty
 * lists, 404 + `{"error":{…}}` for "nothing found", search parameters read only in
 * snake_case, v1 errors in the `{data, …, errors}` envelope. Bodies are Jaeger's own
 * fixtures (test/fixtures/jaeger, see NOTICE.md).
 */

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/jaeger");
const fixture = (file: string) => readFileSync(path.join(FIXTURES, file), "utf8");
const TEXT = "text/plain; charset=utf-8";
const v3Error = (code: number, message: string) => `${JSON.stringify({ error: { httpCode: code, message } })}\n`;
const v1Error = (code: number, msg: string) => `${JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] })}\n`;
const TRACE_IN = JSON.parse(fixture("v1-internal-http/transform-request.otlp2jaeger-in.json")) as { resourceSpans: OtlpResourceSpans[] };
const TRACE_MULTI = JSON.parse(fixture("v1-internal-http/transform-request.multi.otlp2jaeger-multi-in-combined.json")) as { resourceSpans: OtlpResourceSpans[] };

interface Reply {
  status?: number;
  type?: string;
  body: string;
}
interface Seen {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
}

/** What the stand-in answers to a request; a test may replace it. */
let answer: (path: string, q: URLSearchParams) => Reply;
const jaeger212 = (p: string, q: URLSearchParams): Reply => {
  if (p === "/api/v3/services") return { type: TEXT, body: fixture("api-v3/snapshot.GetServices.json") };
  if (p === "/api/v3/operations") return { type: TEXT, body: fixture("api-v3/snapshot.GetOperations.json") };
  if (p === "/api/v3/traces/00000000000000000000000000000001") return { type: TEXT, body: fixture("api-v3/snapshot.GetTrace.json") };
  if (p.startsWith("/api/v3/traces/")) return { status: 404, type: TEXT, body: v3Error(404, "No traces found") };
  if (p === "/api/v3/traces") {
    // Jaeger 2.12's gateway reads these names only (cmd/query/app/apiv3/http_gateway.go)
    if (!q.get("query.start_time_min") || !q.get("query.start_time_max")) {
      return { status: 400, type: TEXT, body: v3Error(400, "query.start_time_min and query.start_time_max are required") };
    }
    if (q.get("query.service_name") === "nobody") return { status: 404, type: TEXT, body: v3Error(404, "No traces found") };
    // two traces' spans merged into one resourceSpans list, as the gateway writes them
    return { type: TEXT, body: JSON.stringify({ result: { resourceSpans: [...TRACE_MULTI.resourceSpans, ...TRACE_IN.resourceSpans] } }) };
  }
  if (p === "/api/traces") return { type: "application/json", body: fixture("v1-internal-http/transform-response.otlp2jaeger-out.json") };
  if (p === "/api/dependencies") {
    const data = JSON.parse(fixture("v1-internal-http/dependencies-data.small.json")) as unknown;
    return { type: "application/json", body: JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors: null }) };
  }
  return { status: 404, type: TEXT, body: "404 page not found\n" };
};

let server: http.Server;
let base = "";
const seen: Seen[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seen.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    const r = answer(url.pathname, url.searchParams);
    res.writeHead(r.status ?? 200, { "content-type": r.type ?? TEXT, "x-content-type-options": "nosniff" });
    res.end(r.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
afterEach(() => {
  answer = jaeger212;
  seen.length = 0;
});
answer = jaeger212;

const cfg = (over: Partial<BackendConfig> = {}): BackendConfig => ({ name: "jaeger", url: base, timeoutMs: 2000, tenantHeader: "x-tenant", ...over });
const fail = (p: Promise<unknown>) => p.then(() => expect.unreachable("expected a failure"), (e: unknown) => e as UpstreamError);
const HOUR = 3_600_000;
const window = { startMs: Date.UTC(2024, 2, 22, 19, 0), endMs: Date.UTC(2024, 2, 22, 20, 0) };

describe("services and operations (api_v3)", () => {
  it("reads services from a text/plain answer and sends credentials and Jaeger's tenant header", async () => {
    expect(await services(cfg({ bearerToken: "tok", tenant: "team-a" }))).toEqual(["foo"]);
    expect(seen[0]!.headers).toMatchObject({ authorization: "Bearer tok", "x-tenant": "team-a" });
    expect(seen[0]!.headers["x-scope-orgid"]).toBeUndefined();
  });

  it("reads {} (proto3 leaves out an empty list) as no services or operations", async () => {
    answer = () => ({ body: "{}" });
    expect(await services(cfg())).toEqual([]);
    expect(await operations(cfg(), "order-service")).toEqual([]);
  });

  it("asks for a service's operations of one kind with Jaeger 2.12's parameter names", async () => {
    expect(await operations(cfg(), "order-service", { spanKind: "server" })).toEqual([{ name: "get_users", spanKind: "server" }]);
    expect(Object.fromEntries(seen[0]!.query)).toEqual({ service: "order-service", span_kind: "server" });
  });

  it("passes Jaeger's own message on, and says when an answer is not Jaeger's", async () => {
    answer = () => ({ status: 500, body: v3Error(500, "storage unavailable: connection refused") });
    expect(await fail(services(cfg()))).toMatchObject({ kind: "http", status: 500, message: "jaeger answered the services request with HTTP 500: storage unavailable: connection refused" });
    answer = () => ({ body: '{"services":"foo"}' });
    expect(await fail(services(cfg()))).toMatchObject({ kind: "bad_response", message: 'jaeger answered the services request without a "services" list; is JAEGER_URL Jaeger\'s query service?' });
    answer = () => ({ body: "[]" });
    expect(await fail(operations(cfg(), "s"))).toMatchObject({ kind: "bad_response" });
    answer = () => ({ status: 200, type: "text/html", body: "<html>login</html>" });
    expect((await fail(services(cfg()))).message).toContain("a body that is not JSON: <html>login</html>");
  });
});

describe("getTrace (api_v3)", () => {
  it("returns the trace's OTLP resourceSpans, read whatever the content type", async () => {
    const rs = await getTrace(cfg(), "00000000000000000000000000000001");
    const [trace] = fromOtlp(rs);
    expect(trace).toMatchObject({ traceId: "00000000000000000000000000000001", spans: [{ operation: "foobar", kind: "server", error: true }] });
  });

  it("turns Jaeger's 404 into TraceNotFoundError with the message the UI shows", async () => {
    const err = await fail(getTrace(cfg(), "4BF92F3577B34DA6A3CE929D0E0E4736"));
    expect(err).toBeInstanceOf(TraceNotFoundError);
    expect(err).toMatchObject({ backend: "jaeger", kind: "rejected", status: 404, message: "Trace 4BF92F3577B34DA6A3CE929D0E0E4736 does not exist in Jaeger (it may have been evicted)" });
    expect(seen[0]!.path).toBe("/api/v3/traces/4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("does not mistake a proxy's 404 for a missing trace", async () => {
    answer = () => ({ status: 404, body: "404 page not found\n" });
    const err = await fail(getTrace(cfg(), "abc"));
    expect(err).not.toBeInstanceOf(TraceNotFoundError);
    expect(err).toMatchObject({ kind: "http", message: "jaeger answered trace abc with HTTP 404: 404 page not found" });
  });

  it("sends the time window as RFC 3339 and refuses a malformed id without asking", async () => {
    await getTrace(cfg(), "00000000000000000000000000000001", { startMs: window.startMs, endMs: window.endMs, raw: true });
    expect(Object.fromEntries(seen[0]!.query)).toEqual({ start_time: "2024-03-22T19:00:00.000Z", end_time: "2024-03-22T20:00:00.000Z", raw_traces: "true" });
    expect(await fail(getTrace(cfg(), "not-a-trace"))).toMatchObject({ kind: "rejected", message: '"not-a-trace" is not a trace id: expected 1 to 32 hexadecimal digits' });
    expect(seen).toHaveLength(1);
  });
});

describe("findTraces", () => {
  it("searches api_v3 with snake_case parameters and splits the merged answer into traces", async () => {
    const ok = await findTraces(cfg(), { service: "order-service", operation: "GET /orders", ...window, minDurationUs: 250_000, maxDurationUs: 2_000_000, limit: 5 });
    expect(Object.fromEntries(seen[0]!.query)).toEqual({
      "query.service_name": "order-service",
      "query.operation_name": "GET /orders",
      "query.start_time_min": "2024-03-22T19:00:00.000Z",
      "query.start_time_max": "2024-03-22T20:00:00.000Z",
      "query.duration_min": "250ms",
      "query.duration_max": "2s",
      "query.num_traces": "5",
    });
    expect(ok.via).toBe("api_v3");
    const traces = fromOtlp(ok.resourceSpans);
    expect(traces.map((t) => [t.traceId, t.spans.length])).toEqual([["c620759e5d60fafb8ee0922b30e06bc6", 4], ["83a9efd15c1c98a977e0711cc93ee28b", 2]]);
  });

  it("reads Jaeger's 404 'No traces found' as an empty result", async () => {
    expect(await findTraces(cfg(), { service: "nobody", ...window })).toEqual({ resourceSpans: [], via: "api_v3", warnings: [] });
  });

  it("passes a 400 on as a rejected search with Jaeger's message", async () => {
    answer = () => ({ status: 400, body: v3Error(400, 'malformed parameter query.duration_min: time: invalid duration "x"') });
    expect(await fail(findTraces(cfg(), { service: "s", ...window }))).toMatchObject({
      kind: "rejected",
      status: 400,
      message: 'jaeger refused the trace search for service "s": malformed parameter query.duration_min: time: invalid duration "x"',
    });
  });

  it("searches by attribute through the v1 API (2.12's api_v3 ignores query.attributes) and converts its answer", async () => {
    const res = await findTraces(cfg(), { service: "telemetrygen", ...window, minDurationUs: 100, attributes: { "peer.service": "telemetrygen-client" } });
    expect(seen[0]!.path).toBe("/api/traces");
    expect(Object.fromEntries(seen[0]!.query)).toEqual({
      service: "telemetrygen",
      tags: '{"peer.service":"telemetrygen-client"}',
      start: String(window.startMs * 1000),
      end: String(window.endMs * 1000),
      minDuration: "100us",
      limit: "20",
    });
    expect(res.via).toBe("v1");
    const [trace] = fromOtlp(res.resourceSpans);
    expect(trace!.spans.map((s) => [s.id, s.service, s.kind, s.scope, s.durationUs])).toEqual([
      ["e127af99e3b3e074", "telemetrygen", "server", "telemetrygen", 123],
      ["e127af99e3b3e074#2", "telemetrygen", "server", "telemetrygen", 123],
    ]);
  });

  it("reports v1 errors from their envelope", async () => {
    answer = () => ({ status: 400, body: v1Error(400, "malformed 'tags' parameter, cannot unmarshal JSON: unexpected end of JSON input") });
    expect(await fail(findTraces(cfg(), { service: "s", ...window, attributes: { a: "b" } }))).toMatchObject({
      kind: "rejected",
      message: "jaeger refused the trace search for service \"s\": malformed 'tags' parameter, cannot unmarshal JSON: unexpected end of JSON input",
    });
    answer = () => ({ type: "application/json", body: '{"data":[],"total":0,"limit":0,"offset":0,"errors":null}' });
    expect(await findTraces(cfg(), { service: "s", ...window, attributes: { a: "b" } })).toEqual({ resourceSpans: [], via: "v1", warnings: [] });
  });

  it("refuses a search without a window or a service, or with bad bounds, before sending it", async () => {
    await expect(findTraces(cfg(), { service: "s", startMs: window.endMs, endMs: window.startMs })).rejects.toMatchObject({ kind: "rejected" });
    await expect(findTraces(cfg(), { service: " ", ...window })).rejects.toThrow("trace search not sent: a service is required");
    await expect(findTraces(cfg(), { service: "s", ...window, limit: 0 })).rejects.toThrow("the limit must be a whole number above 0, got 0");
    await expect(findTraces(cfg(), { service: "s", ...window, minDurationUs: 250_000, maxDurationUs: 1500 })).rejects.toThrow(
      "trace search not sent: the maximum duration (1500 µs) is below the minimum (250000 µs)",
    );
    expect(seen).toEqual([]);
  });
});

describe("dependencies (v1)", () => {
  it("reads the links and sends the window in ms", async () => {
    const links = await dependencies(cfg(), { endMs: window.endMs, lookbackMs: 24 * HOUR });
    expect(links).toEqual(JSON.parse(fixture("v1-internal-http/dependencies-data.small.json")));
    expect(Object.fromEntries(seen[0]!.query)).toEqual({ endTs: String(window.endMs), lookback: String(24 * HOUR) });
  });

  it("reads a null data as no links and passes errors on", async () => {
    answer = () => ({ type: "application/json", body: '{"data":null,"total":0,"limit":0,"offset":0,"errors":null}' });
    expect(await dependencies(cfg(), { endMs: window.endMs, lookbackMs: HOUR })).toEqual([]);
    answer = () => ({ status: 500, body: v1Error(500, "dependency storage unavailable") });
    expect(await fail(dependencies(cfg(), { endMs: window.endMs, lookbackMs: HOUR }))).toMatchObject({
      kind: "http",
      message: "jaeger answered the dependencies request with HTTP 500: dependency storage unavailable",
    });
  });
});

describe("helpers", () => {
  it("writes durations the way Go's time.ParseDuration reads them", () => {
    expect([0, 1, 999, 1000, 250_000, 1_500_000, 2_000_000, 0.5].map(goDuration)).toEqual(["0us", "1us", "999us", "1ms", "250ms", "1500ms", "2s", "500ns"]);
  });

  it("sends the tenant in the backend's own header, X-Scope-OrgID by default", () => {
    expect(authHeaders(cfg({ tenant: "t", tenantHeader: undefined }))).toEqual({ "x-scope-orgid": "t" });
    expect(authHeaders(cfg({ tenant: "t" }))).toEqual({ "x-tenant": "t" });
    expect(authHeaders(cfg({ username: "u", password: "p" }))).toEqual({ authorization: `Basic ${Buffer.from("u:p").toString("base64")}` });
  });
});
