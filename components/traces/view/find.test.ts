import { describe, expect, it } from "vitest";
import { parseFind } from "./find";

describe("parseFind", () => {
  it("finds nothing in an empty box", () => {
    expect(parseFind("")).toBeUndefined();
    expect(parseFind("   ")).toBeUndefined();
  });

  it("reads plain text", () => {
    expect(parseFind(" checkout ")).toEqual({ text: "checkout" });
    expect(parseFind("GET /api/cart")).toEqual({ text: "GET /api/cart" });
  });

  it("reads key=value, with or without spaces and quotes", () => {
    expect(parseFind("http.status_code=500")).toEqual({ attribute: { key: "http.status_code", value: "500" } });
    expect(parseFind("db.system = postgresql")).toEqual({ attribute: { key: "db.system", value: "postgresql" } });
    expect(parseFind('db.statement="SELECT 1"')).toEqual({ attribute: { key: "db.statement", value: "SELECT 1" } });
    expect(parseFind("http.route=/a=b")).toEqual({ attribute: { key: "http.route", value: "/a=b" } });
  });

  it("reads key= as any value of that key", () => {
    expect(parseFind("error.type=")).toEqual({ attribute: { key: "error.type" } });
  });

  it("reads a share of the trace", () => {
    expect(parseFind(">5%")).toEqual({ minShare: 0.05 });
    expect(parseFind(">= 12.5 %")).toEqual({ minShare: 0.125 });
    expect(parseFind(">250%")).toEqual({ minShare: 1 });
  });

  it("combines a share with text or an attribute", () => {
    expect(parseFind("db >10%")).toEqual({ minShare: 0.1, text: "db" });
    expect(parseFind(">1% db.system=redis")).toEqual({ minShare: 0.01, attribute: { key: "db.system", value: "redis" } });
  });

  it("keeps what only looks like a share as text", () => {
    expect(parseFind(">abc%")).toEqual({ text: ">abc%" });
    expect(parseFind("a>5%b")).toEqual({ text: "a>5%b" });
  });
});
