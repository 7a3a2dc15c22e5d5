import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./index";

describe("parseConfig", () => {
  it("uses local defaults and keeps a path prefix without trailing slash", () => {
    const cfg = parseConfig({ PROMETHEUS_URL: "https://mimir.example.com/prometheus/", PROMETHEUS_TENANT: "team-a" });
    expect(cfg.prometheus.url).toBe("https://mimir.example.com/prometheus");
    expect(cfg.prometheus.tenant).toBe("team-a");
    expect(cfg.alertmanager.url).toBe("http://127.0.0.1:9093");
    expect(cfg.databaseUrl).toBeUndefined();
    expect(cfg.prometheus.timeoutMs).toBe(15_000);
  });

  it("names the bad variable and what it expected", () => {
    expect(() => parseConfig({ PROMETHEUS_URL: "prometheus:9090" })).toThrowError(
      /PROMETHEUS_URL: expected an http\(s\) URL such as http:\/\/127\.0\.0\.1:9090.*\(got "prometheus:9090"\)/,
    );
    expect(() => parseConfig({ QUERY_TIMEOUT_MS: "soon" })).toThrowError(/QUERY_TIMEOUT_MS: expected a positive whole number/);
    expect(() => parseConfig({ DATABASE_URL: "mysql://x" })).toThrowError(/DATABASE_URL: expected a PostgreSQL URL/);
    expect(() => parseConfig({ HTTP_COMPRESSION: "yes" })).toThrowError(/HTTP_COMPRESSION: expected "on" or "off"/);
  });

  it("reports every problem at once and never echoes secrets", () => {
    try {
      parseConfig({ ALERTMANAGER_URL: "ftp://x", SESSION_SECRET: "short-secret", PROMETHEUS_USERNAME: "u" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join("\n")).toContain("SESSION_SECRET: expected at least 32 characters");
      expect(problems.join("\n")).not.toContain("short-secret");
      expect(problems.join("\n")).toContain("PROMETHEUS_PASSWORD: expected both PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD");
    }
  });

  it("refuses basic auth and a bearer token together", () => {
    expect(() =>
      parseConfig({ PROMETHEUS_USERNAME: "u", PROMETHEUS_PASSWORD: "p", PROMETHEUS_BEARER_TOKEN: "t" }),
    ).toThrowError(/PROMETHEUS_BEARER_TOKEN: expected either basic auth or a bearer token/);
  });

  it("reads the first admin from the environment", () => {
    const cfg = parseConfig({ INITIAL_ADMIN_EMAIL: "Ops@Example.com", INITIAL_ADMIN_PASSWORD: "correct horse" });
    expect(cfg.initialAdmin).toEqual({ email: "ops@example.com", password: "correct horse" });
    expect(() => parseConfig({ INITIAL_ADMIN_EMAIL: "a@b.c", INITIAL_ADMIN_PASSWORD: "short" })).toThrowError(
      /INITIAL_ADMIN_PASSWORD: expected at least 10 characters/,
    );
  });
});

describe("credentials and request trust", () => {
  it("refuses credentials inside a backend URL, naming the variable and the alternative, without echoing them", () => {
    for (const v of ["PROMETHEUS_URL", "ALERTMANAGER_URL", "JAEGER_URL", "JAEGER_UI_URL", "RULER_URL"]) {
      let message = "";
      try {
        parseConfig({ [v]: "https://ops:s3cret@backend.example.com" });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(`${v}: expected a URL without user:password@ in it`);
      expect(message).not.toContain("s3cret");
    }
  });

  it("sends browsers to JAEGER_UI_URL only, never to the API address", () => {
    expect(parseConfig({ JAEGER_URL: "http://jaeger-query.internal:16686" }).jaegerUiUrl).toBeUndefined();
    expect(parseConfig({ JAEGER_URL: "http://jaeger-query.internal:16686", JAEGER_UI_URL: "https://jaeger.example.com" }).jaegerUiUrl).toBe("https://jaeger.example.com");
  });

  it("reads Jaeger's credentials and tenant, sent in Jaeger's own x-tenant header", () => {
    expect(parseConfig({}).jaeger).toBeUndefined();
    const cfg = parseConfig({ JAEGER_URL: "http://jaeger:16686/", JAEGER_BEARER_TOKEN: "tok", JAEGER_TENANT: "team-a" });
    expect(cfg.jaeger).toMatchObject({ name: "jaeger", url: "http://jaeger:16686", bearerToken: "tok", tenant: "team-a", tenantHeader: "x-tenant" });
    expect(parseConfig({ JAEGER_URL: "http://jaeger:16686", JAEGER_USERNAME: "u", JAEGER_PASSWORD: "p" }).jaeger).toMatchObject({ username: "u", password: "p" });
    // the other backends keep X-Scope-OrgID
    expect(parseConfig({ PROMETHEUS_TENANT: "t" }).prometheus.tenantHeader).toBeUndefined();
    expect(() => parseConfig({ JAEGER_URL: "http://jaeger:16686", JAEGER_USERNAME: "u" })).toThrow(
      /JAEGER_PASSWORD: expected both JAEGER_USERNAME and JAEGER_PASSWORD/,
    );
    expect(() => parseConfig({ JAEGER_USERNAME: "u", JAEGER_PASSWORD: "p", JAEGER_BEARER_TOKEN: "t" })).toThrow(
      /JAEGER_BEARER_TOKEN: expected either basic auth or a bearer token for JAEGER/,
    );
  });

  it("reads the proxy and cookie settings", () => {
    expect(parseConfig({}).trustedProxyHops).toBe(0);
    expect(parseConfig({}).cookieSecure).toBe("auto");
    expect(parseConfig({ TRUSTED_PROXY_HOPS: "2", SESSION_COOKIE_SECURE: "on" })).toMatchObject({ trustedProxyHops: 2, cookieSecure: "on" });
    expect(() => parseConfig({ TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS: expected a whole number from 0 to 10/);
    expect(() => parseConfig({ SESSION_COOKIE_SECURE: "yes" })).toThrow(/SESSION_COOKIE_SECURE/);
  });
});
