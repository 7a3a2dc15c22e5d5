import { expect, test } from "@playwright/test";
import { ADMIN, signIn, signOut, createUserAsAdmin } from "./helpers";

test("an admin creates a viewer, and the viewer cannot reach the admin page", async ({ page }) => {
  const viewer = { email: `viewer-${Date.now()}@example.com`, password: "viewer-password-1" };
  await signIn(page, ADMIN.email, ADMIN.password);
  await createUserAsAdmin(page, { ...viewer, name: "Vera Viewer", role: "VIEWER" });
  const row = page.locator(`tr[data-email="${viewer.email}"]`);
  await expect(row).toContainText("Vera Viewer");
  // the new password is typed into a masked field in the row (not a browser prompt), and too short is not sent
  await row.getByRole("button", { name: "Reset password" }).click();
  const reset = row.getByRole("form", { name: `New password for ${viewer.email} (at least 10 characters)` });
  await expect(reset.getByLabel(/New password/)).toHaveAttribute("type", "password");
  await reset.getByLabel(/New password/).fill("short");
  await expect(reset.getByRole("button", { name: "Set password" })).toBeDisabled();
  viewer.password = "viewer-password-2";
  await reset.getByLabel(/New password/).fill(viewer.password);
  await reset.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("status")).toHaveText(`Password of ${viewer.email} reset.`);
  await signOut(page);

  await signIn(page, viewer.email, viewer.password);
  await expect(page.getByTestId("current-user")).toContainText("Viewer");
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  await expect(page.getByTestId("users-table")).toHaveCount(0);
});

test("a wrong password is refused without saying which part was wrong", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(
    "Wrong email or password, or the account is disabled.",
  );
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("repeated failures lock the email for a while, and the form says so", async ({ page }) => {
  // an email of its own, so that no other test's account is locked
  const email = `locked-${Date.now().toString(36)}@example.com`;
  await page.goto("/login");
  const alert = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`guess ${i}`);
    // each attempt's answer is awaited, so that every one of them reaches the server
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
    await expect(alert).toHaveText("Wrong email or password, or the account is disabled.");
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("guess 5");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText("Too many failed sign-ins for this email; try again in 5 minutes.");
});

test("a shared link survives signing in", async ({ page }) => {
  await page.goto("/?range=7d");
  await expect(page).toHaveURL(/\/login\?next=%2F%3Frange%3D7d$/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/\?range=7d$/);
  await expect(page.getByRole("button", { name: "7d", exact: true })).toHaveAttribute("aria-pressed", "true");
});
