import { describe, expect, it } from "vitest";
import type { ApiRuleGroup } from "@/lib/prometheus/rules";
import { flattenRules, pageRules } from "./browse";

function groups(n: number): ApiRuleGroup[] {
  return Array.from({ length: n }, (_, g) => ({
    name: `team-${g}.rules`,
    file: `/etc/prometheus/rules/team-${g}.yml`,
    interval: 30,
    rules: Array.from({ length: 10 }, (_, r) =>
      r === 9
        ? { type: "recording" as const, name: `team${g}:requests:rate5m`, query: `sum(rate(http_requests_total{team="${g}"}[5m]))`, health: "ok" as const }
        : {
            type: "alerting" as const,
            name: `Alert${g}_${r}`,
            query: `up{team="${g}"} == 0`,
            duration: 60,
            labels: { severity: r % 2 ? "warning" : "critical" },
            health: g === 7 && r === 3 ? ("err" as const) : ("ok" as const),
            lastError: g === 7 && r === 3 ? "vector contains metrics with the same labelset after applying alert labels" : undefined,
            state: g === 3 && r === 1 ? ("firing" as const) : g === 4 && r === 2 ? ("pending" as const) : ("inactive" as const),
            alerts: g === 3 && r === 1 ? [{ labels: {}, annotations: {}, state: "firing" as const, value: "1" }] : [],
          },
    ),
  }));
}

describe("rule browser", () => {
  const rows = flattenRules(groups(60)); // 600 rules

  it("puts firing, then pending, then unhealthy rules first and pages the rest", () => {
    const p = pageRules(rows, {}, 0, 50);
    expect(p.total).toBe(600);
    expect(p.pages).toBe(12);
    expect(p.rows.slice(0, 3).map((r) => [r.name, r.state, r.health])).toEqual([
      ["Alert3_1", "firing", "ok"],
      ["Alert4_2", "pending", "ok"],
      ["Alert7_3", "inactive", "err"],
    ]);
    expect(p.rows[0]!.active).toBe(1);
    expect(p.counts).toEqual({ firing: 1, pending: 1, inactive: 538, recording: 60, unhealthy: 1 });
    expect(pageRules(rows, {}, 99, 50).page).toBe(11);
  });

  it("filters by state, health and type, and searches names, queries and labels (all terms)", () => {
    expect(pageRules(rows, { health: "err" }, 0, 50).rows.map((r) => r.lastError)).toEqual([
      "vector contains metrics with the same labelset after applying alert labels",
    ]);
    expect(pageRules(rows, { type: "recording" }, 0, 50).matched).toBe(60);
    expect(pageRules(rows, { q: "team12:requests" }, 0, 50).rows.map((r) => r.name)).toEqual(["team12:requests:rate5m"]);
    expect(pageRules(rows, { q: 'team="12" severity=warning' }, 0, 50).matched).toBe(4);
    expect(pageRules(rows, { q: "nothing-like-this" }, 0, 50)).toMatchObject({ matched: 0, pages: 1, rows: [] });
  });
});
