/**
 * The services of the reference system a load-test run can be filed under (the
 * simulator's catalogue, scripts/simulator/catalog.ts; services.test.ts keeps the two
 * equal). Pure: the browser's service picker reads it too.
 */
export const LOADTEST_SERVICES = ["order-service", "catalog-service", "payment-service", "user-service", "inventory-service"] as const;

export type LoadTestService = (typeof LOADTEST_SERVICES)[number];

export function isLoadTestService(s: string): s is LoadTestService {
  return (LOADTEST_SERVICES as readonly string[]).includes(s);
}
