import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackendConfig } from "@/lib/config";
import { freePort } from "@/lib/db/embedded";
import { evaluationTimeoutMs, queryInstant } from "@/lib/prometheus/client";
import { UpstreamError } from "./errors";
import { requestRaw } from "./http";

/**
 * Failure handling of the HTTP layer against a loopback server that misbehaves on
 * purpose (hangs, refuses, answers garbage). The happy path runs against the real
 * Prometheus in test/integration.
 */
let server: http.Server;
let base = "";
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.url?.startsWith("/hang")) return; // never answers
    if (req.url?.startsWith("/endless")) {
      // an answer that never stops growing, one MiB at a time
      res.writeHead(200, { "content-type": "application/json" });
      const mib = Buffer.alloc(1024 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(mib));
        if (!res.destroyed) res.once("drain", pump);
      };
      return pump();
    }
    if (req.url?.startsWith("/html")) {
      res.writeHead(502, { "content-type": "text/html" });
      return res.end("<html>Bad gateway</html>");
    }
    if (req.url?.startsWith("/api/v1/query") && req.method === "POST") {
      // as Prometheus does when a query outlasts its `timeout` (here: when one was sent at all)
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const form = new URLSearchParams(body);
        if (form.get("query") === "slow") {
          res.writeHead(503, { "content-type": "application/json" });
          return res.end(JSON.stringify({ status: "error", errorType: "timeout", error: `query timed out in expression evaluation (timeout=${form.get("timeout")})` }));
        }
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "error", errorType: "bad_data", error: 'invalid parameter "query": 1:5: parse error' }));
      });
      return;
    }
    if (req.url?.startsWith("/api/v1/query")) {
      res.writeHead(400, { "content-type": "application/json" });
      return res.end(JSON.stringify({ status: "error", errorType: "bad_data", error: 'invalid parameter "query": 1:5: parse error' }));
    }
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const cfg = (over: Partial<BackendConfig> = {}): BackendConfig => ({ name: "prometheus", url: base, timeoutMs: 2000, ...over });

describe("requestRaw", () => {
  it("times out with a message that says how long it waited", async () => {
    const err = await requestRaw(cfg({ timeoutMs: 300 }), "/hang", { endpoint: "t" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).kind).toBe("timeout");
    expect((err as UpstreamError).message).toBe("prometheus did not answer within 0.3s");
  });

  it("reports cancellation separately from timeouts", async () => {
    const ctrl = new AbortController();
    const p = requestRaw(cfg(), "/hang", { endpoint: "t", signal: ctrl.signal });
    ctrl.abort();
    await expect(p).rejects.toMatchObject({ kind: "aborted" });
  });

  it("a signal aborted before the request sends nothing", async () => {
    const before = seen.length;
    await expect(requestRaw(cfg(), "/ok", { endpoint: "t", signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: "aborted" });
    expect(seen.length).toBe(before);
  });

  it("says which backend at which address is unreachable", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const err = (await requestRaw(cfg({ url: closed }), "/", { endpoint: "t" }).catch((e: unknown) => e)) as UpstreamError;
    expect(err.kind).toBe("unreachable");
    expect(err.message).toBe(`prometheus at ${closed} is unreachable (ECONNREFUSED)`);
  });

  it("sends bearer auth and the tenant header", async () => {
    await requestRaw(cfg({ bearerToken: "tok", tenant: "team-a" }), "/", { endpoint: "t" });
    expect(seen.at(-1)?.authorization).toBe("Bearer tok");
    expect(seen.at(-1)?.["x-scope-orgid"]).toBe("team-a");
    await requestRaw(cfg({ username: "u", password: "p" }), "/", { endpoint: "t" });
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
  });
});

describe("bounds", () => {
  it("stops reading an answer past maxBytes and says how to narrow the query", async () => {
    const before = process.memoryUsage().rss;
    const err = (await requestRaw(cfg(), "/endless", { endpoint: "query_range", maxBytes: 8 * 1024 * 1024 }).catch((e: unknown) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.kind).toBe("bad_response");
    expect(err.message).toBe(
      "prometheus answered query_range with more than 8 MiB, the most the console reads of one answer; narrow the query (fewer series, a shorter range or a coarser step)",
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("never puts credentials of a URL into a message", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const err = (await requestRaw(cfg({ url: closed.replace("http://", "http://ops:s3cret@") }), "/", { endpoint: "t" }).catch((e: unknown) => e)) as UpstreamError;
    expect(err.message).toBe(`prometheus at ${closed} is unreachable (ECONNREFUSED)`);
    expect(new UpstreamError("x", "http", "see https://a:b@host/x and http://u@h").message).toBe("see https://host/x and http://h");
  });
});

describe("Prometheus error bodies", () => {
  it("passes Prometheus's own error text through", async () => {
    await expect(queryInstant(cfg(), "rate(")).rejects.toMatchObject({
      kind: "rejected",
      status: 400,
      message: 'prometheus: bad_data: invalid parameter "query": 1:5: parse error',
    });
  });

  it("asks Prometheus to stop evaluating before the console stops waiting, and says so when it did", async () => {
    // the margin is a fifth of the timeout, at most 2 s, and the budget never under 100 ms
    expect([15_000, 5000, 1500, 100].map(evaluationTimeoutMs)).toEqual([13_000, 4000, 1200, 100]);
    await expect(queryInstant(cfg({ timeoutMs: 5000 }), "slow")).rejects.toMatchObject({
      kind: "timeout",
      status: 503,
      message: "prometheus stopped evaluating the query at the console's budget of 4s (query timed out in expression evaluation (timeout=4000ms)); narrow it: fewer series, a shorter range or a coarser step",
    });
  });

  it("explains a non-JSON answer from a proxy", async () => {
    const err = (await requestRaw(cfg(), "/html", { endpoint: "x" }).then((r) =>
      import("./http").then(({ parseJson }) => parseJson(cfg(), r, "x")),
    ).catch((e: unknown) => e)) as UpstreamError;
    expect(err.kind).toBe("http");
    expect(err.message).toContain("HTTP 502 and a body that is not JSON: <html>Bad gateway</html>");
  });
});
