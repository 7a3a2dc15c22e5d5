import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { ADHOC_LIMITS, adhocGate } from "@/lib/server/adhoc";
import { env } from "./env";
import * as session from "./support/session";

/**
 * One user's own queries (Explore, backtests, previews, live checks, trace searches) take at most
 * ADHOC_LIMITS.perKey of Prometheus's query slots: a flood from one viewer waits in their
 * own queue, or is refused, while another user's query starts at once. Prometheus is
 * stopped (SIGSTOP) for a moment so that the flood is certainly in flight together.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `adhoc${Date.now().toString(36)}`;
let db: typeof import("@/lib/db/client");
let ids: Record<Role, string>;

beforeAll(async () => {
  ({ db, ids } = await session.setUpActions(suffix));
});
afterEach(() => process.kill(env.prometheusPid, "SIGCONT"));
afterAll(async () => {
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await db.prisma().$disconnect();
});

const explore = (i: number) => ({ query: `sum(up) + 0 * ${i}`, mode: "instant" as const, range: { kind: "relative" as const, preset: "1h" as const }, widthPx: 800 });

describe("a user's own queries", () => {
  it("one viewer's flood runs at most 4 at once and queues 8 more, refusing the rest at once; another user's query starts meanwhile and every queued one answers", async () => {
    const { runExploreQuery } = await import("@/app/actions/explore");
    const gate = adhocGate();
    const { perKey, maxWaitingPerKey } = ADHOC_LIMITS;
    await session.signInAs(db, ids.VIEWER);
    process.kill(env.prometheusPid, "SIGSTOP");
    const flood = Array.from({ length: perKey + maxWaitingPerKey + 2 }, (_, i) => runExploreQuery(explore(i)));
    const settled: unknown[] = [];
    for (const p of flood) void p.then((r) => settled.push(r));
    await expect.poll(() => gate.inFlight(ids.VIEWER), { timeout: 5000, interval: 20 }).toEqual({ running: perKey, waiting: maxWaitingPerKey });
    // the two over the limit are answered at once, while Prometheus still answers nothing
    await expect.poll(() => settled.length, { timeout: 5000, interval: 20 }).toBe(2);
    expect(settled).toEqual([
      { ok: false, error: { code: "busy", message: "you have 4 queries running and 8 waiting, the most the console takes from one user; this one was not started" } },
      { ok: false, error: { code: "busy", message: "you have 4 queries running and 8 waiting, the most the console takes from one user; this one was not started" } },
    ]);
    // another user is not behind the viewer's queue
    await session.signInAs(db, ids.EDITOR);
    const other = runExploreQuery(explore(100));
    await expect.poll(() => gate.inFlight(ids.EDITOR), { timeout: 5000, interval: 20 }).toEqual({ running: 1, waiting: 0 });
    process.kill(env.prometheusPid, "SIGCONT");
    expect((await other).ok).toBe(true);
    const results = await Promise.all(flood);
    expect(results.filter((r) => r.ok)).toHaveLength(perKey + maxWaitingPerKey);
    expect(gate.inFlight()).toEqual({ running: 0, waiting: 0 });
  });
});
