import { expect, test } from "@playwright/test";
import { ADMIN, requireEnv, signIn } from "./helpers";

/**
 * The SLO journey: define an availability SLO with the live preview, save it, push
 * its generated rules, then an error burst makes the fast-burn page alert go pending
 * and then fire, and the remaining budget drops.
 */

test.describe.configure({ timeout: 480_000 });

test("define an SLO, preview, save, push its rules, see the fast burn alert and the budget drop", async ({ page }) => {
  const simulator = requireEnv("SIMULATOR_URL");
  const name = `e2e-availability-${Date.now().toString(36)}`;
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "SLOs", exact: true }).click();
  await page.getByRole("link", { name: "New SLO" }).click();
  await page.getByLabel("SLO name").fill(name);
  // the live preview computes the SLO over history before anything is saved
  await expect(page.getByTestId("preview-attained")).toHaveText(/^99\.\d+%$/, { timeout: 30_000 });
  await page.getByLabel("Objective").fill("abc");
  await expect(page.getByTestId("slo-preview")).toContainText("objective");
  await page.getByLabel("Objective").fill("99.9");
  await expect(page.getByTestId("preview-attained")).toHaveText(/^99\.\d+%$/);
  await page.getByLabel("Message").fill("e2e: availability SLO for order-service");
  await page.getByRole("button", { name: "Save SLO" }).click();
  await expect(page.getByTestId("slo-name")).toHaveText(`order-service-${name}`);

  const budgetLeft = async () => {
    const text = await page.getByTestId("slo-status").locator("strong").nth(1).innerText();
    return Number.parseFloat(text);
  };
  await expect(page.getByTestId("slo-status")).toContainText("budget left");
  const before = await budgetLeft();
  expect(Number.isFinite(before)).toBe(true);

  await page.getByRole("button", { name: "Push rules to Prometheus" }).click();
  const acknowledge = page.getByRole("button", { name: "I have read the warnings: push anyway" });
  const pushed = page.getByTestId("slo-push-result");
  await expect(acknowledge.or(pushed)).toBeVisible({ timeout: 30_000 });
  if (await acknowledge.isVisible()) await acknowledge.click();
  await expect(pushed).toContainText("Pushed and verified", { timeout: 30_000 });

  const injected = await fetch(`${simulator}/incidents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service: "order-service", kind: "errors", duration: "8m", magnitude: 0.9 }),
  });
  expect(injected.status).toBe(201);
  const incident = (await injected.json()) as { id: string };
  try {
    const sloPage = page.url();
    await page.getByRole("link", { name: "Alerts", exact: true }).click();
    // the generated alert is named after the service and SLO: OrderServiceE2eAvailability…SLO
    const rows = page.getByTestId("prometheus-alerts").locator('details[data-alertname^="OrderServiceE2e"] tr').filter({ hasText: 'slo_tier="page-fast"' });
    await expect(rows.and(page.locator('tr[data-state="pending"]'))).toBeVisible({ timeout: 150_000 });
    await expect(rows.and(page.locator('tr[data-state="firing"]'))).toBeVisible({ timeout: 240_000 });
    await page.goto(sloPage);
    await expect(page.getByTestId("slo-status")).toContainText("budget left");
    await expect.poll(budgetLeft, { timeout: 60_000 }).toBeLessThan(before - 1);
  } finally {
    await fetch(`${simulator}/incidents/${incident.id}`, { method: "DELETE" });
  }
});
