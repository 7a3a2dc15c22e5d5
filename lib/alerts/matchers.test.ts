import { describe, expect, it } from "vitest";
import { formatMatchers, matches, parseMatchers } from "./matchers";

describe("silence matchers", () => {
  it("parses every operator, quoted values with escapes and commas, and braces", () => {
    const r = parseMatchers('{alertname="HighErrorRate", service=~"order-.*|payment-service", severity!="info", team!~"a,b", note="say \\"hi\\""}');
    expect(r).toEqual({
      ok: true,
      matchers: [
        { name: "alertname", value: "HighErrorRate", isRegex: false, isEqual: true },
        { name: "service", value: "order-.*|payment-service", isRegex: true, isEqual: true },
        { name: "severity", value: "info", isRegex: false, isEqual: false },
        { name: "team", value: "a,b", isRegex: true, isEqual: false },
        { name: "note", value: 'say "hi"', isRegex: false, isEqual: true },
      ],
    });
    expect(parseMatchers("alertname=HighErrorRate")).toMatchObject({ ok: true, matchers: [{ value: "HighErrorRate" }] });
  });

  it("says what is wrong and where", () => {
    expect(parseMatchers('alertname="X", 1bad="y"')).toEqual({ ok: false, error: expect.stringContaining('matcher 2: expected name="value"') });
    expect(parseMatchers('service=~"(unclosed"')).toEqual({ ok: false, error: expect.stringContaining("matcher 1 (service): invalid regular expression") });
    expect(parseMatchers("")).toMatchObject({ ok: false, error: expect.stringContaining("at least one matcher") });
    expect(parseMatchers('service=~".*"')).toMatchObject({ ok: false, error: expect.stringContaining("match every alert") });
  });

  it("matches like Alertmanager: anchored regexes, missing labels are empty", () => {
    const r = parseMatchers('alertname="HighErrorRate", service=~"order-.*"');
    if (!r.ok) throw new Error(r.error);
    expect(matches(r.matchers, { alertname: "HighErrorRate", service: "order-service" })).toBe(true);
    expect(matches(r.matchers, { alertname: "HighErrorRate", service: "my-order-service" })).toBe(false);
    expect(matches(r.matchers, { alertname: "HighErrorRate" })).toBe(false);
    const neg = parseMatchers('alertname="X", team!="a"');
    if (!neg.ok) throw new Error(neg.error);
    expect(matches(neg.matchers, { alertname: "X" })).toBe(true);
    expect(formatMatchers(r.matchers)).toBe('alertname="HighErrorRate", service=~"order-.*"');
  });
});
