import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { expect, test } from "@playwright/test";
import { seedReferenceRoadmap } from "@/lib/roadmap/reference";
import { ADMIN, parseCell, requireEnv, signIn } from "./helpers";

/**
 * The roadmap in the browser: the reference roadmap (seeded as the demo seeds it) by
 * quarter, "sub-100 ms p95" for order-service evaluated live as missed with its
 * history; an editor's bad PromQL is refused at its field, a template target is saved
 * and evaluated, and the item deleted again.
 */

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: requireEnv("DATABASE_URL") }) });
  try {
    await seedReferenceRoadmap(db);
  } finally {
    await db.$disconnect();
  }
});

test("the reference roadmap, with sub-100 ms p95 missed for order-service and its history", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "Roadmap", exact: true }).click();
  await expect(page).toHaveURL(/\/roadmap$/);
  for (const q of ["Q1 2026", "Q2 2026", "Q3 2026"]) await expect(page.getByRole("heading", { name: q })).toBeVisible({ timeout: 30_000 });
  const q1 = page.locator('[data-testid="roadmap-quarter"][data-quarter="2026-Q1"]');
  await expect(q1.getByTestId("roadmap-item")).toHaveCount(4);
  await expect(q1.getByTestId("item-status").first()).toHaveText("done");
  for (const title of ["Comprehensive caching strategy", "CDN for static assets", "Predictive scaling", "Mobile performance"]) {
    await expect(page.locator(`[data-testid="roadmap-item"][data-title="${title}"]`)).toBeVisible();
  }

  const sub100 = page.locator('[data-testid="roadmap-item"][data-title="Sub-100 ms P95 response times"]');
  await expect(sub100.getByTestId("item-status")).toHaveText("planned");
  await expect(sub100.getByTestId("target-cell")).toContainText("order-service p95 < 100 ms over 7d");
  await expect(sub100.getByTestId("target-status")).toHaveText("missed");
  expect(parseCell(await sub100.getByTestId("target-live").innerText())).toBeGreaterThan(0.1);
  const sparkline = sub100.getByTestId("roadmap-sparkline");
  await expect(sparkline).toBeVisible();
  await expect(sparkline.locator("path").first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
  await expect(sparkline.locator("line[data-threshold]")).toHaveCount(1);
  await expect(sub100.getByTestId("last-met")).toHaveText(/^(not in the last 30 days|\d{4}-\d\d-\d\d \d\d:\d\d UTC)$/);
  await expect(sub100.getByRole("link", { name: "order-service" })).toHaveAttribute("href", "/services/order-service");
});

test("an editor's bad PromQL is refused at its field; a template target is saved, evaluated and deleted", async ({ page }) => {
  const title = `e2e roadmap ${Date.now().toString(36)}`;
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/roadmap");
  await page.getByRole("button", { name: "New item" }).click();
  const form = page.getByTestId("roadmap-form");
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Quarter").fill("2026-Q4");
  await form.getByLabel("Services").fill("catalog-service");
  await form.getByLabel("Description").fill("<script>alert(1)</script>");
  await form.getByRole("radio", { name: "PromQL" }).check();
  await form.getByLabel("PromQL expression").fill("sum(rate(http_requests_total[5m])");
  await form.getByRole("button", { name: "Create" }).click();
  await expect(form.getByTestId("field-error")).toHaveText("parse error at line 1, column 34: unexpected end of input");

  await form.getByRole("radio", { name: "from a template" }).check();
  await form.getByLabel("Target service").fill("catalog-service");
  await form.getByLabel("Threshold").fill("250");
  await form.getByRole("button", { name: "Create" }).click();
  await expect(form).toHaveCount(0);

  const row = page.locator(`[data-testid="roadmap-item"][data-title="${title}"]`);
  await expect(row).toContainText("<script>alert(1)</script>");
  await expect(row.getByTestId("target-cell")).toContainText("catalog-service p95 < 250 ms over 7d");
  await expect(row.getByTestId("target-status")).toHaveText(/^(met|at risk)$/);
  await row.getByRole("button", { name: "Delete" }).click();
  await row.getByRole("button", { name: "Yes" }).click();
  await expect(row).toHaveCount(0);
});
