import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { SloSpec } from "@/lib/slo/spec";
import { pastIncidents } from "@/scripts/simulator/history";
import { Simulation } from "@/scripts/simulator/model";
import { env } from "./env";
import * as session from "./support/session";
import { data, pushAnyway } from "./support/session";

/**
 * SLOs on the real stack: the board and an SLO's page computed from the simulator's
 * 48 h of history (with its order-service error burst of 20 h ago), zero traffic
 * without NaN, the live preview, and the generated rules pushed through the rule
 * pipeline into the real Prometheus.
 */

vi.mock("next/headers", () => import("./support/session"));

const suffix = `s${Date.now().toString(36)}`;
let db: typeof import("@/lib/db/client");
let slo: typeof import("@/app/actions/slo");
let ids: Record<Role, string>;

const signInAs = (role: Role) => session.signInAs(db, ids[role]);


const availability: SloSpec = {
  name: `availability-${suffix}`,
  service: "order-service",
  labels: {},
  objective: 99.9,
  window: { kind: "rolling", days: 30 },
  sli: {
    kind: "ratio",
    errorQuery: 'sum(rate(http_requests_total{service="order-service",status=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{service="order-service"}[{{.window}}]))',
  },
  alerting: { name: "OrderAvailability", pageTiers: { fast: true, slow: true }, ticketTiers: { fast: true, slow: false }, pageLabels: { severity: "critical" }, ticketLabels: { severity: "warning" }, annotations: { summary: "order-service availability budget burn" } },
};

beforeAll(async () => {
  ({ db, ids } = await session.setUpActions(suffix));
  slo = await import("@/app/actions/slo");
});

afterAll(async () => {
  rmSync(path.join(env.rulesDir, `slo-order-service-availability-${suffix}.rules.yml`), { force: true });
  await fetch(`${env.prometheusUrl}/-/reload`, { method: "POST" });
  await db.prisma().document.deleteMany({ where: { kind: "slo",  name: { contains: suffix } } });
  await db.prisma().document.deleteMany({ where: { kind: "rules",  name: { contains: suffix } } });
  await db.prisma().user.deleteMany({ where: { email: { endsWith: `${suffix}@example.com` } } });
  await db.prisma().$disconnect();
});

describe("SLOs", () => {
  it("the live preview computes the SLO over history before saving; viewers cannot save", async () => {
    await signInAs("VIEWER");
    const p = data(await slo.sloPreviewAction({ spec: availability }));
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    // the same figure asked of Prometheus directly (30 days of increase, ~48 h of data
    // with the 8 % burst of 20 h ago and the simulator's background errors)
    const direct = (await (
      await fetch(`${env.prometheusUrl}/api/v1/query`, {
        method: "POST",
        body: new URLSearchParams({ query: 'sum(increase(http_requests_total{service="order-service",status=~"5.."}[30d])) / sum(increase(http_requests_total{service="order-service"}[30d]))' }),
      })
    ).json()) as { data: { result: { value: [number, string] }[] } };
    const ratio = Number(direct.data.result[0]!.value[1]);
    expect(ratio).toBeGreaterThan(0);
    expect(p.status.attained).toBeCloseTo(1 - ratio, 4);
    expect(p.status.remaining).toBeCloseTo(1 - ratio / 0.001, 1);
    expect(p.status.source).toBe("raw");
    expect(p.status.note).toMatch(/^Read from raw data/);
    // the latency form offers the histogram's real bucket bounds
    const bounds = data(await slo.histogramBoundsAction({ metric: "http_request_duration_seconds" }));
    expect(bounds).toContain(0.5);
    expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
    expect(await slo.histogramBoundsAction({ metric: 'x"}' })).toMatchObject({ ok: false, error: { code: "invalid" } });
    const bad = data(await slo.sloPreviewAction({ spec: { ...availability, objective: 120 } }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]?.path).toBe("objective");
    expect(await slo.saveSloAction({ spec: availability, base: 0, message: "x" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("zero traffic shows no errors, never NaN", async () => {
    await signInAs("EDITOR");
    // rate() of a gauge that never changes: a total of 0 requests per second
    const quiet: SloSpec = { ...availability, name: `quiet-${suffix}`, sli: { kind: "ratio", errorQuery: 'sum(rate(up{job=~"order-service"}[{{.window}}]))', totalQuery: 'sum(rate(up{job="order-service"}[{{.window}}]))' } };
    const p = data(await slo.sloPreviewAction({ spec: quiet }));
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    expect(p.status).toMatchObject({ noTraffic: true, attained: 1, remaining: 1, burnRate: 0, exhaustsInSeconds: null });
    expect(JSON.stringify(p.status)).not.toContain("NaN");
  });

  it("saved SLOs are versioned; the board, burn-down, burn rates and calendar months come from real data", async () => {
    await signInAs("EDITOR");
    const saved = data(await slo.saveSloAction({ spec: availability, base: 0, message: "first" }));
    expect(saved.version).toBe(1);
    expect(await slo.saveSloAction({ spec: availability, base: 0, message: "again" })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(data(await slo.saveSloAction({ spec: { ...availability, objective: 99.5 }, base: 1, message: "relax" })).version).toBe(2);
    expect(await slo.saveSloAction({ spec: availability, base: 1, message: "stale" })).toMatchObject({ ok: false, error: { code: "conflict" } });
    const board = data(await slo.sloBoardAction({}));
    const row = board.slos.find((s) => s.id === saved.id)!;
    expect(row.objective).toBe(99.5);
    expect(row.attained).toBeGreaterThan(0.99);
    expect(row.attained).toBeLessThan(1);
    const detail = data(await slo.sloDetailAction({ id: saved.id }));
    expect(detail.detail.errors).toEqual([]);
    const last = detail.detail.burnDown.at(-1)!;
    // 99.5 %: a budget of 0.5 %, partly spent
    expect(last[1]).toBeCloseTo(row.remaining!, 1);
    expect(last[1]).toBeLessThan(1);
    // the burn-down drops at the burst: before it nearly all budget is left, after it less
    const incident = env.historyEnd - 20 * 3600;
    const before = detail.detail.burnDown.filter(([t]) => t < incident).at(-1)![1]!;
    const after = detail.detail.burnDown.filter(([t]) => t > incident + 3600)[0]![1]!;
    expect(before - after).toBeGreaterThan(0.05);
    expect(detail.detail.burnRates.map((b) => `${b.tier}:${b.enabled}`)).toEqual(["page-fast:true", "page-slow:true", "ticket-fast:true", "ticket-slow:false"]);
    const month = detail.detail.compliance.at(-1)!;
    expect(month.inProgress).toBe(true);
    // the month with the data, checked against Prometheus's own count of the same requests
    const full = [...detail.detail.compliance].sort((a, b) => b.totalEvents - a.totalEvents)[0]!;
    const from = Math.max(full.start.getTime(), full.sinceDataBegins?.getTime() ?? 0) / 1000;
    // the hourly counts end at the last full hour before the detail's own "now" (not ours: an hour may turn meanwhile)
    const at = Math.min(full.end.getTime() / 1000, Math.floor(detail.detail.range.end / 3600) * 3600);
    const count = async (selector: string) => {
      const r = (await (
        await fetch(`${env.prometheusUrl}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query: `sum(increase(http_requests_total{${selector}}[${Math.round(at - from)}s]))`, time: String(at) }) })
      ).json()) as { data: { result: { value: [number, string] }[] } };
      return Number(r.data.result[0]!.value[1]);
    };
    const [bad, total] = await Promise.all([count('service="order-service",status=~"5.."'), count('service="order-service"')]);
    expect(full.totalEvents / total).toBeCloseTo(1, 1);
    expect(full.badEvents / bad).toBeCloseTo(1, 1);
    expect(full.attained!).toBeCloseTo(1 - bad / total, 3);
    expect(full.status).toBe(1 - bad / total >= 0.995 ? "met" : "missed");
    const csv = data(await slo.exportSloAction({ id: saved.id, format: "csv" }));
    expect(csv.text.split("\r\n")[0]).toMatch(/^slo,/);
    expect(csv.text).toContain(month.label);
  });

  it("the month's compliance row agrees with the simulator's own model, its known burst included", async () => {
    await signInAs("VIEWER");
    const row = (await db.prisma().document.findFirst({ where: { kind: "slo",  name: { contains: `availability-${suffix}` } } }))!;
    // the hourly counts end at the last full hour before the call: retry if the call straddles one
    let detail: Awaited<ReturnType<typeof slo.sloDetailAction>>;
    let hour: number;
    do {
      hour = Math.floor(Date.now() / 1000 / 3600) * 3600;
      detail = await slo.sloDetailAction({ id: row.id });
    } while (Math.floor(Date.now() / 1000 / 3600) * 3600 !== hour);
    // the month that holds most of the 25-minute burst (on the 1st of a month before 20:00 UTC it is the one before)
    const burst = env.historyEnd - 20 * 3600 + 12.5 * 60;
    const month = data(detail).detail.compliance.find((r) => r.start.getTime() / 1000 <= burst && burst < r.end.getTime() / 1000)!;
    const until = Math.min(hour, month.end.getTime() / 1000);
    // The model (scripts/simulator/model.ts) is a deterministic function of time and
    // incidents: replay it exactly as the harness did (48 h from the history's first
    // minute in 60 s steps, then live in 5 s steps) and read its counters.
    const HISTORY = 48 * 3600;
    const end = env.historyEnd;
    const first = Math.floor((end - HISTORY) / 60) * 60;
    const counters = (withIncidents: boolean, times: number[]) => {
      const sim = new Simulation(first, withIncidents ? pastIncidents(end, HISTORY) : []);
      return times.map((t) => {
        for (let s = sim.time + 60; s <= Math.min(t, end); s += 60) sim.advanceTo(s, 60);
        if (t > end) sim.advanceTo(t, 5);
        const ours = sim.series.filter((s) => s.name === "http_requests_total" && s.labels.some(([k, v]) => k === "service" && v === "order-service"));
        const bad = ours.filter((s) => s.labels.some(([k, v]) => k === "status" && v.startsWith("5")));
        return { total: ours.reduce((a, s) => a + s.value, 0), bad: bad.reduce((a, s) => a + s.value, 0) };
      });
    };
    // counters start at zero where the data begins, so the month counts from there
    const from = Math.max(first, month.start.getTime() / 1000);
    const [a, b] = counters(true, [from, until]);
    const expected = { total: b!.total - (from > first ? a!.total : 0), bad: b!.bad - (from > first ? a!.bad : 0) };
    const [c, d] = counters(false, [from, until]);
    const withoutBurst = d!.bad - (from > first ? c!.bad : 0);
    // the burst (25 min at 8 %) is a large share of the month's errors, so the check below tells them apart
    expect((expected.bad - withoutBurst) / expected.bad).toBeGreaterThan(0.1);
    // measured on 2.42: 5,778,246 vs 5,778,250 requests, 13,982 vs 13,984 errors (Prometheus extrapolates at window edges).
    // Prometheus 3 selects left-open ranges: an hour's rate no longer sees the sample at the hour's start and
    // extrapolates over that minute, which is exact for steady traffic but off for a burst: 1.5 % of the errors here.
    const tolerance = env.servers === "debian" ? { count: 0.002, attained: 2e-5, budget: 0.003 } : { count: 0.025, attained: 1e-4, budget: 0.025 };
    expect(Math.abs(month.totalEvents / expected.total - 1)).toBeLessThan(0.002);
    expect(Math.abs(month.badEvents / expected.bad - 1)).toBeLessThan(tolerance.count);
    expect(Math.abs(month.attained! - (1 - expected.bad / expected.total))).toBeLessThan(tolerance.attained);
    expect(Math.abs(month.budgetConsumed! / (expected.bad / expected.total / 0.005) - 1)).toBeLessThan(tolerance.budget);
    expect(month.status).toBe(1 - expected.bad / expected.total >= 0.995 ? "met" : "missed");
  });

  it("the generated rules go through the rule pipeline and Prometheus loads them", async () => {
    await signInAs("EDITOR");
    const row = (await db.prisma().document.findFirst({ where: { kind: "slo",  name: { contains: `availability-${suffix}` } } }))!;
    // the SLO is at v2: an editor looking at v1 does not push v2's rules on their word
    expect(await slo.pushSloRulesAction({ id: row.id, version: 1 })).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/is at v2 now, not v1 as shown/) } });
    const res = data(await pushAnyway(slo.pushSloRulesAction, { id: row.id, version: 2 }));
    expect(res.outcome).toMatchObject({ pushed: true, result: { outcome: "ok" } });
    const rules = (await (await fetch(`${env.prometheusUrl}/api/v1/rules?type=record`)).json()) as { data: { groups: { name: string; rules: { name: string; labels?: Record<string, string> }[] }[] } };
    const ours = rules.data.groups.flatMap((g) => g.rules).filter((r) => r.labels?.sloth_id === `order-service-availability-${suffix}`);
    expect(ours.map((r) => r.name)).toEqual(expect.arrayContaining(["slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate1h", "slo:sli_error:ratio_rate30d"]));
    // right after the push the 30-day recording holds seconds of data: the board keeps
    // reading raw data for the window instead of misstating it
    const board = data(await slo.sloBoardAction({}));
    const status = board.slos.find((b) => b.id === row.id)!;
    expect(status.source).toBe("raw");
    expect(status.attained).toBeGreaterThan(0.99);
    expect(status.error).toBeUndefined();
    // pushing again with nothing changed reuses the same version
    const again = data(await pushAnyway(slo.pushSloRulesAction, { id: row.id }));
    expect(again.version).toBe(res.version);
  });
});
