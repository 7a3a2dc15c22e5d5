import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

/**
 * The anchor for `npm run slo:generate`: Sloth's own CLI (v0.16.0, built from Go
 * modules by the test harness, SLOTH) and ours, on the reference SLOs and Sloth's own
 * examples, compared structurally: the same recording rules (names, windows, labels),
 * the same multi-window multi-burn-rate conditions (short and long window, burn-rate
 * factor, error budget) per severity, the same alert names and labels. With
 * --sloth-style the recording expressions must also be Sloth's, token for token.
 * Where the console differs on purpose, the difference is named below and checked.
 */

const SLOTH = process.env.SLOTH;
const SPECS = [
  path.resolve("lib/slo/testdata/order-service.sloth.yml"),
  ...["getting-started", "home-wifi", "kubernetes-apiserver", "multifile", "no-alerts", "raw-home-wifi"].map((n) => path.resolve(`test/fixtures/sloth/${n}.yml`)),
];
const out = mkdtempSync(path.join(tmpdir(), "sloth-compare-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
type Doc = { groups: { name: string; rules: Rule[] }[] };

/** Every rule of every document Sloth or we wrote. */
function rules(text: string): Rule[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Doc | null)
    .filter((d): d is Doc => Boolean(d?.groups))
    .flatMap((d) => d.groups.flatMap((g) => g.rules));
}

function sloth(spec: string): Rule[] {
  const file = path.join(out, `sloth-${path.basename(spec)}`);
  const r = spawnSync(SLOTH!, ["generate", "-i", spec, "-o", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`sloth generate failed: ${r.stderr}`);
  return rules(readFileSync(file, "utf8"));
}

function ours(spec: string, ...flags: string[]): Rule[] {
  const r = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/slo-generate.ts", ...flags, spec], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`slo:generate failed: ${r.stderr}`);
  return rules(r.stdout);
}

const INFO_LABELS_OF_THE_GENERATOR = ["sloth_mode", "sloth_version"];
const withoutGenerator = (labels: Record<string, string> = {}) => Object.fromEntries(Object.entries(labels).filter(([k]) => !INFO_LABELS_OF_THE_GENERATOR.includes(k)));
const key = (r: Rule) => `${r.record}|${r.labels?.sloth_id}|${r.labels?.sloth_window ?? ""}`;
const tokens = (expr: string) => expr.replace(/\s+/g, "");

/** The burn-rate conditions of an alert: [short window, long window, factor, budget], sorted. */
function conditions(expr: string): string[] {
  const found = [...expr.matchAll(/slo:sli_error:ratio_rate(\w+)\{[^}]*\}\s*>\s*\(([\d.]+)\s*\*\s*([\d.e+-]+)\)/g)].map((m) => ({ window: m[1]!, factor: m[2]!, budget: Number(m[3]) }));
  const byFactor = new Map<string, string[]>();
  for (const f of found) byFactor.set(`${f.factor}×${f.budget.toPrecision(6)}`, [...(byFactor.get(`${f.factor}×${f.budget.toPrecision(6)}`) ?? []), f.window]);
  return [...byFactor].map(([fb, windows]) => `${windows.sort(byDuration).join("/")} @ ${fb}`).sort();
}
const slothId = (expr: string) => /sloth_id="([^"]+)"/.exec(expr)?.[1];
const SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86400 };
const byDuration = (a: string, b: string) => Number(a.slice(0, -1)) * SECONDS[a.at(-1)!]! - Number(b.slice(0, -1)) * SECONDS[b.at(-1)!]!;

describe.each(SPECS.map((s) => [path.basename(s), s]))("slo:generate agrees with Sloth 0.16: %s", (_name, spec) => {
  it("the same recording rules: names, windows and labels", () => {
    expect(SLOTH, "SLOTH is set by npm test (the Sloth binary built from tools/sloth)").toBeTruthy();
    const theirs = sloth(spec).filter((r) => r.record);
    const mine = ours(spec).filter((r) => r.record);
    expect(theirs.length).toBeGreaterThan(0);
    expect(mine.map(key).sort()).toEqual(theirs.map(key).sort());
    const mineBy = new Map(mine.map((r) => [key(r), r]));
    for (const t of theirs) expect(withoutGenerator(mineBy.get(key(t))!.labels), key(t)).toEqual(withoutGenerator(t.labels));
  });

  it("with --sloth-style, Sloth's recording expressions token for token", () => {
    const mine = new Map(ours(spec, "--sloth-style").filter((r) => r.record).map((r) => [key(r), r]));
    for (const t of sloth(spec).filter((r) => r.record)) expect(tokens(mine.get(key(t))!.expr), key(t)).toBe(tokens(t.expr));
  });

  it("the same alerts: names, burn-rate conditions per severity, labels (plus the console's slo_tier) and annotations", () => {
    const theirs = sloth(spec).filter((r) => r.alert);
    const mine = ours(spec).filter((r) => r.alert);
    // Difference on purpose: one alert per tier (page-fast, page-slow, ticket-fast, ticket-slow) with a
    // slo_tier label, so that each tier can be turned off and Alertmanager can inhibit the slower one.
    // Sloth writes one alert per severity (page, ticket) whose expression ORs its two tiers.
    for (const t of theirs) {
      const severity = t.labels!.sloth_severity!;
      const tiers = mine.filter((m) => m.labels?.sloth_severity === severity && slothId(m.expr) === slothId(t.expr) && m.alert === t.alert);
      expect(tiers.map((m) => m.labels!.slo_tier).sort(), `${t.alert} ${severity}`).toEqual(severity === "page" ? ["page-fast", "page-slow"] : ["ticket-fast", "ticket-slow"]);
      expect(tiers.flatMap((m) => conditions(m.expr)).sort(), `${t.alert} ${severity}`).toEqual(conditions(t.expr));
      for (const m of tiers) {
        // Difference on purpose: `severity` critical (page) or warning (ticket) when the spec sets none
        const { slo_tier: _tier, ...rest } = m.labels!;
        expect(rest, `${t.alert} ${m.labels!.slo_tier}`).toEqual({ severity: severity === "page" ? "critical" : "warning", ...t.labels });
        // Difference on purpose: a `description` per tier saying which windows and factor fired, unless the spec gave one
        const { description, ...others } = m.annotations ?? {};
        expect(others, `${t.alert} ${m.labels!.slo_tier}`).toEqual(t.annotations ?? {});
        expect(description, `${t.alert} ${m.labels!.slo_tier}`).toBe(t.annotations?.description ?? description);
        if (!t.annotations?.description) expect(description).toMatch(/burns faster than [\d.]+x over both/);
      }
    }
    expect(mine).toHaveLength(theirs.length * 2);
    // with --sloth-style, Sloth's two alerts, with its conditions
    const styled = ours(spec, "--sloth-style").filter((r) => r.alert);
    expect(styled.map((r) => `${r.alert}:${r.labels?.sloth_severity}:${conditions(r.expr).join(",")}`).sort()).toEqual(
      theirs.map((r) => `${r.alert}:${r.labels?.sloth_severity}:${conditions(r.expr).join(",")}`).sort(),
    );
  });
});
