import { expect, test, type Page } from "@playwright/test";
import { ADMIN, requireEnv, signIn } from "./helpers";

/**
 * Traces against the real Jaeger (2.12) that npm test runs, fed with the simulator's
 * traces: search, open, find in trace, a 10,001-span trace, comparison, the jump from
 * an exemplar, and Jaeger hanging (its panel says so, the metric pages do not care).
 */

test.describe.configure({ timeout: 180_000 });

async function searchOrders(page: Page, operation: string) {
  const form = page.getByRole("form", { name: "Trace search" });
  // right after the stack starts, Jaeger may not have heard of every service yet
  await expect(async () => {
    await page.goto("/traces");
    await expect(form.getByLabel("Service")).toContainText("order-service", { timeout: 3000 });
  }).toPass({ timeout: 30_000 });
  await form.getByLabel("Service").selectOption("order-service");
  await expect(form.getByLabel("Operation")).toContainText(operation);
  await form.getByLabel("Operation").selectOption(operation);
  await form.getByLabel("Range").selectOption("15m");
  await form.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("trace-count")).toContainText(/\d+ traces? between/);
}

test("search traces, open one, find a service in it and read a span", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "Traces", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Traces" })).toBeVisible();
  await searchOrders(page, "POST /api/orders");
  await expect(page).toHaveURL(/service=order-service/);
  await expect(page.getByTestId("trace-scatter")).toBeVisible();
  const rows = page.getByTestId("trace-table").locator("tr[data-trace-id]");
  await expect(rows.first()).toBeVisible();
  const id = await rows.first().getAttribute("data-trace-id");
  await rows.first().getByRole("link").click();

  await expect(page).toHaveURL(new RegExp(`/traces/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("order-service: POST /api/orders");
  const waterfall = page.getByTestId("waterfall");
  await expect(waterfall.locator('[role="row"][data-span-id]').first()).toBeVisible();
  expect(Number((await page.getByTestId("trace-span-count").innerText()).replace(/\D/g, ""))).toBeGreaterThan(5);
  await expect(waterfall.locator('[role="row"][data-critical="true"]').first()).toBeAttached();

  const find = page.getByRole("searchbox", { name: "Find in trace" });
  await find.fill("payment-service");
  await find.press("Enter");
  await expect(page.getByTestId("find-count")).toHaveText(/^1 of [1-9]\d* matches?$/);
  await expect(waterfall.locator('[data-current-match="true"]')).toBeVisible();

  await waterfall.locator('[role="row"][data-depth="0"]').first().click();
  const detail = page.getByTestId("span-detail");
  await expect(detail).toBeVisible();
  await expect(detail.getByRole("table", { name: "Attributes" })).toContainText("http.method");
  await expect(detail.getByRole("table", { name: "Attributes" })).toContainText("user.id");

  await page.getByRole("tab", { name: "Spans" }).click();
  await expect(page.getByTestId("span-groups")).toContainText("payment-service");

  // downloaded as OTLP JSON, and opened again from that file
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download OTLP JSON" }).click()]);
  expect(download.suggestedFilename()).toBe(`trace-${id}.otlp.json`);
  const file = test.info().outputPath("trace.otlp.json");
  await download.saveAs(file);
  await page.goto("/traces");
  await page.getByLabel("Open a trace file").setInputFiles(file);
  const opened = page.getByTestId("trace-file");
  await expect(opened.getByRole("heading", { level: 1 })).toHaveText("order-service: POST /api/orders");
  await expect(opened.getByTestId("trace-id")).toContainText(id!);
  await page.getByLabel("Open a trace file").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"data": []}') });
  await expect(page.getByRole("region", { name: "Trace file" }).getByRole("alert")).toHaveText('notes.json: not an OTLP trace: expected "resourceSpans" (or Jaeger\'s "result.resourceSpans") at the top level');
});

test("a search by tag and duration returns only matching traces; bad input is refused where it was typed", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/traces?service=order-service&range=15m&tags=http.route%3D%2Fapi%2Forders%2Fsearch&minDuration=1ms");
  await expect(page.getByTestId("trace-count")).toContainText(/traces? between/);
  const roots = page.getByTestId("trace-table").locator("tr[data-trace-id] a");
  await expect(roots.first()).toBeVisible();
  for (const text of await roots.allInnerTexts()) expect(text).toContain("GET /api/orders/search");

  const form = page.getByRole("form", { name: "Trace search" });
  await form.getByLabel("Min duration").fill("soon");
  await form.getByRole("button", { name: "Search" }).click();
  await expect(form.locator(".field-error")).toContainText('"soon" is not a duration');
  await expect(page).toHaveURL(/minDuration=1ms/);
});

test("two traces compared span path by span path", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await searchOrders(page, "POST /api/orders");
  const rows = page.getByTestId("trace-table").locator("tr[data-trace-id]");
  await expect(rows.nth(1)).toBeVisible();
  await rows.nth(0).getByRole("checkbox").check();
  await rows.nth(1).getByRole("checkbox").check();
  await page.getByRole("link", { name: "Compare selected" }).click();
  const compare = page.getByTestId("trace-compare");
  await expect(compare).toBeVisible();
  const table = page.getByTestId("compare-table");
  await expect(table.locator("[data-path]").first()).toBeVisible();
  await expect(table).toContainText("payment-service");
  expect(await table.locator("[data-delta]").count()).toBeGreaterThan(3);
});

test("a 10,001-span batch import opens, renders only what is in view, and scrolls to its end", async ({ page }) => {
  const simulator = requireEnv("SIMULATOR_URL");
  const made = (await (await fetch(`${simulator}/traces/batch-import`, { method: "POST", body: JSON.stringify({ items: 2500 }) })).json()) as { traceId: string };
  await signIn(page, ADMIN.email, ADMIN.password);
  // Jaeger stores it within a moment of the simulator sending it
  await expect(async () => {
    await page.goto(`/traces/${made.traceId}`);
    await expect(page.getByTestId("waterfall")).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("trace-span-count")).toContainText("10,001");
  const rows = page.getByTestId("waterfall").locator('[role="row"][data-span-id]');
  const rendered = await rows.count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(200);
  const grid = page.getByRole("treegrid", { name: "Spans" });
  await grid.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(rows.last()).toHaveAttribute("data-depth", /[1-9]/);
  await page.getByRole("button", { name: "Collapse all" }).click();
  await expect(rows).toHaveCount(1);
});

test("an exemplar on order-service's latency panel opens its trace in the console", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/services/order-service?range=15m");
  const points = page.getByTestId("panel-response-time-p95").locator(".recharts-scatter-symbol");
  await expect(points.first()).toBeAttached();
  await points.last().dispatchEvent("click");
  const dialog = page.getByRole("dialog", { name: "Exemplar" });
  const id = ((await dialog.getByRole("heading").innerText()).match(/[0-9a-f]{32}/) ?? [""])[0];
  await dialog.getByRole("link", { name: "Open trace" }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^order-service: /);
  await expect(page.getByTestId("trace-id")).toContainText(id);
});

test("the dashboard and the overview link to the service's traces slower than its p95", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("services-table").locator('tr[data-service="order-service"]').getByTestId("slow-traces")).toHaveAttribute("href", /\/traces\?.*service=order-service/);
  await page.goto("/services/order-service?range=15m");
  const link = page.getByTestId("slow-traces");
  await expect(link).toHaveText(/^Traces slower than p95 \(\d+ ms\)$/);
  const ms = Number((await link.innerText()).match(/(\d+) ms/)![1]);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/traces\\?range=15m&service=order-service&minDuration=${ms}ms$`));
  await expect(page.getByTestId("trace-count")).toContainText(/traces? between/);
  const durations = await page.getByTestId("trace-table").locator("td[data-duration-us]").evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-duration-us"))));
  expect(durations.length).toBeGreaterThan(0);
  for (const us of durations) expect(us).toBeGreaterThanOrEqual(ms * 1000);
});

test("the service map draws the calls Jaeger saw, coloured by Prometheus's numbers, and opens a service's dashboard", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "Service map" }).click();
  const map = page.getByTestId("service-map");
  for (const edge of ["order-service→payment-service", "order-service→inventory-service", "order-service→user-service"]) {
    await expect(map.locator(`[data-edge="${edge}"]`)).toContainText(/\d/);
  }
  const order = map.locator('[data-service="order-service"] a');
  await expect(order).toHaveAttribute("aria-label", /^order-service: (healthy|at risk|breaching), p95 [\d.]+ ?m?s, errors /);
  await expect(page.getByTestId("service-map-table")).toContainText("payment-service");
  await order.click();
  await expect(page.getByTestId("dashboard-service")).toHaveText("order-service");
});

test("a trace id Jaeger does not have says so", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/traces/00000000000000000000000000c0ffee");
  await expect(page.getByTestId("trace-error").getByRole("alert")).toContainText("Trace 00000000000000000000000000c0ffee does not exist in Jaeger");
  await expect(page.getByRole("link", { name: "Back to trace search" })).toBeVisible();
});

test("Jaeger hanging fails the trace search where it is, not the metric pages, and Retry recovers", async ({ page }) => {
  const pid = Number(requireEnv("JAEGER_PID"));
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/traces?service=order-service&range=5m");
  await expect(page.getByTestId("trace-count")).toBeVisible();
  process.kill(pid, "SIGSTOP");
  try {
    await page.goto("/traces?service=order-service&range=15m&limit=7");
    const results = page.getByTestId("trace-results");
    await expect(results.getByRole("alert")).toContainText(/jaeger did not answer within \d+s/, { timeout: 30_000 });
    await expect(page.getByRole("form", { name: "Trace search" }).getByRole("button", { name: "Search" })).toBeEnabled();
    // the service dashboard does not wait on Jaeger
    await page.goto("/services/order-service?range=1h");
    await expect(page.getByTestId("panel-request-rate").locator(".recharts-line-curve, svg[data-static-chart] path").first()).toBeAttached();
    await page.goBack();
    await expect(results.getByRole("alert")).toBeVisible({ timeout: 30_000 });
  } finally {
    process.kill(pid, "SIGCONT");
  }
  // Jaeger answers again: Retry (unless a retry already under way got there first) brings the results
  const retry = page.getByTestId("trace-results").getByRole("button", { name: "Retry" });
  await expect(async () => {
    if ((await retry.count()) > 0 && (await retry.isEnabled({ timeout: 500 }).catch(() => false))) await retry.click({ timeout: 1000 });
    await expect(page.getByTestId("trace-count")).toContainText(/traces? between/, { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  // and the service list that failed with it is back
  await expect(page.getByText(/Services could not be listed/)).toHaveCount(0, { timeout: 15_000 });
});
