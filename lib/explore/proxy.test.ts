import { describe, expect, it } from "vitest";
import { allowedProxyPath, boundCompletionQuery, COMPLETION_LIMIT, filterFlags } from "./proxy";

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

describe("boundCompletionQuery", () => {
  const now = 1_796_600_000;
  const bound = (target: string, query: Record<string, string[]>) => boundCompletionQuery(target, query, now);

  it("gives a lookup without a window the last 12 hours and the result limit", () => {
    const match = ['{__name__=~".+"}'];
    for (const target of ["/api/v1/series", "/api/v1/labels", "/api/v1/label/__name__/values"]) {
      expect(bound(target, { "match[]": match })).toEqual({ ok: true, query: { "match[]": match, start: [String(now - 12 * 3600)], end: [String(now)], limit: [String(COMPLETION_LIMIT)] } });
    }
  });

  it("keeps a window up to 7 days and a smaller limit, and narrows what asks for more", () => {
    const week = { start: [String(now - 7 * 86400)], end: [String(now)], limit: ["50"] };
    expect(bound("/api/v1/series", week)).toEqual({ ok: true, query: week });
    // RFC 3339, as the editor's client sends, and all of time, as Prometheus would read it
    expect(bound("/api/v1/labels", { start: ["1970-01-01T00:00:00Z"], end: ["2026-12-07T00:00:00.000Z"], limit: ["0"] })).toEqual({
      ok: true,
      query: { start: [String(Date.parse("2026-12-07T00:00:00Z") / 1000 - 7 * 86400)], end: [String(Date.parse("2026-12-07T00:00:00Z") / 1000)], limit: [String(COMPLETION_LIMIT)] },
    });
    for (const limit of ["1000000", "-5", "2.5", "many"]) expect(bound("/api/v1/series", { limit: [limit] })).toMatchObject({ query: { limit: [String(COMPLETION_LIMIT)] } });
  });

  it("says which time is not one, and leaves metadata and flags alone", () => {
    expect(bound("/api/v1/series", { start: ["yesterday"] })).toEqual({ ok: false, error: 'start: "yesterday" is not a unix time in seconds or an RFC 3339 date' });
    expect(bound("/api/v1/labels", { end: ["2026-13-45T00:00:00Z"] })).toEqual({ ok: false, error: 'end: "2026-13-45T00:00:00Z" is not a unix time in seconds or an RFC 3339 date' });
    expect(bound("/api/v1/metadata", { limit: ["5"] })).toEqual({ ok: true, query: { limit: ["5"] } });
    expect(bound("/api/v1/status/flags", {})).toEqual({ ok: true, query: {} });
  });
});
