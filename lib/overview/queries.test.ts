import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { overviewQueries } from "./queries";

function syntaxErrors(query: string): number {
  let errors = 0;
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors++;
    },
  });
  return errors;
}

describe("overviewQueries", () => {
  const q = overviewQueries(3600, 240);

  it("produces valid PromQL for every panel", () => {
    for (const query of [...Object.values(q.summary), ...Object.values(q.series)]) {
      expect(syntaxErrors(query), query).toBe(0);
    }
  });

  it("summarises over the whole range and draws series over the rate window", () => {
    expect(q.summary.rate).toContain("[1h]");
    expect(q.series.rate).toContain("[4m]");
    expect(q.summary.p95).toMatch(/^histogram_quantile\(0\.95, sum by \(service, le\)/);
  });

  it("keeps services without any 5xx at a zero error ratio instead of dropping them", () => {
    expect(q.summary.errorRatio).toContain('{status=~"5.."}');
    expect(q.summary.errorRatio).toContain(" or ");
  });
});
