import { describe, expect, it } from "vitest";
import { allowedProxyPath, filterFlags } from "./proxy";

describe("allowedProxyPath", () => {
  it("allows the completion endpoints", () => {
    expect(allowedProxyPath(["labels"])).toBe("/api/v1/labels");
    expect(allowedProxyPath(["label", "service", "values"])).toBe("/api/v1/label/service/values");
    expect(allowedProxyPath(["series"])).toBe("/api/v1/series");
    expect(allowedProxyPath(["metadata"])).toBe("/api/v1/metadata");
  });

  it("refuses writes, admin endpoints and path tricks", () => {
    for (const bad of [["admin", "tsdb", "delete_series"], ["query"], ["label", "..", "values"], ["label", "a/b", "values"], ["status", "config"]]) {
      expect(allowedProxyPath(bad)).toBeNull();
    }
  });
});

describe("filterFlags", () => {
  it("keeps only the lookback delta", () => {
    const body = JSON.stringify({ status: "success", data: { "query.lookback-delta": "5m", "web.config.file": "/etc/secret" } });
    expect(JSON.parse(filterFlags(body))).toEqual({ status: "success", data: { "query.lookback-delta": "5m" } });
  });
});
