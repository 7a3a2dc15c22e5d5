import { it } from "vitest";
import { checkPromQL } from "@/lib/promql/check";
import * as q from "./queries";
const base = { name: "checkout-availability", service: "checkout", objective: 99.9 };
const specs = {
  ratio: { ...base, sli: { kind: "ratio", errorQuery: 'sum(rate(http_requests_total{service="checkout",status=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total{service="checkout"}[{{ .window }}]))' } },
  good: { ...base, sli: { kind: "ratio-good", goodQuery: 'sum(rate(http_requests_total{status!~"5.."}[{{.window}}]))', totalQuery: "sum(rate(http_requests_total[{{.window}}]))" } },
  lat: { ...base, sli: { kind: "latency", metric: "http_request_duration_seconds", thresholdSeconds: 1, selector: { service: "checkout", method: "GET" } } },
  av: { ...base, objective: 100, sli: { kind: "availability", upSelector: { job: "checkout" } } },
} as const;
it("print", () => {
  for (const [k, s] of Object.entries(specs)) {
    for (const f of ["errorRatioQuery", "totalRateQuery", "badRateQuery", "recordedErrorRatioQuery"] as const) {
      const out = (q[f] as (a: unknown, b: string) => string)(s, "5m");
      console.log(k, f, out, JSON.stringify(checkPromQL(out)));
    }
    const b = q.budgetRemainingQuery(s as never, "30d");
    console.log(k, "budget", b.recorded, JSON.stringify(checkPromQL(b.recorded)));
    console.log(k, "budget", b.raw, JSON.stringify(checkPromQL(b.raw)));
  }
  console.log(q.rawCostNote(30), q.rawCostNote(1, 15), q.rawCostNote(84));
  console.log(JSON.stringify(checkPromQL("1e-7 * up")), JSON.stringify(checkPromQL("up / 0")));
});
