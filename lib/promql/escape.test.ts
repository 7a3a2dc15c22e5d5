import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { escapeLabelValue, labelMatcher } from "./escape";

/** Names of the label matchers in a parsed selector, and whether the parse had errors. */
function matchers(query: string): { names: string[]; values: string[]; errors: number } {
  const tree = parser.parse(query);
  const names: string[] = [];
  const values: string[] = [];
  let errors = 0;
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors++;
      if (node.name === "UnquotedLabelMatcher") {
        const label = node.node.getChild("LabelName");
        const value = node.node.getChild("StringLiteral");
        if (label) names.push(query.slice(label.from, label.to));
        if (value) values.push(query.slice(value.from, value.to));
      }
    },
  });
  return { names, values, errors };
}

describe("escapeLabelValue", () => {
  it("escapes backslashes, quotes and line breaks", () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });

  it("keeps a crafted value from changing the query", () => {
    const crafted = 'x"} or vector(1) or up{job="';
    const query = `sum(rate(http_requests_total{${labelMatcher("service", crafted)}}[5m]))`;
    const parsed = matchers(query);
    expect(parsed.errors).toBe(0);
    expect(parsed.names).toEqual(["service"]);
    expect(parsed.values).toHaveLength(1);
    // The whole crafted text is one string literal: no `or vector(1)` joined the query.
    expect(JSON.parse(parsed.values[0] as string)).toBe(crafted);
  });

  it("survives a trailing backslash that would otherwise escape the closing quote", () => {
    const query = `up{${labelMatcher("job", "evil\\")}}`;
    const parsed = matchers(query);
    expect(parsed.errors).toBe(0);
    expect(JSON.parse(parsed.values[0] as string)).toBe("evil\\");
  });

  it("refuses invalid label names", () => {
    expect(() => labelMatcher('job"}', "x")).toThrow(/invalid label name/);
  });
});
