import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { alertsQuery, seriesName, servicePanels } from "./panels";
import { WEB_VITAL_THRESHOLDS } from "./web-vitals";

function parse(query: string) {
  let errors = 0;
  const services: string[] = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors++;
      if (node.name === "UnquotedLabelMatcher") {
        const name = node.node.getChild("LabelName");
        const value = node.node.getChild("StringLiteral");
        if (name && value && ["service", "container", "deployment", "horizontalpodautoscaler"].includes(query.slice(name.from, name.to))) {
          services.push(JSON.parse(query.slice(value.from, value.to)) as string);
        }
      }
    },
  });
  return { errors, services };
}

describe("servicePanels", () => {
  const panels = servicePanels("order-service", 300, 60);

  it("includes the four panels of the reference Grafana dashboard", () => {
    expect(panels.slice(0, 4).map((p) => p.title)).toEqual(["Request Rate", "Response Time P95", "Error Rate", "Database Performance"]);
  });

  it("writes valid PromQL for every query", () => {
    for (const p of panels) for (const q of p.queries) expect(parse(q.expr).errors, q.expr).toBe(0);
    expect(parse(alertsQuery("order-service")).errors).toBe(0);
  });

  it("scopes every query to the service, even for a crafted service name", () => {
    const crafted = 'x"} or vector(1) or up{job="';
    for (const p of servicePanels(crafted, 300, 60)) {
      for (const q of p.queries) {
        const parsed = parse(q.expr);
        expect(parsed.errors, q.expr).toBe(0);
        expect(parsed.services.length).toBeGreaterThan(0);
        expect(new Set(parsed.services)).toEqual(new Set([crafted]));
      }
    }
  });

  it("keeps the panel ids that reports reuse", () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ["web-vitals-lcp", "web-vitals-inp", "web-vitals-cls", "cdn-hit-ratio", "db-replica-latency", "replication-lag"]) expect(ids).toContain(id);
  });

  it("shows web vitals at p75 per page, with the web.dev thresholds as reference lines", () => {
    for (const vital of ["lcp", "inp", "cls"] as const) {
      const p = panels.find((x) => x.id === `web-vitals-${vital}`)!;
      expect(p.vital).toBe(vital);
      expect(p.queries[0]!.expr).toMatch(/^histogram_quantile\(0\.75, sum by \(page, le\) \(rate\(browser_web_vital_\w+_bucket\{service="order-service"\}\[5m\]\)\)\)$/);
      expect(p.queries[0]!.legend).toEqual({ label: "page" });
      expect(p.thresholds!.map((t) => t.value)).toEqual([WEB_VITAL_THRESHOLDS[vital].good, WEB_VITAL_THRESHOLDS[vital].poor]);
    }
    expect(panels.find((x) => x.id === "web-vitals-lcp")!.unit).toBe("seconds");
    expect(panels.find((x) => x.id === "web-vitals-cls")!.unit).toBe("number");
  });

  it("computes the CDN hit ratio as hits over requests, and database p95 by role", () => {
    const cdn = panels.find((x) => x.id === "cdn-hit-ratio")!;
    expect(cdn.queries[0]!.expr).toBe('sum(rate(fastly_rt_hits_total{service="order-service"}[5m])) / sum(rate(fastly_rt_requests_total{service="order-service"}[5m]))');
    const db = panels.find((x) => x.id === "db-replica-latency")!;
    expect(db.queries[0]!.expr).toContain("sum by (role, le)");
  });

  it("names series from the legend", () => {
    expect(seriesName({ label: "endpoint,status" }, { endpoint: "/api/orders", status: "500" })).toBe("/api/orders 500");
    expect(seriesName({ name: "p95" }, {})).toBe("p95");
  });
});
