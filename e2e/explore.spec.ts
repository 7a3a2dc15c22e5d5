import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

test("explore: completion through the console, errors while typing, graph, table and history", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "Explore" }).click();
  const editor = page.getByTestId("promql-editor").locator(".cm-content");
  await editor.click();

  // metric names come from Prometheus through /api/prometheus (server-side credentials)
  const proxied = page.waitForResponse((r) => r.url().includes("/api/prometheus/api/v1/") && r.status() === 200);
  await page.keyboard.type("http_requests_tot");
  await proxied;
  await expect(page.locator(".cm-tooltip-autocomplete")).toContainText("http_requests_total");
  await page.keyboard.press("Escape");

  // syntax and type errors are marked while typing (a range or, at the end, a point)
  const errors = page.locator(".cm-lintRange-error, .cm-lintPoint-error");
  const replaceWith = async (text: string) => {
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(text);
  };
  await replaceWith("sum(rate(http_requests_total[5m]) by (service)");
  await expect(errors.first()).toBeAttached({ timeout: 10_000 });
  await replaceWith("rate(http_requests_total)"); // type error: rate() needs a range vector
  await expect(errors.first()).toBeAttached({ timeout: 10_000 });
  await replaceWith("sum(rate(http_requests_total[5m])) by (service)");
  await expect(errors).toHaveCount(0, { timeout: 10_000 });
  await expect(editor).toHaveText("sum(rate(http_requests_total[5m])) by (service)");

  await page.keyboard.press("Shift+Enter");
  await expect(page.getByTestId("explore-result").locator(".recharts-line")).toHaveCount(5);

  await page.getByRole("button", { name: "Table" }).click();
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByTestId("explore-table").locator("tbody tr")).toHaveCount(5);
  await expect(page.getByTestId("explore-table")).toContainText('{service="order-service"}');
  await expect(page.getByTestId("explore-history")).toContainText("by (service)");
});

test("explore: Prometheus's own error is shown for a query it rejects", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/explore");
  await page.getByTestId("promql-editor").locator(".cm-content").click();
  await page.keyboard.type('rate(http_requests_total{service="x"}[5m]) + on(foo) group_left');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByTestId("explore-result").getByRole("alert")).toContainText("prometheus: bad_data");
});

test("the completion proxy refuses anonymous callers and non-read endpoints", async ({ request, page }) => {
  const anon = await request.get("/api/prometheus/api/v1/labels");
  expect(anon.status()).toBe(401);
  await signIn(page, ADMIN.email, ADMIN.password);
  const admin = await page.request.post("/api/prometheus/api/v1/admin/tsdb/delete_series", { form: { "match[]": "up" } });
  expect(admin.status()).toBe(403);
  const labels = await page.request.get("/api/prometheus/api/v1/label/service/values");
  expect(labels.status()).toBe(200);
  expect(((await labels.json()) as { data: string[] }).data).toContain("order-service");
});
