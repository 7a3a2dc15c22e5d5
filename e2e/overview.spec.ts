import { expect, test } from "@playwright/test";
import { ADMIN, parseCell, requireEnv, signIn } from "./helpers";

const SERVICES = ["catalog-service", "inventory-service", "order-service", "payment-service", "user-service"];

test("the overview shows the simulated services with real numbers", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const table = page.getByTestId("services-table");
  await expect(table.locator("tbody tr")).toHaveCount(5);
  for (const service of SERVICES) {
    const row = table.locator(`tr[data-service="${service}"]`);
    const rate = parseCell(await row.locator('[data-metric="rate"]').innerText());
    const p95 = parseCell(await row.locator('[data-metric="p95"]').innerText());
    const errors = parseCell(await row.locator('[data-metric="error-ratio"]').innerText());
    expect(rate, `${service} rate`).toBeGreaterThan(1);
    expect(p95, `${service} p95`).toBeGreaterThan(0.005);
    expect(p95, `${service} p95`).toBeLessThan(2);
    expect(errors, `${service} errors`).toBeLessThan(0.05);
  }
  // three charts drawn, one line per service
  for (const id of ["panel-rate", "panel-error-ratio", "panel-p95"]) {
    await expect(page.getByTestId(id).locator(".recharts-line")).toHaveCount(5);
  }
});

test("the range lives in the URL and changes what is shown", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("button", { name: "24h", exact: true }).click();
  await expect(page).toHaveURL(/\?range=24h/);
  await expect(page.getByText("Services over the last 24h")).toBeVisible();
  await page.goto("/?range=7d");
  await expect(page.getByRole("button", { name: "7d", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("services-table").locator("tbody tr")).toHaveCount(5);
});

test("an injected error burst appears in the overview within a minute", async ({ page, request }) => {
  const simulator = requireEnv("SIMULATOR_URL");
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/?range=5m");
  const cell = page.locator('tr[data-service="payment-service"] [data-metric="error-ratio"]');
  await expect(cell).toHaveText(/%/);
  expect(parseCell(await cell.innerText())).toBeLessThan(0.01);

  const res = await request.post(`${simulator}/incidents`, {
    data: { service: "payment-service", kind: "errors", duration: "3m", magnitude: 0.5 },
  });
  expect(res.status()).toBe(201);
  const incident = (await res.json()) as { id: string };
  try {
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: /Refresh/ }).click();
          await expect(page.getByRole("button", { name: "Refresh", exact: true })).toBeEnabled();
          return parseCell(await cell.innerText());
        },
        { timeout: 60_000, intervals: [5_000] },
      )
      .toBeGreaterThan(0.01);
    await expect(cell).toHaveClass(/status-bad/);
  } finally {
    await request.delete(`${simulator}/incidents/${incident.id}`);
  }
});
