import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = [
  { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
  // codemirror-promql has no exports map: without this Vitest loads its CommonJS build
  // and a second copy of @codemirror/state (see ENVIRONMENT.md).
  {
    find: /^@prometheus-io\/codemirror-promql$/,
    replacement: path.resolve(import.meta.dirname, "node_modules/@prometheus-io/codemirror-promql/dist/esm/index.js"),
  },
  // `server-only` throws outside React Server Components; tests run server code directly.
  { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "test/support/empty.ts") },
];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
