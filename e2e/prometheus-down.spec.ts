import { expect, test } from "@playwright/test";
import { ADMIN, requireEnv, signIn } from "./helpers";

/** A console whose PROMETHEUS_URL points at a closed port (started by npm test). */
const base = () => requireEnv("BROKEN_PROMETHEUS_BASE_URL");

test("a wrong PROMETHEUS_URL shows on the affected panels, and the rest keeps working", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password, base());
  for (const id of ["panel-services", "panel-rate", "panel-error-ratio", "panel-p95"]) {
    const panel = page.getByTestId(id);
    await expect(panel.getByRole("alert")).toContainText(/prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    await expect(panel.getByRole("button", { name: "Retry" })).toBeVisible();
  }
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByTestId("users-table")).toBeVisible();
});

test("/api/health tells a stranger the status only, and a signed-in user which backend is down", async ({ page, request }) => {
  const anonymous = await request.get(`${base()}/api/health`);
  expect(anonymous.status()).toBe(503);
  expect(await anonymous.json()).toEqual({ status: "degraded" });
  await signIn(page, ADMIN.email, ADMIN.password, base());
  const res = await page.request.get(`${base()}/api/health`);
  expect(res.status()).toBe(503);
  const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean; error?: string; detail?: string }> };
  expect(body.status).toBe("degraded");
  expect(body.checks.prometheus?.ok).toBe(false);
  expect(body.checks.prometheus?.error).toMatch(/is unreachable/);
  expect(body.checks.database?.ok).toBe(true);
  expect(body.checks.alertmanager?.ok).toBe(true);
  expect(body.checks.alertmanager?.detail).toMatch(/^Alertmanager \d/);
  // the server's Chromium, which the PDF export drives
  expect(body.checks.pdf).toMatchObject({ ok: true, detail: expect.stringMatching(/^Chromium at \//) });
});

test("the healthy console reports ok and exposes its own metrics", async ({ page, request }) => {
  // the overview (signing in lands there) runs the action measured below, whichever specs ran before
  await signIn(page, ADMIN.email, ADMIN.password);
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  // every page refuses to be framed and to load foreign scripts
  const login = await request.get("/login");
  expect(login.headers()["x-frame-options"]).toBe("DENY");
  expect(login.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const metrics = await request.get("/api/metrics");
  expect(metrics.headers()["content-type"]).toContain("text/plain");
  const text = await metrics.text();
  expect(text).toContain("# TYPE perfops_upstream_request_duration_seconds histogram");
  expect(text).toMatch(/perfops_upstream_request_duration_seconds_count\{backend="prometheus",endpoint="buildinfo",outcome="ok"\} [1-9]/);
  await expect.poll(async () => (await request.get("/api/metrics")).text()).toMatch(/perfops_action_duration_seconds_count\{action="overview.load",outcome="ok"\} [1-9]/);
});
