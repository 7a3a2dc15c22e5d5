import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { alertsQuery, seriesName, servicePanels } from "./panels";

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

  it("names series from the legend", () => {
    expect(seriesName({ label: "endpoint,status" }, { endpoint: "/api/orders", status: "500" })).toBe("/api/orders 500");
    expect(seriesName({ name: "p95" }, {})).toBe("p95");
  });
});
