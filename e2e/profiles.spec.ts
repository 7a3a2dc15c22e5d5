import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { ADMIN, requireEnv, signIn, signOut, createUserAsAdmin } from "./helpers";
import { applyAsOtherManager, liveOrderHpa } from "./kube";

/**
 * Scaling profiles in the browser, against the stack's real kube-apiserver 1.35 and a
 * bare Git repository: an editor changes order-service's HPA behavior in the form, sees
 * the YAML change, replays it on history, pushes it to Kubernetes (dry run, diff, apply,
 * verified) and commits it to Git; a field another manager owns is shown with its
 * owner and taken only with force; a 422 lands on its form field; a viewer can read but
 * not change.
 */

test.describe.configure({ mode: "serial", timeout: 180_000 });

const HPA_PATH = "/profiles/shop/HorizontalPodAutoscaler/order-service";

/** From order-service's dashboard: its replicas panel links to the workload's scaling profiles. */
async function openOrderHpa(page: Page) {
  await page.goto("/services/order-service");
  await page.getByTestId("panel-replicas-profile").click();
  await expect(page).toHaveURL(/\/profiles\?workload=order-service$/);
  const row = page.getByTestId("profiles-list").locator("tr", { hasText: "HPA" }).filter({ hasText: "order-service" });
  await expect(row).toContainText(/\d+ → \d+/); // current → desired replicas
  await row.getByRole("link", { name: "order-service", exact: true }).click();
  await expect(page.getByTestId("profile-name")).toHaveText("HPA shop/order-service");
  // the status the stack's stand-in HPA controller writes (scripts/stack/autoscaling-sync.ts)
  const state = page.getByTestId("profile-state");
  await expect(state).toContainText("from the HPA's status");
  await expect(state).toContainText("ScalingActive True: ValidMetricFound");
  // each metric as the controller read it (status.currentMetrics)
  await expect(state.getByTestId("metric-from")).toHaveText(["the HPA's status", "the HPA's status", "the HPA's status"]);
  await expect(state.locator("tr", { hasText: "cpu utilization" })).toContainText(/\d+ %/);
}

test("edit the HPA's behavior, replay 7 days, push it to Kubernetes and commit it to Git", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await openOrderHpa(page);
  await page.getByRole("button", { name: "Edit this profile (keep its versions in the console)" }).click();
  await expect(page.getByTestId("profile-head")).toHaveText("v1");

  // the form: scale down more slowly; the YAML view holds the same draft
  const window = page.getByLabel("Scale down stabilization window (s)");
  await expect(window).toHaveValue("300");
  await window.fill("900");
  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByLabel("Profile YAML")).toHaveValue(/scaleDown:\n\s+stabilizationWindowSeconds: 900\n/);
  await page.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByTestId("profile-problems")).toContainText("The API server would accept this");

  // the replay: holding pods 15 minutes after each dip costs more pod-hours than the current profile
  await page.getByRole("button", { name: "Replay 7d" }).click();
  const podHours = page.getByTestId("replay-pod-hours");
  await expect(podHours).toBeVisible({ timeout: 60_000 });
  const [current, edited] = (await podHours.locator("td.num").allInnerTexts()).map(Number);
  expect(current).toBeGreaterThan(0);
  expect(edited).toBeGreaterThanOrEqual(current!);

  await page.getByLabel("What changed and why").fill("scale down after 15 minutes of low demand, not 5");
  await page.getByRole("button", { name: "Save as v2" }).click();
  await expect(page.getByTestId("profile-head")).toHaveText("v2");

  // Kubernetes: dry run and diff first, nothing applied yet
  await page.getByRole("button", { name: "Dry run v2 on Kubernetes" }).click();
  const preview = page.getByTestId("push-preview");
  await expect(preview.getByTestId("diff")).toContainText("stabilizationWindowSeconds: 900");
  expect((await liveOrderHpa()).behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
  await preview.getByRole("button", { name: "Apply v2" }).click();
  await expect(page.getByTestId("push-result")).toContainText("Pushed and verified");
  await expect(page.getByTestId("push-result")).toContainText("verify: read back");
  expect((await liveOrderHpa()).behavior.scaleDown.stabilizationWindowSeconds).toBe(900);

  // Git: a commit in the repository, with the editor as author
  await page.getByRole("button", { name: "Commit v2 to Git (main)" }).click();
  await expect(page.getByTestId("push-result")).toContainText("committed shop/horizontalpodautoscaler/order-service.yaml to main");
  const remote = requireEnv("GITOPS_REMOTE");
  expect(execFileSync("git", ["--git-dir", remote, "show", "main:shop/horizontalpodautoscaler/order-service.yaml"], { encoding: "utf8" })).toContain("stabilizationWindowSeconds: 900");
  expect(execFileSync("git", ["--git-dir", remote, "log", "-1", "--format=%ae", "main"], { encoding: "utf8" }).trim()).toBe(ADMIN.email);
  await page.getByRole("tab", { name: /Pushes \(2\)/ }).click();
  await expect(page.getByTestId("push-history")).toContainText("Kubernetes");
});

test("a field another manager owns is shown with its owner and taken only with force", async ({ page }) => {
  await applyAsOtherManager("hpa-tuner", 22);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(HPA_PATH);
  await page.getByLabel("Max replicas").fill("25");
  await page.getByLabel("What changed and why").fill("room for the sale");
  await page.getByRole("button", { name: "Save as v3" }).click();
  await page.getByRole("button", { name: "Dry run v3 on Kubernetes" }).click();
  const conflicts = page.getByTestId("push-conflicts");
  await expect(conflicts).toContainText(".spec.maxReplicas is managed by hpa-tuner");
  expect((await liveOrderHpa()).maxReplicas).toBe(22);
  await conflicts.getByLabel(/Take these fields from hpa-tuner \(force\)/).check();
  await conflicts.getByRole("button", { name: "Dry run again with force" }).click();
  await page.getByTestId("push-preview").getByRole("button", { name: "Apply v3 (force)" }).click();
  await expect(page.getByTestId("push-result")).toContainText("Pushed and verified");
  expect((await liveOrderHpa()).maxReplicas).toBe(25);
});

test("a version the API server refuses (422) marks the form field it names", async ({ page }) => {
  // a version kept from before the console checked it: written to the database directly
  const db = new pg.Client({ connectionString: requireEnv("DATABASE_URL") });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; head: number; content: string }>(
      `SELECT d.id, d.head, v.content FROM "Document" d JOIN "DocumentVersion" v ON v."documentId" = d.id AND v.version = d.head WHERE d.kind = 'profile' AND d.name = 'shop/HorizontalPodAutoscaler/order-service'`,
    );
    const doc = rows[0]!;
    await db.query(`INSERT INTO "DocumentVersion" (id, "documentId", version, content, sha256, message, "authorEmail") VALUES ($1, $2, $3, $4, 'x', 'imported from an old console', 'old@example.com')`, [
      `e2e-${Date.now()}`,
      doc.id,
      doc.head + 1,
      doc.content.replace(/minReplicas: \d+/, "minReplicas: 0"),
    ]);
    await db.query(`UPDATE "Document" SET head = head + 1 WHERE id = $1`, [doc.id]);
  } finally {
    await db.end();
  }
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(HPA_PATH);
  await page.getByRole("button", { name: "Dry run v4 on Kubernetes" }).click();
  await expect(page.getByTestId("push-refused")).toContainText("spec.minReplicas: Invalid value: 0: must be greater than or equal to 1");
  const field = page.getByTestId("field-problem").filter({ hasText: "the API server refused it" });
  await expect(field.first()).toHaveAttribute("data-path", "spec.minReplicas");
  await expect(page.getByLabel("Min replicas")).toHaveAttribute("aria-invalid", "true");
});

test("a viewer reads and replays a profile but cannot change it", async ({ page }) => {
  const viewer = { email: `profile-viewer-${Date.now()}@example.com`, password: "viewer-password-1" };
  await signIn(page, ADMIN.email, ADMIN.password);
  await createUserAsAdmin(page, { ...viewer, name: "Vic Viewer", role: "VIEWER" });
  await signOut(page);
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/profiles/shop/VerticalPodAutoscaler/catalog-service");
  await expect(page.getByTestId("profile-state")).toContainText("Update mode Auto");
  await expect(page.getByText("saving and pushing need the editor role")).toBeVisible();
  await expect(page.getByRole("button", { name: /Edit this profile/ })).toHaveCount(0);
  await expect(page.getByTestId("profile-push")).toHaveCount(0);
  await expect(page.getByLabel("Update mode")).toBeDisabled();
  await page.getByRole("button", { name: "Replay 7d" }).click();
  await expect(page.getByTestId("replay-result")).toContainText("cpu");
  // the workload's replicas, CPU and memory panels, as on its dashboard
  const dash = page.getByTestId("profile-dashboard");
  await expect(dash.getByTestId("panel-memory")).toBeVisible();
  await expect(dash.locator("[data-panels-drawn]")).toHaveAttribute("data-panels-drawn", "3");
});
