import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/db/embedded";
import { services } from "../../lib/jaeger/client";
import { jaegerConfig, startingStandIn } from "./jaeger";

describe("the demo's Jaeger", () => {
  let close: () => Promise<void>;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    const server = await startingStandIn(port);
    close = () => new Promise((r) => server.close(() => r()));
  });
  afterAll(() => close());

  it("while it is being built, the trace pages read 'Jaeger is starting' in Jaeger's own error format", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v3/services`);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    await expect(services({ name: "jaeger", url: `http://127.0.0.1:${port}`, timeoutMs: 2000 })).rejects.toThrow(/Jaeger is starting: the demo is building it/);
  });

  it("binds every port to loopback and keeps traces in memory", () => {
    const yaml = jaegerConfig({ query: 1, grpc: 2, otlp: 3, health: 4 }, 500);
    const endpoints = [...yaml.matchAll(/endpoint: (\S+)/g)].map((m) => m[1]);
    expect(endpoints).toEqual(["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:4", "127.0.0.1:3"]);
    expect(yaml).toContain("max_traces: 500");
    expect(yaml).toContain("level: none");
  });
});
