import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateRuleFile } from "@/lib/rules/validate";
import { env } from "./env";

const DIR = path.resolve(process.cwd(), "test/fixtures/upstream/prometheus/rulefmt-testdata");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();
const rulesCheck = (...args: string[]) => spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/rules-check.ts", ...args], { encoding: "utf8" });

describe("rule checks agree with promtool (the real one, of the Prometheus under test)", () => {
  it.each(files)("%s", (file) => {
    const promtool = spawnSync(env.promtool, ["check", "rules", path.join(DIR, file)], { encoding: "utf8" });
    const ours = validateRuleFile(readFileSync(path.join(DIR, file), "utf8")).filter((p) => p.severity === "error");
    expect(ours.length > 0, `promtool said: ${promtool.stdout}${promtool.stderr}`).toBe(promtool.status === 1);
  });

  it("template checks agree with promtool, message for message", () => {
    // Not here: {{else with}}, toDuration and now, newer than Debian's promtool (2.42), which is tested too.
    const templates = [
      ...["{{ $labels.job }", "{{ humanise $value }}", "{{ $lables.job }}", "{{ if $value }}x", "x {{ end }}", "{{ }}", "{{ break }}"],
      ...["{{ $value | 3 }}", "{{ (humanize $value }}", "{{ humanize $value) }}", "{{ 3abc }}", "{{ 1.2.3 }}", '{{ "a".b }}', "{{ /* c */ }}"],
      ...["{{/* c */ x }}", "{{/* c", '{{ "\\q" }}', '{{ define "x" }}{{ $labels }}{{ end }}', '{{ if 1 }}{{ define "x" }}{{ end }}{{ end }}'],
      ...["{{ else if 1 }}", "{{ range $labels }}{{ else if 1 }}{{ end }}", '{{ tmpl "a" . }}', "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}"],
      ...["{{ range $k, $v := $labels }}{{ $k }}{{ end }}", "{{- /* c */ -}}", "{{ -3 }}", "{{ 0x1F }} {{ 'a' }} {{ `raw` }}", "{{ nil }}"],
      ...['{{ $value | humanize | printf "%s" }}', "{{ 1+2 }}", "{{ 1+2i }}", "{{ 089 }}", "{{ 99999999999999999999 }}", "{{ 1e }}"],
      ...["{{ $ }}", "{{ $.Value }}", "{{ range $i, $e, $f := $labels }}{{ end }}", "{{ $a, $b := 1 }}", "{{ if 1 }}{{ else }}{{ else }}{{ end }}"],
      ...['{{ block "b" . }}{{ $labels }}{{ end }}', '{{ template "x" }}', "{{ template $x }}", "{{ with }}{{ end }}", '{{ printf "%d" ( ) }}'],
      ...["{{ (1).x }}", "{{ $labels.job | }}", "{{ | x }}", "{{ 'ab' }}", "{{ x:=1 }}", "{{ $x : = 1 }}", "{{-3}}", "{{ 3-}}", "{{ .a-b }}"],
      ...["{{ continue }}", "{{ range $labels }}{{ break 1 }}{{ end }}", "{{ true.x }}", '{{ "a" | 1 }}', "{{ $value | . }}", "{{ ( ) }}"],
      ...["{{ $externalURL }}{{ $externalLabels.x }}", "{{ $externalurl }}", '{{ define "x" }}{{ $ }}{{ end }}', "{{\u00a0}}", "{{"],
    ];
    const dir = mkdtempSync(path.join(tmpdir(), "rules-templates-"));
    const file = path.join(dir, "templates.yml");
    const text = `groups:\n  - name: g\n    rules:\n${templates.map((t, i) => `      - alert: Case${i}\n        expr: up == 0\n        annotations:\n          summary: ${JSON.stringify(t)}\n`).join("")}`;
    writeFileSync(file, text);
    try {
      const promtool = spawnSync(env.promtool, ["check", "rules", file], { encoding: "utf8" });
      // Debian's promtool (2.42) was built with an older Go, whose template lexer left a stray ")" to the parser
      const olderGo = (m: string) => (env.servers === "debian" && m === 'unexpected ")" in command' ? "unexpected right paren" : m);
      const theirs = new Map([...`${promtool.stdout}${promtool.stderr}`.matchAll(/"Case(\d+)": annotation "summary": template: __alert_Case\d+:\d+: (.*)/g)].map((m) => [Number(m[1]), olderGo(m[2]!.replace(/ in action started at .*/, ""))]));
      const ours = new Map(validateRuleFile(text).map((p) => [Number(/rule (\d+)/.exec(p.message)![1]) - 1, p.message.replace(/^.*does not parse: /, "")]));
      templates.forEach((t, i) => {
        expect(ours.has(i), `${t}: promtool says ${theirs.get(i) ?? "ok"}, we say ${ours.get(i) ?? "ok"}`).toBe(theirs.has(i));
        if (theirs.has(i)) expect(ours.get(i), t).toMatch(new RegExp(`^${theirs.get(i)!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      });
      expect(theirs.size).toBeGreaterThan(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("npm run rules:check prints file:line: severity: message and exits like promtool", () => {
    const bad = path.join(DIR, "record_and_for.bad.yaml");
    const good = path.join(DIR, "test.yaml");
    const run = rulesCheck(bad, good);
    expect(run.status).toBe(1);
    expect(run.stdout.split("\n").filter((l) => l.includes(": error: "))).toEqual([`${bad}:6: error: group "yolo", rule 1: invalid field 'for' in recording rule`]);

    // Prometheus loads test.yaml, so no errors and exit 0; its alerts have no comparison
    // and no summary annotation, and repeat each other: warnings, which --strict fails on.
    const ok = rulesCheck(good);
    expect(ok.status, ok.stderr).toBe(0);
    const lines = ok.stdout.trim().split("\n");
    expect(lines.every((l) => l.startsWith(`${good}:`) && / warning: \[[a-z/]+\] /.test(l)), ok.stdout).toBe(true);
    expect(lines).toContain(
      `${good}:7: warning: [alerts/comparison] alert "HighErrors": the expression has no comparison (==, !=, >, <, >=, <=), so the alert fires for every series it returns, whatever their values (fix: add a condition such as > 0; ignore this for an always-firing (dead man's switch) alert)`,
    );
    expect(rulesCheck("--strict", good).status).toBe(1);
    expect(rulesCheck().status).toBe(2);
    expect(rulesCheck("--bogus", good).status).toBe(2);
  });
});

describe("rules:check --prometheus against the real Prometheus", () => {
  it("flags a selector that matches no series, not one that does, and uses the real scrape interval", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rules-check-"));
    const file = path.join(dir, "live.yml");
    const rule = (name: string, expr: string) =>
      `      - alert: ${name}\n        expr: ${expr}\n        labels: {severity: page}\n        annotations: {summary: "{{ $labels.service }} serves requests"}\n`;
    writeFileSync(
      file,
      "groups:\n  - name: live\n    rules:\n" +
        rule("NoSuchService", 'sum(rate(http_requests_total{service="no-such-service"}[1m])) > 0') + // line 5
        rule("OrderService", 'sum(rate(http_requests_total{service="order-service"}[1m])) > 0') + // line 9
        rule("TooShort", 'sum(rate(http_requests_total{service="order-service"}[15s])) > 0'), // line 13
    );
    try {
      const run = rulesCheck("--prometheus", env.prometheusUrl, file);
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines.filter((l) => l.includes("live checks skipped")), run.stdout).toEqual([]);
      expect(lines.filter((l) => l.includes("[promql/series]"))).toEqual([
        expect.stringMatching(
          /^.*live\.yml:5: warning: \[promql\/series\] alert "NoSuchService": http_requests_total\{service="no-such-service"\} matches no series: label service has no value "no-such-service" on http_requests_total \(fix: /,
        ),
      ]);
      // The stack scrapes every 5s (read from Prometheus's config): [15s] < 4 × 5s, [1m] is fine.
      expect(lines.filter((l) => l.includes("[promql/rate]"))).toEqual([
        expect.stringContaining(`${file}:13: warning: [promql/rate] alert "TooShort": rate(http_requests_total{service="order-service"}[15s]) uses a 15s range, shorter than 4× the scrape interval of 5s (20s)`),
      ]);
      expect(rulesCheck("--strict", "--prometheus", env.prometheusUrl, file).status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
