import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The folders of lib/ form a graph without cycles (docs/ARCHITECTURE.md): a cycle
 * between two folders means neither can be understood, tested or moved alone. Lint
 * (eslint.config.mjs) enforces which layers may import which; this test enforces that
 * the folder graph stays acyclic. Test files are left out (they may reach anywhere).
 */

const LIB = path.resolve(import.meta.dirname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "testdata" ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** folder → the lib/ folders its files import (by @/lib/… or by a relative path) */
export function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(LIB)) {
    const rel = path.relative(LIB, file);
    if (!rel.includes(path.sep)) continue;
    const from = rel.split(path.sep)[0]!;
    const deps = graph.get(from) ?? new Set<string>();
    graph.set(from, deps);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      let target: string | undefined;
      if (spec!.startsWith("@/lib/")) target = spec!.slice("@/lib/".length).split("/")[0];
      else if (spec!.startsWith(".")) {
        const resolved = path.relative(LIB, path.resolve(path.dirname(file), spec!));
        if (!resolved.startsWith("..")) target = resolved.split(path.sep)[0];
      }
      if (target && target !== from) deps.add(target);
    }
  }
  return graph;
}

function cycles(graph: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const visit = (node: string, stack: string[]) => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const start = cycle.indexOf([...cycle].sort()[0]!);
      found.add([...cycle.slice(start), ...cycle.slice(0, start), cycle[start]].join(" → "));
      return;
    }
    for (const next of graph.get(node) ?? []) visit(next, [...stack, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return [...found].sort();
}

describe("lib/ folders", () => {
  it("import each other without cycles", () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(15);
    expect(cycles(graph)).toEqual([]);
  });

  it("the cycle finder finds one", () => {
    const g = new Map([["a", new Set(["b"])], ["b", new Set(["c"])], ["c", new Set(["a"])], ["d", new Set(["a"])]]);
    expect(cycles(g)).toEqual(["a → b → c → a"]);
  });
});
