import { z } from "zod";
import { jsonPath } from "./path";
import { Refusal, kindOf, validate } from "./errors";
import { LOADTEST_LIMITS as LIMITS, type LoadTestCheck, type LoadTestMetric, type LoadTestSummary } from "./summary";

/**
 * The checks of `root_group`, flattened with their group path. handleSummary lists a
 * group's groups and checks as arrays, `--summary-export` as objects keyed by name;
 * both are read. Walked with a stack (no recursion) and at most 32 groups deep; the
 * list keeps the first 2,000 checks, the totals count all of them (or come from the
 * `checks` metric, which counts every check k6 ran).
 */

const check = z.object({
  name: z.string().max(LIMITS.nameLength).optional(),
  path: z.string().max(LIMITS.nameLength * 4).optional(),
  passes: z.number().nonnegative(),
  fails: z.number().nonnegative(),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A list's items by index, an object's by key; anything else is refused. */
function members(v: unknown, path: PropertyKey[]): [PropertyKey, unknown][] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isObject(v)) return Object.entries(v);
  throw new Refusal(jsonPath(path), `expected a list or an object, got ${kindOf(v)}`);
}

export function readChecks(rootGroup: unknown, checksMetric: LoadTestMetric | undefined): LoadTestSummary["checks"] {
  const list: LoadTestCheck[] = [];
  let passes = 0;
  let fails = 0;
  let count = 0;
  if (rootGroup !== undefined) {
    const stack: { group: unknown; path: PropertyKey[]; prefix: string; depth: number }[] = [{ group: rootGroup, path: ["root_group"], prefix: "", depth: 0 }];
    while (stack.length) {
      const { group, path, prefix, depth } = stack.pop()!;
      if (!isObject(group)) throw new Refusal(jsonPath(path), `expected a group (an object), got ${kindOf(group)}`);
      if (depth > LIMITS.groupDepth) throw new Refusal(jsonPath(path), `groups nested more than ${LIMITS.groupDepth} deep`);
      for (const [key, raw] of members(group.checks, [...path, "checks"])) {
        const c = validate(check, raw, [...path, "checks", key]);
        const name = c.name ?? String(key);
        passes += c.passes;
        fails += c.fails;
        if (++count <= LIMITS.checksKept) list.push({ path: c.path ?? `${prefix}::${name}`, name, passes: c.passes, fails: c.fails });
      }
      const groups = members(group.groups, [...path, "groups"]);
      // reversed onto the stack so that groups come out in the file's order
      for (const [key, sub] of groups.reverse()) {
        const name = isObject(sub) && typeof sub.name === "string" ? sub.name : String(key);
        stack.push({ group: sub, path: [...path, "groups", key], prefix: `${prefix}::${name}`, depth: depth + 1 });
      }
    }
  }
  if (checksMetric?.type === "rate") ({ passes, fails } = { passes: checksMetric.values.passes!, fails: checksMetric.values.fails! });
  return { passes, fails, list, truncated: count > list.length };
}
