import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fromOtlp, spanIndex, type Span, type Trace } from "@/lib/traces/model";
import type { OtlpResourceSpans, V1Envelope, V1Trace } from "./types";
import { v1TraceToOtlp, v1Warnings } from "./v1";

/**
 * v1 → OTLP, checked on Jaeger's fixture pairs: the OTLP a trace was sent as and the
 * v1 JSON Jaeger made of it must give the same trace in the console's model.
 */

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/jaeger/v1-internal-http");
const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as T;
const fromV1 = (t: V1Trace): Trace => fromOtlp(v1TraceToOtlp(t))[0]!;

/** what must survive the round trip; times to the µs (v1 keeps whole µs) */
const essence = (s: Span) => ({
  id: s.id,
  parentId: s.parentId,
  service: s.service,
  operation: s.operation,
  kind: s.kind,
  scope: s.scope,
  status: s.status,
  error: s.error,
  startUs: Math.floor(s.startUs),
  attributes: s.attributes,
  resource: s.resource,
  children: s.children,
  orphan: s.orphan,
});

describe("v1TraceToOtlp", () => {
  it("gives the same trace as the OTLP Jaeger converted (otlp2jaeger pair)", () => {
    const otlp = fromOtlp(read<{ resourceSpans: OtlpResourceSpans[] }>("transform-request.otlp2jaeger-in.json").resourceSpans)[0]!;
    const v1 = fromV1(read<V1Envelope<V1Trace[]>>("transform-response.otlp2jaeger-out.json").data![0]!);
    expect(v1.traceId).toBe(otlp.traceId);
    expect(v1.spans.map(essence)).toEqual(otlp.spans.map(essence));
    expect(v1.spans.map((s) => s.durationUs)).toEqual(otlp.spans.map((s) => s.durationUs));
  });

  it("gives the same tree, resource and µs-truncated times for the 4-span pair (older otel.library.* scope tags)", () => {
    const otlp = fromOtlp(read<{ resourceSpans: OtlpResourceSpans[] }>("transform-request.multi.otlp2jaeger-multi-in-combined.json").resourceSpans)[0]!;
    const v1 = fromV1(read<V1Envelope<V1Trace[]>>("transform-response.multi.oltp2jaeger-multi-out.json").data![0]!);
    expect(v1.spans.map(essence)).toEqual(otlp.spans.map(essence));
    // Jaeger truncates the start and the duration to µs separately
    for (const s of otlp.spans) {
      const start = BigInt(otlp.startNs) + BigInt(Math.round(s.startUs * 1000));
      const end = start + BigInt(Math.round(s.durationUs * 1000));
      expect(spanIndex(v1).get(s.id)!.durationUs).toBe(Number(end / 1000n - start / 1000n));
    }
  });

  it("maps every tag type, error=true, references and logs of Jaeger's ui_01 trace", () => {
    const raw = read<V1Trace>("ui-trace.ui_01.json");
    const t = fromV1(raw);
    expect(t.traceId).toBe(raw.traceID.padStart(32, "0"));
    // two spans share id …02 (Jaeger keeps both); children attach to the first
    expect(t.spans.map((s) => `${s.id}@${s.depth}:${s.service}:${s.operation}`)).toEqual([
      "0000000000000002@0:service-x:test-general-conversion",
      "0000000000000003@1:service-y:some-operation",
      "0000000000000004@1:service-y:reference-test",
      "0000000000000005@2:service-y:preserveParentID-test",
      "0000000000000002#2@0:service-x:some-operation",
    ]);
    const index = spanIndex(t);
    const tagged = index.get("0000000000000002#2")!;
    expect(tagged).toMatchObject({ error: true, status: "error" });
    expect(tagged.attributes).toEqual([
      { key: "peer.service", value: "service-y", type: "string" },
      { key: "peer.ipv4", value: "23456", type: "int" },
      { key: "temperature", value: "72.5", type: "double" },
      { key: "javascript_limit", value: "9223372036854775222", type: "int" },
      { key: "blob", value: "AAAwOQ==", type: "bytes" },
    ]);
    const logged = index.get("0000000000000002")!;
    expect(logged.events).toEqual([
      { name: "some-event", timeUs: 0, attributes: [] },
      { name: "", timeUs: 0, attributes: [{ key: "x", value: "y", type: "string" }] },
    ]);
    // CHILD_OF into another trace and FOLLOWS_FROM are links; the same-trace CHILD_OF is the parent
    const refs = index.get("0000000000000004")!;
    expect(refs.parentId).toBe("0000000000000002");
    expect(refs.links.map((l) => [l.traceId.slice(-4), l.spanId.slice(-2), l.attributes[0]!.value, l.inTrace])).toEqual([
      ["00ff", "ff", "child_of", false],
      ["0001", "02", "follows_from", true],
    ]);
    expect(v1Warnings(raw)).toEqual([`trace ${t.traceId}: some trace warning`, `trace ${t.traceId}: some span warning`]);
  });

  it("reads otel.status_code, the status message and a FOLLOWS_FROM-only parent", () => {
    const t = fromV1({
      traceID: "1",
      processes: { p: { serviceName: "svc", tags: [{ key: "hostname", type: "string", value: "h1" }] } },
      warnings: null,
      spans: [
        { traceID: "1", spanID: "a", operationName: "root", references: [], startTime: 1_000_000, duration: 10, tags: [{ key: "otel.status_code", type: "string", value: "OK" }], logs: null, processID: "p", warnings: null },
        {
          traceID: "1",
          spanID: "b",
          operationName: "async",
          references: [{ refType: "FOLLOWS_FROM", traceID: "1", spanID: "a" }],
          startTime: 1_000_020,
          duration: 5,
          tags: [
            { key: "otel.status_code", type: "string", value: "ERROR" },
            { key: "otel.status_description", type: "string", value: "queue full" },
            { key: "w3c.tracestate", type: "string", value: "k=v" },
          ],
          logs: null,
          processID: "p",
          warnings: null,
        },
      ],
    });
    const [a, b] = t.spans;
    expect([a!.status, a!.attributes]).toEqual(["ok", []]);
    expect(b).toMatchObject({ parentId: "a", status: "error", error: true, statusMessage: "queue full", attributes: [], startUs: 20, durationUs: 5 });
    expect(b!.resource).toEqual([{ key: "service.name", value: "svc", type: "string" }, { key: "hostname", value: "h1", type: "string" }]);
    // FOLLOWS_FROM stays visible as a link even when it is the parent (as Jaeger's translator does)
    expect(b!.links.map((l) => l.spanId)).toEqual(["a"]);
  });
});
