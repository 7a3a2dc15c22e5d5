import { z } from "zod";
import { withoutUserinfo } from "@/lib/config/redact";

/**
 * Every endpoint and credential the console uses comes from the environment and is
 * validated once, at start. A bad value stops the console with a message naming the
 * variable and what was expected (see .env.example).
 */

const parsedUrl = (v: string) => {
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
};

/**
 * An http(s) URL without credentials in it: a `user:pass@` part would travel into
 * logs, error messages and links, so it is refused at start in favour of the
 * *_USERNAME / *_PASSWORD / *_BEARER_TOKEN variables, which never leave the server.
 */
const httpUrl = (example: string) =>
  z
    .string()
    .trim()
    .refine((v) => ["http:", "https:"].includes(parsedUrl(v)?.protocol ?? ""), `expected an http(s) URL such as ${example}`)
    .refine((v) => {
      const u = parsedUrl(v);
      return !u || (u.username === "" && u.password === "");
    }, "expected a URL without user:password@ in it; give credentials in the matching _USERNAME/_PASSWORD or _BEARER_TOKEN variables")
    .transform((v) => v.replace(/\/+$/, ""));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `expected a positive whole number of milliseconds, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const wholeNumber = (fallback: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > max) {
        ctx.addIssue({ code: "custom", message: `expected a whole number from 0 to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z
  .object({
    PROMETHEUS_URL: httpUrl("http://127.0.0.1:9090 (a path prefix is kept: https://mimir/prometheus)").default(
      "http://127.0.0.1:9090",
    ),
    PROMETHEUS_USERNAME: optionalText,
    PROMETHEUS_PASSWORD: optionalText,
    PROMETHEUS_BEARER_TOKEN: optionalText,
    PROMETHEUS_TENANT: optionalText,
    ALERTMANAGER_URL: httpUrl("http://127.0.0.1:9093").default("http://127.0.0.1:9093"),
    ALERTMANAGER_USERNAME: optionalText,
    ALERTMANAGER_PASSWORD: optionalText,
    ALERTMANAGER_BEARER_TOKEN: optionalText,
    ALERTMANAGER_TENANT: optionalText,
    JAEGER_URL: httpUrl("http://127.0.0.1:16686").optional(),
    JAEGER_USERNAME: optionalText,
    JAEGER_PASSWORD: optionalText,
    JAEGER_BEARER_TOKEN: optionalText,
    JAEGER_TENANT: optionalText,
    RULES_DIR: optionalText,
    PROMTOOL: z.string().trim().default("promtool"),
    RULER_URL: httpUrl("https://mimir.example.com/prometheus").optional(),
    RULER_FLAVOR: z.enum(["mimir", "cortex"], { message: 'expected "mimir" or "cortex"' }).default("mimir"),
    RULER_USERNAME: optionalText,
    RULER_PASSWORD: optionalText,
    RULER_BEARER_TOKEN: optionalText,
    RULER_TENANT: optionalText,
    RULE_REQUIRED_LABELS: z.string().default("severity"),
    RULE_REQUIRED_ANNOTATIONS: z.string().default("summary"),
    JAEGER_UI_URL: httpUrl("http://127.0.0.1:16686").optional(),
    KUBERNETES_URL: httpUrl("https://127.0.0.1:6443").optional(),
    KUBERNETES_BEARER_TOKEN: optionalText,
    // a token file is read at each use, so a rotated service-account token is picked up
    KUBERNETES_TOKEN_FILE: optionalText,
    KUBERNETES_CA_FILE: optionalText,
    KUBERNETES_NAMESPACES: optionalText,
    // GitOps: a repository (URL or path) the console commits scaling profiles to
    GITOPS_REMOTE: optionalText,
    GITOPS_BRANCH: z.string().trim().min(1).default("main"),
    GITOPS_PATH: z
      .string()
      .trim()
      .default("{namespace}/{kind}/{name}.yaml")
      .refine((v) => !v.startsWith("/") && !v.split("/").includes(".."), "expected a path inside the repository, e.g. clusters/prod/{namespace}/{kind}/{name}.yaml"),
    KUBERNETES_FIELD_MANAGER: z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]{1,128}$/, "expected 1 to 128 printable characters without spaces (the API server's rule for fieldManager)")
      .default("perfops-console"),
    DATABASE_URL: z
      .string()
      .trim()
      .optional()
      .refine(
        (v) => v === undefined || v === "" || /^postgres(ql)?:\/\//.test(v),
        "expected a PostgreSQL URL such as postgresql://user:pass@host:5432/perfops, or leave it unset for the embedded database",
      )
      .transform((v) => (v === "" ? undefined : v)),
    DATA_DIR: z.string().trim().min(1).default(".data"),
    SESSION_SECRET: z
      .string()
      .optional()
      .refine((v) => v === undefined || v === "" || v.length >= 32, "expected at least 32 characters")
      .transform((v) => (v === "" ? undefined : v)),
    QUERY_TIMEOUT_MS: positiveInt(15_000),
    INITIAL_ADMIN_EMAIL: optionalText,
    INITIAL_ADMIN_PASSWORD: optionalText,
    METRICS_TOKEN: optionalText,
    // read by next.config.ts when the server starts; validated here so a typo is named
    HTTP_COMPRESSION: z.enum(["on", "off"], { message: 'expected "on" or "off"' }).default("off"),
    // how many reverse proxies in front of the console append to X-Forwarded-For (0: trust none)
    TRUSTED_PROXY_HOPS: wholeNumber(0, 10),
    // the session cookie's Secure flag: always, never, or when the request came over https (X-Forwarded-Proto)
    SESSION_COOKIE_SECURE: z.enum(["auto", "on", "off"], { message: 'expected "auto", "on" or "off"' }).default("auto"),
  })
  .superRefine((env, ctx) => {
    for (const prefix of ["PROMETHEUS", "ALERTMANAGER", "JAEGER", "RULER"] as const) {
      const user = env[`${prefix}_USERNAME`];
      const pass = env[`${prefix}_PASSWORD`];
      if ((user === undefined) !== (pass === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [user === undefined ? `${prefix}_USERNAME` : `${prefix}_PASSWORD`],
          message: `expected both ${prefix}_USERNAME and ${prefix}_PASSWORD for basic auth, or neither`,
        });
      }
      if (user !== undefined && env[`${prefix}_BEARER_TOKEN`] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [`${prefix}_BEARER_TOKEN`],
          message: `expected either basic auth or a bearer token for ${prefix}, not both`,
        });
      }
    }
    if ((env.INITIAL_ADMIN_EMAIL === undefined) !== (env.INITIAL_ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["INITIAL_ADMIN_PASSWORD"],
        message: "expected both INITIAL_ADMIN_EMAIL and INITIAL_ADMIN_PASSWORD, or neither",
      });
    }
    if (env.INITIAL_ADMIN_PASSWORD !== undefined && env.INITIAL_ADMIN_PASSWORD.length < 10) {
      ctx.addIssue({ code: "custom", path: ["INITIAL_ADMIN_PASSWORD"], message: "expected at least 10 characters" });
    }
    if (env.INITIAL_ADMIN_PASSWORD !== undefined && Buffer.byteLength(env.INITIAL_ADMIN_PASSWORD, "utf8") > 72) {
      ctx.addIssue({ code: "custom", path: ["INITIAL_ADMIN_PASSWORD"], message: "expected at most 72 bytes (bcrypt ignores the rest)" });
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Connection settings of one HTTP backend; credentials never leave the server. */
export interface BackendConfig {
  name: "prometheus" | "alertmanager" | "jaeger" | "ruler" | "kubernetes";
  url: string;
  username?: string;
  password?: string;
  bearerToken?: string;
  tenant?: string;
  /** the header that carries `tenant`; lower case. Default x-scope-orgid (Prometheus, Mimir, Cortex); Jaeger's is x-tenant. */
  tenantHeader?: string;
  timeoutMs: number;
  /** PEM of the certificate authority to trust for this backend alone (a Kubernetes API server's) */
  ca?: string;
}

export interface ConsoleConfig {
  prometheus: BackendConfig;
  alertmanager: BackendConfig;
  jaeger?: BackendConfig;
  jaegerUiUrl?: string;
  databaseUrl?: string;
  dataDir: string;
  sessionSecret?: string;
  initialAdmin?: { email: string; password: string };
  metricsToken?: string;
  /** reverse proxies trusted to append the client's address to X-Forwarded-For; 0 = none, no per-client limits */
  trustedProxyHops: number;
  cookieSecure: "auto" | "on" | "off";
  /** the Kubernetes API server scaling profiles are read from and applied to; unset = no Kubernetes */
  kubernetes?: {
    backend: BackendConfig;
    tokenFile?: string;
    caFile?: string;
    /** the namespaces the console shows; null = every namespace the token may list */
    namespaces: string[] | null;
    /** the field manager of the console's server-side applies */
    fieldManager: string;
  };
  /** the Git repository scaling profiles are committed to (GitOps); unset = no Git push */
  gitops?: { remote: string; branch: string; pathTemplate: string };
  rules: {
    /** Prometheus's rules directory (matched by its rule_files glob); unset = push to Prometheus disabled. */
    dir?: string;
    promtool: string;
    ruler?: { backend: BackendConfig; flavor: "mimir" | "cortex" };
    policy: { requiredLabels: string[]; requiredAnnotations: string[] };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "ConfigError";
  }
}

/** Pure: parse an environment into the console's configuration or throw ConfigError. */
export function parseConfig(source: Record<string, string | undefined>): ConsoleConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "environment");
        const raw = source[variable];
        const shown = raw === undefined || /PASSWORD|TOKEN|SECRET/.test(variable) ? "" : ` (got "${withoutUserinfo(raw)}")`;
        return `${variable}: ${issue.message}${shown}`;
      }),
    );
  }
  const env = parsed.data;
  const timeoutMs = env.QUERY_TIMEOUT_MS;
  return {
    prometheus: {
      name: "prometheus",
      url: env.PROMETHEUS_URL,
      username: env.PROMETHEUS_USERNAME,
      password: env.PROMETHEUS_PASSWORD,
      bearerToken: env.PROMETHEUS_BEARER_TOKEN,
      tenant: env.PROMETHEUS_TENANT,
      timeoutMs,
    },
    alertmanager: {
      name: "alertmanager",
      url: env.ALERTMANAGER_URL,
      username: env.ALERTMANAGER_USERNAME,
      password: env.ALERTMANAGER_PASSWORD,
      bearerToken: env.ALERTMANAGER_BEARER_TOKEN,
      tenant: env.ALERTMANAGER_TENANT,
      timeoutMs,
    },
    jaeger: env.JAEGER_URL
      ? {
          name: "jaeger",
          url: env.JAEGER_URL,
          username: env.JAEGER_USERNAME,
          password: env.JAEGER_PASSWORD,
          bearerToken: env.JAEGER_BEARER_TOKEN,
          tenant: env.JAEGER_TENANT,
          // Jaeger's multi-tenancy header (default of its tenancy settings, internal/tenancy)
          tenantHeader: "x-tenant",
          timeoutMs,
        }
      : undefined,
    // the browser's trace links: only an address meant for browsers, never the API's JAEGER_URL
    jaegerUiUrl: env.JAEGER_UI_URL,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    sessionSecret: env.SESSION_SECRET,
    initialAdmin:
      env.INITIAL_ADMIN_EMAIL && env.INITIAL_ADMIN_PASSWORD
        ? { email: env.INITIAL_ADMIN_EMAIL.toLowerCase(), password: env.INITIAL_ADMIN_PASSWORD }
        : undefined,
    metricsToken: env.METRICS_TOKEN,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    cookieSecure: env.SESSION_COOKIE_SECURE,
    kubernetes: env.KUBERNETES_URL
      ? {
          backend: { name: "kubernetes", url: env.KUBERNETES_URL, bearerToken: env.KUBERNETES_BEARER_TOKEN, timeoutMs },
          tokenFile: env.KUBERNETES_TOKEN_FILE,
          caFile: env.KUBERNETES_CA_FILE,
          namespaces: env.KUBERNETES_NAMESPACES ? list(env.KUBERNETES_NAMESPACES) : null,
          fieldManager: env.KUBERNETES_FIELD_MANAGER,
        }
      : undefined,
    gitops: env.GITOPS_REMOTE ? { remote: env.GITOPS_REMOTE, branch: env.GITOPS_BRANCH, pathTemplate: env.GITOPS_PATH } : undefined,
    rules: {
      dir: env.RULES_DIR,
      promtool: env.PROMTOOL,
      ruler: env.RULER_URL
        ? {
            flavor: env.RULER_FLAVOR,
            backend: {
              name: "ruler",
              url: env.RULER_URL,
              username: env.RULER_USERNAME,
              password: env.RULER_PASSWORD,
              bearerToken: env.RULER_BEARER_TOKEN,
              tenant: env.RULER_TENANT,
              timeoutMs,
            },
          }
        : undefined,
      policy: { requiredLabels: list(env.RULE_REQUIRED_LABELS), requiredAnnotations: list(env.RULE_REQUIRED_ANNOTATIONS) },
    },
  };
}

function list(v: string): string[] {
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

let cached: ConsoleConfig | undefined;

/** The configuration of this process, parsed from process.env on first use. */
export function getConfig(): ConsoleConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests and start-up code that changes process.env (e.g. the embedded database URL). */
export function resetConfigCache(): void {
  cached = undefined;
}
