import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium against `next start`. The consoles and the
 * services behind them are started by `npm test` (scripts/test.ts), which passes
 * their addresses in BASE_URL, BROKEN_PROMETHEUS_BASE_URL and SIMULATOR_URL.
 */
export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: ".data/test/playwright",
  use: {
    baseURL: process.env.BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
