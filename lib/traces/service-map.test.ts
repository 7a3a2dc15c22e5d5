import { describe, expect, it } from "vitest";
import type { DependencyLink } from "@/lib/jaeger/types";
import { backEdges, buildServiceMap, LAYOUT, mergeLinks, strokeWidthFor, type MapNode, type ServiceMap, type ServiceMetrics } from "./service-map";

/** Tests of the service map's model and layered layout (pure). */

const link = (parent: string, child: string, callCount = 10): DependencyLink => ({ parent, child, callCount });
const node = (map: ServiceMap, name: string): MapNode => {
  const n = map.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
};
const columns = (map: ServiceMap) => Object.fromEntries(map.nodes.map((n) => [n.name, n.column]));
const good: ServiceMetrics = { rate: 20, errorRatio: 0.001, p95: 0.1 };

/** The reference shop: order-service calls user, inventory and payment; catalog-service stands alone. */
const REFERENCE = [link("order-service", "user-service", 500), link("order-service", "inventory-service", 300), link("order-service", "payment-service", 290)];

describe("mergeLinks", () => {
  it("merges links of the same pair, summing their counts, and drops blank names", () => {
    const merged = mergeLinks([link("a", "b", 3), link("a", "c", 1), link("a", "b", 4), link("", "b", 9), link("b", "a", 2)]);
    expect(merged).toEqual([link("a", "b", 7), link("a", "c", 1), link("b", "a", 2)]);
  });

  it("counts a non-finite or negative call count as 0", () => {
    expect(mergeLinks([link("a", "b", Number.NaN), link("a", "b", -3), link("a", "b", 2)])).toEqual([link("a", "b", 2)]);
  });
});

describe("buildServiceMap", () => {
  it("draws one edge per pair with the summed count and counts calls in and out", () => {
    const map = buildServiceMap([link("a", "b", 3), link("a", "b", 4), link("b", "c", 5)], {});
    expect(map.edges.map((e) => [e.parent, e.child, e.callCount])).toEqual([["a", "b", 7], ["b", "c", 5]]);
    expect(node(map, "a")).toMatchObject({ callsIn: 0, callsOut: 7 });
    expect(node(map, "b")).toMatchObject({ callsIn: 7, callsOut: 5 });
    expect(node(map, "c")).toMatchObject({ callsIn: 5, callsOut: 0 });
  });

  it("lays out the reference shape: order-service first, its three callees in the next column", () => {
    const map = buildServiceMap(REFERENCE, {});
    expect(columns(map)).toEqual({ "order-service": 0, "user-service": 1, "inventory-service": 1, "payment-service": 1 });
    // the single caller sits level with the middle of its callees
    const order = node(map, "order-service");
    const rows = ["inventory-service", "payment-service", "user-service"].map((n) => node(map, n));
    expect(rows.map((n) => n.row)).toEqual([0, 1, 2]);
    expect(order.y).toBe(rows[1]!.y);
    expect(rows[0]!.x).toBe(order.x + LAYOUT.nodeWidth + LAYOUT.columnGap);
    expect(map.edges.every((e) => !e.back)).toBe(true);
  });

  it("puts catalog-service alone in the first column, below the connected services", () => {
    const metrics = Object.fromEntries(["order-service", "user-service", "inventory-service", "payment-service", "catalog-service"].map((n) => [n, good]));
    const map = buildServiceMap(REFERENCE, metrics);
    expect(node(map, "catalog-service")).toMatchObject({ column: 0, row: 1, callsIn: 0, callsOut: 0 });
    expect(node(map, "order-service")).toMatchObject({ column: 0, row: 0 });
    expect(map.nodes).toHaveLength(5);
  });

  it("gives catalog-service's own callees the next column, beside it rather than across order-service's edges", () => {
    const map = buildServiceMap([...REFERENCE, link("catalog-service", "search-service", 40)], {});
    expect(node(map, "catalog-service").column).toBe(0);
    expect(node(map, "search-service").column).toBe(1);
    // order-service's callees stay together; search-service sits on catalog's side
    const col = (c: number) => map.nodes.filter((n) => n.column === c).sort((a, b) => a.row - b.row).map((n) => n.name);
    expect(col(0)).toEqual(["catalog-service", "order-service"]);
    expect(col(1)).toEqual(["search-service", "inventory-service", "payment-service", "user-service"]);
  });

  it("places a service by its longest path from a root", () => {
    const map = buildServiceMap([link("a", "b"), link("b", "c"), link("a", "c")], {});
    expect(columns(map)).toEqual({ a: 0, b: 1, c: 2 });
  });

  it("keeps a service with metrics but no calls, with its numbers and health", () => {
    const map = buildServiceMap([], { "catalog-service": good, "slow-service": { rate: 1, errorRatio: 0, p95: 2 } });
    expect(map.edges).toEqual([]);
    expect(node(map, "catalog-service")).toMatchObject({ column: 0, rate: 20, errorRatio: 0.001, p95: 0.1, callsIn: 0, callsOut: 0 });
    expect(node(map, "catalog-service").health.level).toBe("healthy");
    expect(node(map, "slow-service").health.level).toBe("breaching");
  });

  it("marks every service unknown without metrics (Prometheus failed) but still lays them out", () => {
    const map = buildServiceMap(REFERENCE, {});
    expect(map.nodes.map((n) => n.health.level)).toEqual(["unknown", "unknown", "unknown", "unknown"]);
    expect(map.nodes.every((n) => n.rate === null && n.p95 === null)).toBe(true);
  });

  it("rates health from the error ratio and p95 against the default targets", () => {
    const map = buildServiceMap(REFERENCE, {
      "order-service": { rate: 10, errorRatio: 0.009, p95: 0.1 },
      "user-service": { rate: 10, errorRatio: 0.05, p95: 0.1 },
      "inventory-service": good,
    });
    expect(node(map, "order-service").health.level).toBe("at risk");
    expect(node(map, "user-service").health.level).toBe("breaching");
    expect(node(map, "inventory-service").health.level).toBe("healthy");
    expect(node(map, "payment-service").health.level).toBe("unknown");
  });

  it("breaks a cycle deterministically: the edge closing it goes back, whatever the input order", () => {
    const links = [link("gateway", "a"), link("a", "b"), link("b", "c"), link("c", "a")];
    const one = buildServiceMap(links, {});
    const two = buildServiceMap([...links].reverse(), {});
    expect(columns(one)).toEqual({ gateway: 0, a: 1, b: 2, c: 3 });
    expect(one.edges.filter((e) => e.back).map((e) => `${e.parent}→${e.child}`)).toEqual(["c→a"]);
    expect(two).toEqual(one);
  });

  it("starts a cycle without roots at the first name", () => {
    const map = buildServiceMap([link("b", "a"), link("a", "b")], {});
    expect(columns(map)).toEqual({ a: 0, b: 1 });
    expect(map.edges.find((e) => e.parent === "b")?.back).toBe(true);
    expect(map.edges.find((e) => e.parent === "a")?.back).toBe(false);
  });

  it("draws a self-call as a back edge and counts it in and out", () => {
    const map = buildServiceMap([link("a", "a", 4), link("a", "b", 1)], {});
    expect(columns(map)).toEqual({ a: 0, b: 1 });
    expect(map.edges.find((e) => e.child === "a")).toMatchObject({ back: true, callCount: 4 });
    expect(node(map, "a")).toMatchObject({ callsIn: 4, callsOut: 5 });
  });

  it("orders rows by barycentre to avoid crossings", () => {
    // names alone would put x above y in the middle column and cross the edges
    const map = buildServiceMap([link("a", "y"), link("b", "x"), link("y", "p"), link("x", "q")], {});
    const rowOf = (n: string) => node(map, n).row;
    expect(rowOf("a")).toBeLessThan(rowOf("b"));
    expect(rowOf("y")).toBeLessThan(rowOf("x"));
    expect(rowOf("p")).toBeLessThan(rowOf("q"));
  });

  it("draws forward edges from the caller's right side to the callee's left side, inside the map", () => {
    const map = buildServiceMap(REFERENCE, {});
    const order = node(map, "order-service");
    const user = node(map, "user-service");
    const edge = map.edges.find((e) => e.child === "user-service")!;
    expect(edge.path.startsWith(`M${order.x + LAYOUT.nodeWidth},${order.y + LAYOUT.nodeHeight / 2} C`)).toBe(true);
    expect(edge.path.endsWith(`${user.x},${user.y + LAYOUT.nodeHeight / 2}`)).toBe(true);
    expect(edge.label.x).toBeGreaterThan(order.x + LAYOUT.nodeWidth);
    expect(edge.label.x).toBeLessThan(user.x);
    for (const n of map.nodes) {
      expect(n.x + LAYOUT.nodeWidth).toBeLessThanOrEqual(map.width);
      expect(n.y + LAYOUT.nodeHeight).toBeLessThanOrEqual(map.height);
    }
  });

  it("makes room below the nodes for back edges", () => {
    const plain = buildServiceMap([link("a", "b")], {});
    const cyclic = buildServiceMap([link("a", "b"), link("b", "a")], {});
    expect(cyclic.height).toBe(plain.height + LAYOUT.backArc);
    // b → a runs from b's left side back to a's right side, bending below the forward edge
    const [a, b] = [node(cyclic, "a"), node(cyclic, "b")];
    const back = cyclic.edges.find((e) => e.back)!;
    expect(back.path.startsWith(`M${b.x},${b.y + LAYOUT.nodeHeight * 0.75} C`)).toBe(true);
    expect(back.path.endsWith(`${a.x + LAYOUT.nodeWidth},${a.y + LAYOUT.nodeHeight * 0.75}`)).toBe(true);
    expect(back.label.y).toBeGreaterThan(a.y + LAYOUT.nodeHeight);
    expect(back.label.y).toBeLessThan(cyclic.height);
  });

  it("loops a self-call above its node, inside the map", () => {
    const map = buildServiceMap([link("a", "a")], {});
    const loop = map.edges[0]!;
    expect(loop.label.y).toBeLessThan(node(map, "a").y);
    expect(loop.label.y - 12).toBeGreaterThan(0);
    expect(map.height).toBe(buildServiceMap([], { a: good }).height);
  });

  it("is empty without links or metrics", () => {
    expect(buildServiceMap([], {})).toMatchObject({ nodes: [], edges: [] });
  });
});

describe("backEdges", () => {
  it("finds nothing in a tree", () => {
    expect([...backEdges(["a", "b", "c"], [link("a", "b"), link("a", "c")])]).toEqual([]);
  });
});

describe("strokeWidthFor", () => {
  it("grows with the log of the call count, from 1 to at most 8", () => {
    expect(strokeWidthFor(0)).toBe(1);
    expect(strokeWidthFor(1)).toBe(1);
    expect(strokeWidthFor(1000)).toBe(4);
    expect(strokeWidthFor(1e12)).toBe(8);
  });
});
