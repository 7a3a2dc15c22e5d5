/**
 * The targets a review judges against (PRODUCT.md, the reference system): the SLA's
 * availability, the load tests' p95 threshold and the roadmap's p95 goal. Pure.
 */

export interface Target {
  label: string;
  op: "<" | "<=" | ">" | ">=";
  value: number;
}

export const SLA_AVAILABILITY: Target = { label: "SLA 99.9 %", op: ">=", value: 0.999 };
export const LOADTEST_P95: Target = { label: "load-test threshold p95 < 200 ms", op: "<", value: 0.2 };
/** the load tests' other threshold: `http_req_failed` rate < 1 % */
export const LOADTEST_FAILURE_RATE: Target = { label: "load-test threshold failure rate < 1 %", op: "<", value: 0.01 };
export const ROADMAP_P95: Target = { label: "roadmap: sub-100 ms p95", op: "<", value: 0.1 };

export function meets(value: number | null | undefined, t: Pick<Target, "op" | "value">): boolean | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  switch (t.op) {
    case "<":
      return value < t.value;
    case "<=":
      return value <= t.value;
    case ">":
      return value > t.value;
    case ">=":
      return value >= t.value;
  }
}
