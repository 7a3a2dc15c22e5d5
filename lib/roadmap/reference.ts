import type { Prisma, PrismaClient } from "@prisma/client";
import type { RoadmapItemData } from "./item";
import { targetFromTemplate } from "./templates";

/**
 * The reference roadmap of the performance architecture document (PRODUCT.md): Q1 2026
 * done, Q2 2026 in progress, Q3 2026 planned targets. The demo's data; its measurable
 * targets come from the templates (the dashboards' own queries).
 */

const ALL = ["order-service", "catalog-service", "payment-service", "user-service", "inventory-service"];

export function referenceRoadmap(): RoadmapItemData[] {
  const item = (quarter: string, status: RoadmapItemData["status"], title: string, owner: string, services: string[], description: string, target: RoadmapItemData["target"] = null): RoadmapItemData => ({
    title,
    quarter,
    status,
    owner,
    services,
    description,
    target,
  });
  return [
    item("2026-Q1", "done", "Comprehensive caching strategy", "Platform team", ["catalog-service", "order-service", "user-service"], "Multi-level caching: CDN and Redis in front of the application cache, with hit rates on every service dashboard."),
    item("2026-Q1", "done", "Database read replicas", "Data team", ["catalog-service", "order-service", "inventory-service"], "Reads routed to a PostgreSQL read replica, writes to the primary, with a connection pool per role."),
    item(
      "2026-Q1",
      "done",
      "Critical API endpoints optimised",
      "Performance guild",
      ["catalog-service", "order-service", "payment-service"],
      "The slowest endpoints profiled and fixed; catalog-service held to the load-test threshold (p95 < 200 ms).",
      targetFromTemplate({ kind: "latency-p95", service: "catalog-service", window: "7d", comparator: "<", threshold: 0.2 }),
    ),
    item("2026-Q1", "done", "Performance monitoring dashboards", "SRE", ALL, "Latency, errors and saturation per service, with a jump from any latency spike to its traces."),
    item(
      "2026-Q2",
      "in_progress",
      "Advanced load balancing",
      "Platform team",
      ["order-service", "catalog-service"],
      "Least-request balancing and outlier ejection behind the API gateway, so that one slow pod no longer fails orders.",
      targetFromTemplate({ kind: "availability", service: "order-service", window: "7d", comparator: ">=", threshold: 0.999 }),
    ),
    item("2026-Q2", "in_progress", "CDN for static assets", "Frontend team", ["catalog-service"], "Product images and the storefront's static files served from the CDN."),
    item("2026-Q2", "in_progress", "Database query and index optimisation", "Data team", ["order-service", "inventory-service", "payment-service"], "Slow queries found from database_query_duration_seconds, indexes added, N+1 queries removed."),
    item("2026-Q2", "in_progress", "Response compression", "Platform team", ["catalog-service", "order-service"], "gzip and brotli for API responses above 1 KiB."),
    item(
      "2026-Q3",
      "planned",
      "Sub-100 ms P95 response times",
      "Performance guild",
      ALL,
      "The roadmap target: every service's p95 under 100 ms, starting with order-service, measured over 7 days.",
      targetFromTemplate({ kind: "latency-p95", service: "order-service", window: "7d", comparator: "<", threshold: 0.1 }),
    ),
    item("2026-Q3", "planned", "Predictive scaling", "SRE", ["order-service", "catalog-service"], "Scale ahead of the daily peak from last weeks' demand instead of reacting to CPU."),
    item("2026-Q3", "planned", "Edge computing", "Platform team", ["catalog-service"], "Catalog reads answered at the edge, close to the shoppers."),
    item("2026-Q3", "planned", "Mobile performance", "Frontend team", ["user-service", "catalog-service"], "Core Web Vitals on mobile: LCP, INP and CLS in the good range at p75."),
  ];
}

/** The rows to insert: the reference items with their position within their quarter. */
export function referenceRows(): Prisma.RoadmapItemCreateManyInput[] {
  const seen = new Map<string, number>();
  return referenceRoadmap().map((i) => {
    const position = seen.get(i.quarter) ?? 0;
    seen.set(i.quarter, position + 1);
    return { ...i, target: i.target ? (i.target as unknown as Prisma.InputJsonValue) : undefined, position };
  });
}

/**
 * Inserts the reference roadmap when the table is empty (the demo's data); returns how
 * many items it inserted. The table is locked for the check and the insert, so two
 * consoles starting together seed it once.
 */
export async function seedReferenceRoadmap(db: PrismaClient): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('LOCK TABLE "RoadmapItem" IN SHARE ROW EXCLUSIVE MODE');
    if ((await tx.roadmapItem.count()) > 0) return 0;
    const rows = referenceRows();
    await tx.roadmapItem.createMany({ data: rows });
    return rows.length;
  });
}
