import { describe, expect, it } from "vitest";
import { SERVICES } from "../../scripts/simulator/catalog";
import { isLoadTestService, LOADTEST_SERVICES } from "./services";

describe("LOADTEST_SERVICES", () => {
  it("are the reference system's services, as the simulator's catalogue has them", () => {
    expect([...LOADTEST_SERVICES]).toEqual(SERVICES.map((s) => s.name));
    expect(isLoadTestService("order-service")).toBe(true);
    expect(isLoadTestService("order-service ")).toBe(false);
  });
});
