/**
 * Alertmanager matchers as people type them (`alertname="HighErrorRate",
 * service=~"order-.*"`): parsing with a precise message, and matching against
 * alert labels the way Alertmanager does (regexes anchored, a missing label is the
 * empty string). Pure.
 */

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^",\s][^",]*?))\s*(?:,|$)/;

export function parseMatchers(text: string): { ok: true; matchers: Matcher[] } | { ok: false; error: string } {
  let rest = text.trim().replace(/^\{/, "").replace(/\}$/, "");
  const matchers: Matcher[] = [];
  let at = 1;
  while (rest.trim() !== "") {
    const m = MATCHER.exec(rest);
    if (!m) return { ok: false, error: `matcher ${at}: expected name="value", name!="value", name=~"regex" or name!~"regex" near "${rest.trim().slice(0, 30)}"` };
    const [, name, op, quoted, bare] = m;
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : (bare ?? "").trim();
    const isRegex = op === "=~" || op === "!~";
    if (isRegex) {
      try {
        new RegExp(`^(?:${value})$`);
      } catch (err) {
        return { ok: false, error: `matcher ${at} (${name}): invalid regular expression: ${(err as Error).message}` };
      }
    }
    matchers.push({ name: name!, value, isRegex, isEqual: op === "=" || op === "=~" });
    rest = rest.slice(m[0].length);
    at++;
  }
  if (matchers.length === 0) return { ok: false, error: "at least one matcher is needed, e.g. alertname=\"HighErrorRate\"" };
  if (matchers.every((m) => (m.isEqual ? (m.isRegex ? new RegExp(`^(?:${m.value})$`).test("") : m.value === "") : false))) {
    return { ok: false, error: "these matchers match every alert (each one matches the empty value); add one that needs a real value" };
  }
  return { ok: true, matchers };
}

export function matches(matchers: Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const v = labels[m.name] ?? "";
    const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(v) : v === m.value;
    return m.isEqual ? hit : !hit;
  });
}

export function formatMatchers(matchers: Matcher[]): string {
  return matchers.map((m) => `${m.name}${m.isEqual ? (m.isRegex ? "=~" : "=") : m.isRegex ? "!~" : "!="}${JSON.stringify(m.value)}`).join(", ");
}
