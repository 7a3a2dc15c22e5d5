import { describe, expect, it } from "vitest";
import { findValueReferences, formatFloat, goSprintf, parseTemplate, renderTemplate } from "./template";

const data = { labels: { instance: "db-1:9100", job: "node", service: "order-service" }, value: 0.8734 };
const render = (text: string, value = data.value) => renderTemplate(text, { ...data, value, externalURL: "http://testhost:9090/path/prefix" });
const fails = (text: string) => {
  const r = parseTemplate(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} not to parse`);
  return r;
};

describe("parseTemplate accepts what Prometheus accepts", () => {
  it.each([
    // Prometheus's own examples (docs/configuration/alerting_rules.md, template_examples.md, rulefmt test.yaml)
    "Instance {{$labels.instance}} down",
    "{{$labels.instance}} of job {{$labels.job}} has been down for more than 5 minutes.",
    "{{ $labels.instance }} has a median request latency above 1s (current value: {{ $value }}s)",
    "stuff's happening with {{ $.labels.service }}",
    '{{ range query "up" }}\n  {{ .Labels.instance }} {{ .Value }}\n{{ end }}',
    "{{ with query \"some_metric{instance='someinstance'}\" }}\n  {{ . | first | value | humanize }}\n{{ end }}",
    '{{ with printf "node_memory_MemTotal{job=\'node\',instance=\'%s\'}" .Labels.instance | query }}{{ . | first | value | humanize1024 }}B{{ end }}',
    '{{define "x"}}{{.arg0}} {{.arg1}}{{end}}{{template "x" (args 1 "2")}}',
    '{{ reReplaceAll "(a)b" "x$1" "ab" }}',
    // control structures, trim markers, comments, declarations
    '{{- if gt $value 0.9 -}} critical {{- else if gt $value 0.5 }} warning {{- else }} ok {{- end }}',
    "{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ else }}none{{ end }}",
    "{{ range $labels }}{{ if eq . \"x\" }}{{ break }}{{ end }}{{ continue }}{{ end }}",
    "{{ with $labels.job }}job {{ . }}{{ else with $labels.instance }}{{ . }}{{ end }}",
    "{{/* a comment */}}text{{- /* trimmed */ -}} more",
    "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
    "{{ block \"b\" . }}default{{ end }}",
    "{{ (1.5) }} {{ -3 }} {{ 0x1F }} {{ 'a' }} {{ `raw` }} {{ true }} {{ nil | print }}",
    "{{ $externalLabels.cluster }} {{ $externalURL }} {{ .ExternalLabels.x }} {{ .ExternalURL }}",
  ])("%s", (text) => {
    expect(parseTemplate(text)).toEqual({ ok: true });
  });
});

describe("parseTemplate rejects with Go's messages and the offset of the problem", () => {
  it.each([
    ["{{", "unclosed action", 0],
    ["ok {{ $labels.job", "unclosed action", 3],
    ["{{ $labels.job }", 'unexpected "}" in operand', 15],
    ["{{ $labels.job}", "bad character U+007D '}'", 14],
    ["{{ humanise $value }}", 'function "humanise" not defined (did you mean "humanize"?)', 3],
    ["{{ $lables.job }}", 'undefined variable "$lables"', 3],
    ['{{ $labels.job "', "unterminated quoted string", 15],
    ["{{ if $value }}x", "unexpected EOF: missing {{end}} for {{if}}", 0],
    ["{{ range $labels }}{{ if . }}x{{ end }}", "unexpected EOF: missing {{end}} for {{range}}", 0],
    ["x {{ end }}", "unexpected {{end}}", 2],
    ["{{ else }}", "unexpected {{else}}", 0],
    ["{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}", "expected end; found {{else}}", 22],
    ["{{ }}", "missing value for command", 0],
    ["{{ if }}{{ end }}", "missing value for if", 0],
    ["{{ break }}", "{{break}} outside {{range}}", 0],
    ["{{ $value | 3 }}", "non executable command in pipeline stage 2", 12],
    ["{{ (humanize $value }}", "unclosed left paren", 20],
    ["{{ humanize $value) }}", "unexpected right paren", 18],
    ["{{ 3abc }}", 'bad number syntax: "3a"', 3],
    ["{{ 1.2.3 }}", 'unexpected ".3" in operand', 6],
    ['{{ "a".b }}', 'unexpected . after term "\\"a\\""', 3],
    ["{{ /* not a comment */ }}", 'unexpected "/" in command', 3],
    ["{{/* unclosed", "unclosed comment", 0],
    ["{{/* c */ x }}", "comment ends before closing delimiter", 0],
    ["{{\u00a0}}", "unrecognized character in action: U+00A0", 2],
    ['{{ "\\q" }}', 'invalid syntax: "\\q"', 3],
    ["{{ define \"x\" }}{{ $labels }}{{ end }}", 'undefined variable "$labels"', 19],
    ['{{ if 1 }}{{ define "x" }}{{ end }}{{ end }}', "unexpected <define> in command", 13],
    ["{{ else if 1 }}", "unexpected {{else}}", 0],
    ["{{ range $labels }}{{ else if 1 }}{{ end }}", "unexpected <if> in input", 27],
    ["{{ tmpl \"a\" . }}", 'function "tmpl" not defined', 3],
  ])("%j", (text, message, offset) => {
    expect(fails(text)).toEqual({ ok: false, message, offset });
  });

  it("scopes variables declared in a block to it", () => {
    expect(fails("{{ if 1 }}{{ $x := 1 }}{{ end }}{{ $x }}").message).toBe('undefined variable "$x"');
    expect(parseTemplate("{{ $x := 1 }}{{ if 1 }}{{ $x }}{{ end }}")).toEqual({ ok: true });
  });
});

describe("renderTemplate", () => {
  it("expands variables, fields and missing labels like Prometheus (missingkey=zero)", () => {
    expect(render("Instance {{$labels.instance}} of {{ .Labels.job }} down, value {{ $value }}{{ $labels.nope }}.")).toBe(
      "Instance db-1:9100 of node down, value 0.8734.",
    );
    expect(render("{{ index $labels \"job\" }} {{ len $labels }} {{ $externalURL }} {{ pathPrefix }}")).toBe("node 3 http://testhost:9090/path/prefix /path/prefix");
    expect(render("{{ .Value }}", 1e6)).toBe("1e+06");
    expect(render("{{ $value }}", 1234567)).toBe("1.234567e+06");
    expect(render("{{ $value }}", 123456)).toBe("123456");
  });

  it("honours trim markers, comments, if/else chains and range over labels (sorted)", () => {
    const sev = "{{- if gt $value 0.9 -}} critical {{- else if gt $value 0.5 -}} warning {{- else -}} ok {{- end -}}";
    expect(render(` [ ${sev} ] `)).toBe(" [warning] ");
    expect(render(sev, 0.95)).toBe("critical");
    expect(render(sev, 0.1)).toBe("ok");
    expect(render("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}{{/* hidden */}}")).toBe("instance=db-1:9100;job=node;service=order-service;");
    expect(render('{{ range $labels }}{{ if eq . "node" }}{{ break }}{{ end }}{{ . }},{{ end }}')).toBe("db-1:9100,");
    expect(render("{{ with $labels.nope }}x{{ else }}no {{ $labels.job }}{{ end }}")).toBe("no node");
    expect(render('{{ if and (eq $labels.job "node") (not (eq $labels.service "x")) }}yes{{ end }} {{ or "" "fallback" }}')).toBe("yes fallback");
    expect(render('{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" $labels.job }}')).toBe("[node]");
  });

  it("formats numbers the way Go's fmt does", () => {
    expect(render('{{ printf "%.2f" $value }} {{ printf "%5.1f|%-6s|%d|%v|%s" $value "ab" 42 $value $labels.job }}')).toBe("0.87   0.9|ab    |42|0.8734|node");
    expect(render('{{ printf "%d" $value }} {{ printf "%s" 1 }} {{ printf "%d %d" 1 }} {{ printf "%d" 1 2 }}')).toBe(
      "%!d(float64=0.8734) %!s(int=1) 1 %!d(MISSING) 1%!(EXTRA int=2)",
    );
    expect(render('{{ printf "%.0f %.0f %.2f %e %g %q %05.1f %+d" 0.5 1.5 0.125 1234.5678 0.00001 "a\\"b" 3.14159 7 }}')).toBe(
      '0 2 0.12 1.234568e+03 1e-05 "a\\"b" 003.1 +7',
    );
    expect(render('{{ printf "%0.2f" (parseDuration "1h2m10ms") }}')).toBe("3720.01");
  });

  it("matches Prometheus's template_test.go for the humanize functions", () => {
    const each = (fn: string, values: number[]) => values.map((v) => render(`{{ ${fn} $value }}`, v)).join(":");
    expect(each("humanize", [0, 1, 1234567, 0.12, -1, Infinity, -Infinity, NaN])).toBe("0:1:1.235M:120m:-1:+Inf:-Inf:NaN");
    expect(each("humanize1024", [0, 1, 1048576, 0.12, 1234567])).toBe("0:1:1Mi:0.12:1.177Mi");
    expect(each("humanizeDuration", [0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99])).toBe(
      "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s",
    );
    expect(each("humanizeDuration", [0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345])).toBe("100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s");
    expect(render("{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}")).toBe(
      "-22.22%:0%:12.35%:123.5%",
    );
    expect(render('{{ range $labels }}{{ end }}{{ "1234567.0" | humanize }} {{ 1234567 | humanizePercentage }}')).toBe("1.235M 1.235e+08%");
    expect(render("{{ 1435065584.128 | humanizeTimestamp }}|{{ -1 | humanizeTimestamp }}")).toBe("2015-06-23 13:19:44.128 +0000 UTC|1969-12-31 23:59:59 +0000 UTC");
    expect(() => render('{{ humanize "one" }}')).toThrow('error calling humanize: strconv.ParseFloat: parsing "one": invalid syntax');
  });

  it("matches Prometheus's template_test.go for the string functions", () => {
    expect(render('{{ "aa bb CC" | title }}|{{ "aa bb CC" | toUpper }}|{{ "aA bB CC" | toLower }}')).toBe("Aa Bb CC|AA BB CC|aa bb cc");
    expect(render('{{ match "a+" "aa" }} {{ match "a+" "b" }} {{ reReplaceAll "(a)b" "x$1" "ab" }} {{ reReplaceAll "(?P<h>[^:]+):.*" "${h}" $labels.instance }}')).toBe(
      "true false xa db-1",
    );
    const strip = ["foo.example.com", "foo.example.com:12345", "192.0.2.1", "192.0.2.1:12345", "2001:0DB8::1", "[2001:0DB8::1]:12345", "[2001:0DB8::1]::12345"];
    expect(strip.map((s) => render(`{{ "${s}" | stripPort }}`)).join(" ")).toBe("foo.example.com foo.example.com 192.0.2.1 192.0.2.1 2001:0DB8::1 2001:0DB8::1 [2001:0DB8::1]::12345");
    expect(["foo.example.com", "foo.example.com:12345", "192.0.2.1:12345"].map((s) => render(`{{ "${s}" | stripDomain }}`)).join(" ")).toBe("foo foo:12345 192.0.2.1:12345");
    expect(render('{{ graphLink "up" }} {{ tableLink "rate(x[5m]) > 1" }}')).toBe("/graph?g0.expr=up&g0.tab=0 /graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=1");
  });

  it("returns plain text: nothing is HTML-escaped", () => {
    expect(renderTemplate("<b>{{ $labels.x }}</b>", { labels: { x: "<script>" }, value: 1 })).toBe("<b><script></b>");
  });

  it("throws Go's execution errors and refuses what needs Prometheus", () => {
    expect(() => render("{{ if gt $value 1 }}x{{ end }}")).toThrow("error calling gt: incompatible types for comparison");
    expect(() => render("{{ $.labels.service }}")).toThrow("can't evaluate field labels in type struct");
    expect(() => render("{{ $labels.job.x }}")).toThrow("can't evaluate field x in type string");
    expect(() => render('{{ query "up" | first | value }}')).toThrow("cannot preview {{ query }}: runs a PromQL query when the alert fires");
    expect(() => render('{{ toUpper 3 }}')).toThrow("wrong type for value; expected string; got int");
    expect(() => render('{{ printf }}')).toThrow("wrong number of args for printf: want at least 1 got 0");
    expect(() => render('{{ "a" "b" }}')).toThrow('can\'t give argument to non-function "a"');
    expect(() => render('{{ template "nope" }}')).toThrow('no such template "nope"');
    expect(() => render("{{ humanise 1 }}")).toThrow('template does not parse: function "humanise" not defined');
  });
});

describe("findValueReferences", () => {
  it("finds $value, .Value, $.Value and variables assigned from them", () => {
    expect(findValueReferences("{{ $value }} {{ .Value | humanize }} {{ $.Value }}")).toEqual([
      { offset: 3, name: "$value" },
      { offset: 16, name: ".Value" },
      { offset: 40, name: "$.Value" },
    ]);
    expect(findValueReferences("{{ $v := $value }}{{ if gt $v 1.0 }}high{{ end }}").map((r) => r.offset)).toEqual([27]);
    expect(findValueReferences("{{ $labels.job }} {{ range $labels }}{{ .Value }}{{ end }}")).toEqual([]);
    expect(findValueReferences("{{ broken")).toEqual([]);
  });
});

describe("Go float formatting", () => {
  it("agrees with strconv.FormatFloat and fmt", () => {
    expect([1e21, 1e-5, 0.1, 100, 1.5e-7, -0].map((v) => formatFloat(v, "g", -1))).toEqual(["1e+21", "1e-05", "0.1", "100", "1.5e-07", "-0"]);
    expect([0.000123456, 123456789, 2.5, 9.9999].map((v) => formatFloat(v, "g", 4))).toEqual(["0.0001235", "1.235e+08", "2.5", "10"]);
    expect(formatFloat(2.5, "f", 0)).toBe("2");
    expect(formatFloat(0.0004, "f", 2)).toBe("0.00");
    expect(goSprintf("%5s|%x|%-4t|%%|%", ["ab", "hi", true])).toBe("   ab|6869|true|%|%!(NOVERB)");
  });
});
