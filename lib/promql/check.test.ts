import { describe, expect, it } from "vitest";
import { checkPromQL } from "./check";

describe("checkPromQL", () => {
  it("accepts valid expressions", () => {
    expect(checkPromQL('sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))')).toEqual([]);
  });

  it("reports syntax errors with their position", () => {
    const problems = checkPromQL("sum(rate(http_requests_total[5m])");
    expect(problems[0]).toMatchObject({ severity: "error", message: "parse error: unexpected end of input", from: 33 });
    expect(checkPromQL("sum(up) by (")[0]?.severity).toBe("error");
    expect(checkPromQL("   ")[0]?.message).toBe("empty expression");
  });

  it("reports type errors the way Prometheus would reject them", () => {
    const [p] = checkPromQL("rate(hi)");
    expect(p?.message).toBe('expected type matrix in call to function "rate", got vector');
    expect(p?.from).toBe(5);
  });
});

describe("long expressions", () => {
  it("type-checks past the first 3,000 characters (CodeMirror's first parse stops there)", () => {
    const long = `${Array.from({ length: 120 }, (_, i) => `sum(rate(http_requests_total{endpoint="/e${i}"}[5m]))`).join(" + ")} + rate(hi)`;
    expect(long.length).toBeGreaterThan(5000);
    const problems = checkPromQL(long);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/expected type matrix in call to function "rate"/)]);
    expect(problems[0]!.from).toBeGreaterThan(5000);
  });
});
