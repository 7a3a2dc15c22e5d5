import { describe, expect, it } from "vitest";
import { checkPromQL } from "@/lib/promql/check";
import { demoSlos } from "./demo";
import { errorRatioQuery } from "./queries";
import { sloId, validateSloSpec } from "./spec";

describe("the demo's SLOs", () => {
  const slos = demoSlos(["order-service", "catalog-service"]);
  it("are an availability and a p95-latency SLO per service, each a valid spec", () => {
    expect(slos.map((s) => `${sloId(s)} ${s.objective}`)).toEqual([
      "order-service-requests-availability 99.9",
      "order-service-requests-latency-p95 95",
      "catalog-service-requests-availability 99.9",
      "catalog-service-requests-latency-p95 95",
    ]);
    for (const s of slos) expect(validateSloSpec(s)).toEqual({ ok: true, slo: s });
  });
  it("give error-ratio queries that parse and type-check", () => {
    for (const s of slos) expect(checkPromQL(errorRatioQuery(s as Parameters<typeof errorRatioQuery>[0], "1h"))).toEqual([]);
  });
});
