import coreWebVitals from "eslint-config-next/core-web-vitals";
import typescript from "eslint-config-next/typescript";

/**
 * The layering of docs/ARCHITECTURE.md, enforced: routes → actions → domain → clients.
 * Views (components/) never import a backend client or the server's session and
 * database code (types excepted: they vanish at build time); clients never import
 * domain logic; nothing in lib/ imports app/. lib/layering.test.ts also refuses
 * import cycles between lib/ folders.
 */
const CLIENTS = ["prometheus", "alertmanager", "ruler", "upstream", "db", "jaeger", "kubernetes"];
const DOMAIN = ["alerts", "audit", "auth", "charts", "dashboard", "explore", "format", "overview", "promql", "query", "reviews", "rules", "scaling", "server", "slo", "traces", "users", "view", "errors"];
const restrict = (groups, message, allowTypeImports = false) => ({
  "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ group: groups, message, allowTypeImports }] }],
});

const config = [
  ...coreWebVitals,
  ...typescript,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: restrict(
      [...CLIENTS.map((c) => `@/lib/${c}/*`), "@/lib/server/*", "@/lib/auth/session", "@/lib/*/store", "@/lib/*/load"],
      "views call server actions (app/actions); backend clients, sessions and stores stay on the server (docs/ARCHITECTURE.md)",
      true,
    ),
  },
  {
    files: ["lib/**/*.ts"],
    rules: restrict(["@/app/*", "@/components/*"], "lib/ never imports routes, actions or views: data flows one way (docs/ARCHITECTURE.md)"),
  },
  {
    files: CLIENTS.map((c) => `lib/${c}/**/*.ts`),
    ignores: ["**/*.test.ts"],
    rules: restrict(
      [...DOMAIN.map((d) => `@/lib/${d}/*`), ...DOMAIN.map((d) => `@/lib/${d}`), "@/app/*", "@/components/*"],
      "a backend client knows its wire format only, never domain logic, routes or views (docs/ARCHITECTURE.md)",
    ),
  },
];

export default config;
