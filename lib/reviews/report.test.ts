import { describe, expect, it } from "vitest";
import { actionItemsCsv, figuresCsv, reportMarkdown, reviewMarkdown, tableCsv } from "./export";
import { formatChange, formatFigure } from "./format";
import { periodQueries } from "./queries";
import { comparable, compareTable, mergeErrors, relativeChange, total, trendDirection, type Report } from "./report";
import type { ReviewDetail } from "./review-types";

const v = (metric: Record<string, string>, value: number) => ({ metric, value: [0, String(value)] as [number, string] });

describe("report figures", () => {
  it("reads period queries from the dashboards' builders: windowed panels over the period, gauges averaged", () => {
    const qs = periodQueries("order-service", 7 * 86400, ["response-time-p95", "replicas", "cpu"]);
    const p95 = qs.find((q) => q.panel === "response-time-p95" && "name" in q.legend && q.legend.name === "p95")!;
    expect(p95.method).toBe("window");
    expect(p95.expr).toContain("[1w]");
    const replicas = qs.find((q) => q.panel === "replicas")!;
    expect(replicas.method).toBe("average");
    expect(replicas.expr).toMatch(/^avg_over_time\(\(.*\)\[1w:20m\]\)$/);
    // the CPU panel mixes both: usage is a rate, requests a gauge
    expect(qs.filter((q) => q.panel === "cpu").map((q) => q.method)).toEqual(["window", "average"]);
    expect(() => periodQueries("x", 10, ["cpu"])).toThrow(/at least a minute/);
  });

  it("compares tables with the worst change first, and judges trends by which way is better", () => {
    const q = { legend: { label: "endpoint" }, unit: "seconds" as const, how: "p95", panel: "endpoint-p95", expr: "", method: "window" as const, title: "" };
    const t = compareTable("endpoint-p95", "Endpoints", q, [v({ endpoint: "/a" }, 0.2), v({ endpoint: "/b" }, 0.1), v({ endpoint: "/c" }, 0.3)], [v({ endpoint: "/a" }, 0.1), v({ endpoint: "/b" }, 0.1), v({ endpoint: "/d" }, 1)], "lower");
    expect(t.rows.map((r) => r.name)).toEqual(["/a", "/b", "/c", "/d"]);
    expect(t.rows[0]).toEqual({ name: "/a", value: 0.2, previous: 0.1 });
    expect(trendDirection({ value: 0.2, previous: 0.1, better: "lower" })).toBe("worse");
    // availability is judged by its complement: 99.9 % → 99.8 % doubles the errors
    expect(trendDirection({ value: 0.998, previous: 0.999, better: "higher" })).toBe("worse");
    expect(trendDirection({ value: 0.99995, previous: 0.99995, better: "higher" })).toBe("same");
    expect(trendDirection({ value: 0.9, previous: 0.5, better: "higher" })).toBe("better");
    expect(relativeChange(1, 0)).toBeNull();
    expect(total([v({}, 1), v({}, Number.NaN), v({}, 2)])).toBe(3);
    expect(total([])).toBeNull();
  });

  it("says a cause shared by many failed parts once", () => {
    const down = "prometheus: unreachable";
    const errs = ["a", "b", "a", "c", "d", "e"].map((part) => ({ part, message: down }));
    expect(mergeErrors([...errs, { part: "SLOs", message: "timeout" }])).toEqual([
      { part: "a, b, c and 2 more", message: down },
      { part: "SLOs", message: "timeout" },
    ]);
  });

  it("formats figures and changes", () => {
    expect(formatFigure(1234567.4, "count")).toBe("1,234,567");
    expect(formatFigure(0.1534, "seconds")).toBe("153.4 ms");
    expect(formatFigure(null, "ratio")).toBe("–");
    expect(formatChange(0.11, 0.1)).toBe("+10.0 %");
    expect(formatChange(0.09, 0.1)).toBe("−10.0 %");
    // ratios change in percentage points
    expect(formatChange(0.9995, 0.9996, "ratio")).toBe("−0.010 pp");
    expect(formatChange(0.93, 0.9, "ratio")).toBe("+3.00 pp");
    expect(comparable({ coverage: { current: 1, previous: 0.95 } })).toBe(true);
    expect(comparable({ coverage: { current: 1, previous: 0.02 } })).toBe(false);
    expect(comparable({ coverage: { current: null, previous: 1 } })).toBe(false);
  });
});

const report: Report = {
  period: { kind: "week", label: "2026-W48", start: 1795392000, end: 1795996800 },
  previous: { kind: "week", label: "2026-W47", start: 1794787200, end: 1795392000 },
  evaluatedAt: 1795996800,
  generatedAt: "2026-12-01T00:00:00.000Z",
  tookMs: 10,
  changes: [{ id: "c1", at: "2026-11-25T10:00:00.000Z", actorEmail: "ed@example.com", action: "rules.push", targetType: "rule_file", targetId: "r1", targetName: "perf|rules.yml", service: null, href: "/rules/r1", outcome: "ok", message: "=HYPERLINK(\"x\")", before: null, after: null }],
  services: [
    {
      service: "order-service",
      figures: [{ id: "p95", label: "p95 latency", unit: "seconds", value: 0.25, previous: 0.2, better: "lower", targets: [{ label: "load-test threshold p95 < 200 ms", op: "<", value: 0.2, met: false }], how: "p95, over the period" }],
      tables: [{ id: "endpoint-p95", title: "Endpoints", unit: "seconds", better: "lower", rows: [{ name: "/api/orders", value: 0.3, previous: null }], how: "" }],
      slos: [],
      incidents: [{ alertname: "HighErrorRate", service: "order-service", severity: "critical", start: 1795500000, end: 1795501800, detectedAt: 1795499940, firingSeconds: 1800, recoverSeconds: 1860, open: false, openAtStart: false }],
      incidentSummary: { count: 1, firingSeconds: 1800, mttrSeconds: 1860, longestSeconds: 1800 },
      previousIncidentSummary: { count: 0, firingSeconds: 0, mttrSeconds: null, longestSeconds: 0 },
      charts: [],
      coverage: { current: 1, previous: 0.98 },
      loadTests: [],
      activeAlerts: [],
      errors: [],
    },
  ],
};

describe("exports", () => {
  it("CSV: raw numbers in SI units, text defused against formulas", () => {
    expect(figuresCsv(report)).toBe(
      "service,figure,unit,value,previous,targets,how\r\norder-service,p95 latency,seconds,0.25,0.2,missed: load-test threshold p95 < 200 ms,\"p95, over the period\"\r\n",
    );
    expect(tableCsv("order-service", report.services[0]!.tables[0]!)).toBe("service,name,unit,value,previous,rating\r\norder-service,/api/orders,seconds,0.3,,\r\n");
    expect(actionItemsCsv([{ id: "a", reviewId: "r", reviewTitle: "W47", title: "-cmd", owner: "me", due: null, status: "open", createdAt: "", closedAt: null, carriedOver: true }])).toBe(
      "title,owner,due,status,raised_in,carried_over\r\n'-cmd,me,,open,W47,true\r\n",
    );
  });

  it("Markdown: the figures, incidents and changes, table cells escaped", () => {
    const md = reportMarkdown(report);
    expect(md).toContain("| p95 latency | 250 ms | 200 ms | +25.0 % | missed: load-test threshold p95 < 200 ms |");
    expect(md).toContain("| HighErrorRate | critical | 2026-11-24 06:00 | 30 min | 31 min |");
    expect(md).toContain("perf\\|rules.yml");
    const review: ReviewDetail = {
      id: "r", kind: "weekly", title: "Weekly performance review 2026-W48", periodLabel: "2026-W48", periodStart: "", periodEnd: "", services: ["order-service"], createdAt: "2026-12-01T09:00:00.000Z", createdByEmail: "ed@example.com", openItems: 1,
      notes: "Search is slow\nagain.", revision: 2, snapshot: report,
      decisions: [{ id: "d", text: "Keep the HPA", authorEmail: "ed@example.com", createdAt: "" }],
      actionItems: [{ id: "a", reviewId: "q", reviewTitle: "W47", title: "Index orders", owner: "sre", due: "2026-12-15", status: "open", createdAt: "", closedAt: null, carriedOver: true }],
    };
    const text = reviewMarkdown(review);
    expect(text.startsWith("# Weekly performance review 2026-W48\n")).toBe(true);
    expect(text).toContain("- Keep the HPA (ed@example.com)");
    expect(text).toContain("| carried over | Index orders | sre | 2026-12-15 | open |");
    expect(text).toContain("## Notes\n\nSearch is slow\nagain.");
  });
});
