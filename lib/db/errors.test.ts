import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";

/** The shapes below are what Prisma 6.19 with @prisma/adapter-pg and node-postgres throw (read from their sources and seen in test/integration/restarts.test.ts). */
describe("isDatabaseUnavailable", () => {
  it("recognises Prisma's connection codes", () => {
    for (const code of ["P1001", "P1008", "P1017", "P2024"]) expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code }))).toBe(true);
  });
  it("recognises a driver adapter error carrying PostgreSQL's shutdown SQLSTATE", () => {
    const err = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01" } } },
    });
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
  it("recognises node-postgres errors, directly or as a cause", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: new Error("Connection terminated unexpectedly") }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
  });
  it("does not hide real failures: constraint violations, syntax errors, bugs", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("syntax error"), { code: "42601" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("the message mentions Connection terminated unexpectedly in passing"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
