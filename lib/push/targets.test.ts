import { describe, expect, it } from "vitest";
import type { ConsoleConfig } from "@/lib/config";
import { PUSH_TARGETS, pushTargetsView, targetsFor } from "./targets";

const cfg = (rules: Partial<ConsoleConfig["rules"]>) => ({ rules: { dir: undefined, ruler: undefined, ...rules } }) as unknown as ConsoleConfig;

describe("the push target registry", () => {
  it("offers rule files Prometheus and the ruler, and says what turns each on", () => {
    expect(targetsFor("rules").map((t) => t.id)).toEqual(["prometheus", "ruler"]);
    expect(targetsFor("slo")).toEqual([]);
    expect(targetsFor("profile").map((t) => t.id)).toEqual(["kubernetes", "git"]);
    const off = pushTargetsView("rules", cfg({}));
    expect(off.map((t) => t.unavailable)).toEqual([expect.stringContaining("RULES_DIR"), expect.stringContaining("RULER_URL")]);
    const ruler = { flavor: "mimir", backend: { url: "http://mimir:8080", tenant: "team-a" } };
    const on = pushTargetsView("rules", cfg({ dir: "/etc/prometheus/rules", ruler } as never));
    expect(on).toEqual([
      { id: "prometheus", label: "Prometheus", unavailable: null },
      { id: "ruler", label: "the mimir ruler", unavailable: null },
    ]);
  });

  it("locks one place per target: the same directory or tenant share a lock, others do not", () => {
    const a = PUSH_TARGETS.prometheus.lockKey(cfg({ dir: "/srv/rules" }));
    expect(PUSH_TARGETS.prometheus.lockKey(cfg({ dir: "/srv/../srv/rules" }))).toBe(a);
    expect(PUSH_TARGETS.prometheus.lockKey(cfg({ dir: "/srv/other" }))).not.toBe(a);
    const t = (tenant: string) => PUSH_TARGETS.ruler.lockKey(cfg({ ruler: { flavor: "mimir", backend: { url: "http://m", tenant } } } as never));
    expect(t("a")).not.toBe(t("b"));
  });
});
