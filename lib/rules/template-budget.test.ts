import { describe, expect, it } from "vitest";
import { goSprintf, renderTemplate, TEMPLATE_BUDGET } from "./template";

/**
 * A caller-supplied template is evaluated on the server: it must finish within a
 * budget of steps, bytes and time whatever it says, and its regexps must run in
 * linear time (Prometheus uses RE2; a backtracking engine would hang on `(a+)+$`).
 */
const data = { labels: { instance: "db-1:9100", job: "node" }, value: 1 };

function timed<T>(fn: () => T): { ms: number; result?: T; error?: Error } {
  const t0 = performance.now();
  try {
    const result = fn();
    return { ms: performance.now() - t0, result };
  } catch (error) {
    return { ms: performance.now() - t0, error: error as Error };
  }
}

describe("renderTemplate runs under a budget", () => {
  it("refuses a nested range bomb in well under a second", () => {
    const r = timed(() => renderTemplate("{{range 100000}}{{range 100000}}x{{end}}{{end}}", data));
    expect(r.error?.message).toMatch(/budget.*steps/);
    expect(r.ms).toBeLessThan(1000);
  });

  it("does not materialise a huge range (no heap exhaustion)", () => {
    const r = timed(() => renderTemplate("{{range 1000000000}}{{end}}", data));
    expect(r.error?.message).toMatch(/budget.*steps/);
    expect(r.ms).toBeLessThan(1000);
  });

  it("caps the output and every intermediate string", () => {
    expect(renderTemplate(`{{range 10}}${"y".repeat(20)}{{end}}`, data)).toHaveLength(200);
    expect(() => renderTemplate(`{{range 100000}}${"x".repeat(100)}{{end}}`, data)).toThrow(/budget.*bytes/);
    // doubling a variable 40 times would be a terabyte
    const doubling = `{{$x := "aaaaaaaa"}}${'{{$x = printf "%s%s" $x $x}}'.repeat(40)}{{$x}}`;
    const r = timed(() => renderTemplate(doubling, data));
    expect(r.error?.message).toMatch(/budget.*bytes/);
    expect(r.ms).toBeLessThan(1000);
  });

  it("treats widths and precisions as Go's fmt does, and refuses output over the budget before building it", () => {
    // fmt's parsenum gives up past 1e6 and the verb is lost
    expect(goSprintf("%20000000d", [1])).toBe("%!(NOVERB)%!(EXTRA float64=1)");
    const r = timed(() => renderTemplate('{{range 1000}}{{ printf "%9999999s" "a" }}{{end}}', data));
    expect(r.error?.message).toMatch(/budget.*bytes/);
    expect(r.ms).toBeLessThan(1000);
    expect(() => renderTemplate('{{ printf "%.2000000f" 1.5 }}', data)).toThrow(/budget.*bytes/);
    expect(renderTemplate('{{ printf "%.3s|%6.2f" "abcdef" 1.5 }}', data)).toBe("abc|  1.50");
  });

  it("stops at the deadline", () => {
    const r = timed(() => renderTemplate('{{range 100000}}{{ printf "%.900000f" 1.5 }}{{end}}', data, { deadline: performance.now() + 50 }));
    expect(r.error?.message).toMatch(/budget|time/);
    expect(r.ms).toBeLessThan(1000);
  });

  it("matches and replaces with RE2 in linear time (no catastrophic backtracking)", () => {
    const input = `${"a".repeat(30)}b`;
    const r = timed(() => renderTemplate(`{{ match "(a+)+$" "${input}" }} {{ reReplaceAll "(a|aa)+$" "z" "${input}" }}`, data));
    expect(r.error).toBeUndefined();
    expect(r.result).toBe(`false ${input}`);
    expect(r.ms).toBeLessThan(1000);
  });

  it("rejects what RE2 rejects, with Go's message", () => {
    expect(() => renderTemplate('{{ match "(a)\\\\1" "aa" }}', data)).toThrow(/error parsing regexp: invalid escape sequence/);
    expect(() => renderTemplate('{{ match "(?=a)" "a" }}', data)).toThrow(/error parsing regexp: invalid or unsupported Perl syntax/);
  });

  it("states its limits", () => {
    expect(TEMPLATE_BUDGET.steps).toBeGreaterThan(1000);
    expect(TEMPLATE_BUDGET.bytes).toBeGreaterThanOrEqual(16 * 1024);
  });
});
