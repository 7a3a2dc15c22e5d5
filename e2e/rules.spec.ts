import { expect, test } from "@playwright/test";
import { ADMIN, requireEnv, signIn } from "./helpers";

/**
 * The alert-rule journey of a new operator: import what Prometheus runs, raise the
 * HighErrorRate threshold, backtest it, save, push it and see Prometheus load it;
 * then an error burst makes it fire, and it gets silenced.
 */

test.describe.configure({ timeout: 360_000 });

test("raise HighErrorRate, backtest, push, see it fire, silence it", async ({ page }) => {
  const prometheus = requireEnv("PROMETHEUS_URL");
  const simulator = requireEnv("SIMULATOR_URL");
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "Rules", exact: true }).click();
  await expect(page.getByTestId("loaded-rules-table").locator('tr[data-rule="HighErrorRate"]')).toBeVisible();

  await page.getByRole("button", { name: "Import from Prometheus" }).click();
  await expect(page.getByRole("status")).toContainText("performance.rules.yml");
  await page.getByRole("link", { name: "performance.rules.yml" }).click();
  await expect(page.getByTestId("rule-file-name")).toHaveText("performance.rules.yml");
  const head = Number((await page.getByTestId("rule-file-head").innerText()).slice(1));

  // Raise the threshold in the YAML view; the form shows the same draft.
  await page.getByRole("tab", { name: "YAML" }).click();
  const yaml = page.getByLabel("Rule file YAML");
  const text = await yaml.inputValue();
  expect(text).toContain("# Share of requests answered with a 5xx status.");
  expect(text).toContain("> 0.01\n");
  await yaml.fill(text.replace("> 0.01\n", "> 0.05\n"));
  await page.getByRole("tab", { name: "Form" }).click();
  await page.getByRole("button", { name: /HighErrorRate/ }).click();
  await expect(page.getByTestId("rule-expr")).toContainText("> 0.05");
  await expect(page.getByTestId("rule-problems")).toContainText("0 error(s)");

  // Backtest over the last day: the order-service burst of 20 h ago (8% errors) still fires at 5%.
  await page.getByTestId("backtest").getByRole("button", { name: "last 1d" }).click();
  await expect(page.getByTestId("backtest-summary")).toContainText(/would have fired [1-9]\d* time\(s\)/);
  await expect(page.getByTestId("backtest").locator(".timeline .firing").first()).toBeAttached();

  await page.getByLabel("What changed and why").fill("raise HighErrorRate to 5%: 1% pages during deploys");
  await page.getByRole("button", { name: `Save as v${head + 1}` }).click();
  await expect(page.getByText(`Saved as v${head + 1}.`)).toBeVisible();

  await page.getByRole("button", { name: `Push v${head + 1} to Prometheus` }).click();
  const acknowledge = page.getByRole("button", { name: "I have read the warnings: push anyway" });
  const result = page.getByTestId("push-result");
  await expect(acknowledge.or(result)).toBeVisible({ timeout: 30_000 });
  if (await acknowledge.isVisible()) await acknowledge.click();
  await expect(result).toContainText("Pushed and verified", { timeout: 30_000 });
  await expect(page.getByTestId("drift")).toContainText(`Prometheus runs v${head + 1} as pushed`);
  const loaded = (await (await fetch(`${prometheus}/api/v1/rules?rule_group[]=performance.rules`)).json()) as {
    data: { groups: { rules: { name: string; query: string }[] }[] };
  };
  expect(loaded.data.groups[0]?.rules.find((r) => r.name === "HighErrorRate")?.query).toContain("> 0.05");

  // An error burst on order-service (90% of requests fail) makes it fire.
  const injected = await fetch(`${simulator}/incidents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service: "order-service", kind: "errors", duration: "6m", magnitude: 0.9 }),
  });
  expect(injected.status).toBe(201);
  const incident = (await injected.json()) as { id: string };
  try {
    await page.getByRole("link", { name: "Alerts", exact: true }).click();
    const alert = page.getByTestId("prometheus-alerts").locator('details[data-alertname="HighErrorRate"]');
    await expect(alert.locator('tr[data-state="pending"], tr[data-state="firing"]').first()).toBeVisible({ timeout: 90_000 });
    await expect(alert.locator('tr[data-state="firing"]').filter({ hasText: 'service="order-service"' })).toBeVisible({ timeout: 150_000 });

    // Silence it, with a preview of what the matchers catch.
    await alert.locator('tr[data-state="firing"]').filter({ hasText: 'service="order-service"' }).getByRole("button", { name: "Silence…" }).click();
    await expect(page.getByLabel("Matchers")).toHaveValue('alertname="HighErrorRate", service="order-service"');
    await expect(page.getByTestId("silence-preview")).toContainText(/Matches [1-9]/, { timeout: 60_000 });
    await page.getByLabel("Comment").fill("e2e: known error burst, being fixed");
    await page.getByRole("button", { name: "Silence", exact: true }).click();
    const silence = page.getByTestId("silences").locator('tr[data-state="active"]').filter({ hasText: "e2e: known error burst" });
    await expect(silence).toBeVisible();
    await expect(page.getByTestId("alertmanager-alerts").locator("tr").filter({ hasText: 'alertname="HighErrorRate"' }).filter({ hasText: "silenced" })).toBeVisible({
      timeout: 30_000,
    });
    await silence.getByRole("button", { name: "Expire" }).click();
    await expect(page.getByTestId("silences").locator('tr[data-state="expired"]').filter({ hasText: "e2e: known error burst" })).toBeVisible();
  } finally {
    await fetch(`${simulator}/incidents/${incident.id}`, { method: "DELETE" });
  }
});
