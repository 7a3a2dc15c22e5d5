import { expect, test, type Page } from "@playwright/test";
import { ADMIN, requireEnv, signIn } from "./helpers";

const REFERENCE_PANELS = ["Request Rate", "Response Time P95", "Error Rate", "Database Performance"];

async function openOrderService(page: Page) {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "order-service" }).click();
  await expect(page).toHaveURL(/\/services\/order-service$/);
  await expect(page.getByTestId("dashboard-service")).toHaveText("order-service");
}

test("a service dashboard shows the reference panels with data", async ({ page }) => {
  await openOrderService(page);
  for (const title of REFERENCE_PANELS) {
    await expect(page.getByRole("heading", { name: title, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId("panel-response-time-p95").locator(".recharts-line-curve")).toHaveCount(3);
  await expect(page.getByTestId("panel-request-rate").locator(".recharts-line-curve").first()).toBeVisible();
  await expect(page.getByTestId("panel-latency-heatmap").locator("svg path").first()).toBeAttached();
  for (const id of ["cache-hit-rate", "active-connections", "cpu", "memory", "replicas", "database-performance"]) {
    // a drawn line has a path with segments (a flat line has no height, so "visible" does not apply)
    await expect(page.getByTestId(`panel-${id}`).locator(".recharts-line-curve").first()).toHaveAttribute("d", /^M[\d.,]+L/);
  }
});

test("the range changes by preset and by URL, and drag zooms into an absolute range", async ({ page }) => {
  await openOrderService(page);
  await page.getByRole("button", { name: "6h", exact: true }).click();
  await expect(page).toHaveURL(/\/services\/order-service\?range=6h$/);
  await page.goto("/services/order-service?range=24h");
  await expect(page.getByRole("button", { name: "24h", exact: true })).toHaveAttribute("aria-pressed", "true");

  const chart = page.getByTestId("panel-error-rate").getByRole("application");
  await expect(chart).toBeVisible();
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=.*&to=/);
  const url = new URL(page.url());
  const span = (Date.parse(url.searchParams.get("to")!) - Date.parse(url.searchParams.get("from")!)) / 1000;
  expect(span).toBeGreaterThan(3600); // about a fifth of 24 h
  expect(span).toBeLessThan(8 * 3600);
  await expect(page.getByRole("button", { name: "24h", exact: true })).toHaveAttribute("aria-pressed", "false");
});

test("a legend click hides and shows a series", async ({ page }) => {
  await openOrderService(page);
  const panel = page.getByTestId("panel-response-time-p95");
  await expect(panel.locator(".recharts-line-curve")).toHaveCount(3);
  await panel.locator(".recharts-legend-item", { hasText: "p99" }).click();
  await expect(panel.locator(".recharts-line-curve")).toHaveCount(2);
  await panel.locator(".recharts-legend-item", { hasText: "p99" }).click();
  await expect(panel.locator(".recharts-line-curve")).toHaveCount(3);
});

/** Clicks Refresh, waits for the refresh to end, and counts the panels showing an error. */
async function failedAfterRefresh(page: Page): Promise<number> {
  await page.getByRole("button", { name: "Refresh", exact: true }).click();
  await expect(page.getByRole("button", { name: "Refresh", exact: true })).toBeEnabled({ timeout: 20_000 });
  return page.getByTestId("panel-failed").count();
}

test("panels fail one by one while Prometheus hangs, the page stays usable, and they recover", async ({ page }) => {
  const pid = Number(requireEnv("PROMETHEUS_PID"));
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/services/order-service?range=5m");
  await expect(page.getByTestId("panel-request-rate").locator(".recharts-line-curve").first()).toBeVisible();
  process.kill(pid, "SIGSTOP");
  try {
    await expect.poll(() => failedAfterRefresh(page), { timeout: 60_000, intervals: [2_000] }).toBeGreaterThan(5);
    await expect(page.getByTestId("panel-failed").first().getByRole("alert")).toContainText("prometheus did not answer within 4s");
    // still usable: the time controls work and navigation works
    await page.getByRole("checkbox", { name: "UTC" }).click();
    await expect(page).toHaveURL(/tz=utc/);
  } finally {
    process.kill(pid, "SIGCONT");
  }
  await expect.poll(() => failedAfterRefresh(page), { timeout: 60_000, intervals: [2_000] }).toBe(0);
  await expect(page.getByTestId("panel-request-rate").locator(".recharts-line-curve").first()).toBeVisible();
});

test("an exemplar on the latency panel opens its trace", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/services/order-service?range=15m");
  const points = page.getByTestId("panel-response-time-p95").locator(".recharts-scatter-symbol");
  await expect(points.first()).toBeAttached();
  // (a synthetic click: the shared tooltip may cover the point under the mouse)
  await points.first().dispatchEvent("click");
  const dialog = page.getByRole("dialog", { name: "Exemplar" });
  await expect(dialog.getByRole("heading")).toHaveText(/^Trace [0-9a-f]{32}$/);
});
