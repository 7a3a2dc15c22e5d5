import { expect, type Page } from "@playwright/test";

export const ADMIN = {
  email: process.env.INITIAL_ADMIN_EMAIL ?? "admin@example.com",
  password: process.env.INITIAL_ADMIN_PASSWORD ?? "",
};

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the end-to-end tests through \`npm test\``);
  return v;
}

export async function signIn(page: Page, email: string, password: string, base = "") {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

/** "77.5 req/s" → 77.5; "471.7 ms" → 0.4717 (s); "0.082%" → 0.00082 */
export function parseCell(text: string): number {
  const t = text.trim();
  const n = Number.parseFloat(t.replace(/[^\d.]/g, ""));
  if (t.endsWith("k req/s")) return n * 1000;
  if (t.endsWith("ms")) return n / 1000;
  if (t.endsWith("µs")) return n / 1e6;
  if (t.endsWith("%")) return n / 100;
  return n;
}

/** An admin (signed in on `page`) creates a user on the Users page. */
export async function createUserAsAdmin(page: Page, user: { email: string; name: string; password: string; role: "VIEWER" | "EDITOR" | "ADMIN" }) {
  await page.getByRole("link", { name: "Users" }).click();
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Name").fill(user.name);
  await form.getByLabel("Password").fill(user.password);
  await form.getByLabel("Role").selectOption(user.role);
  await form.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("status")).toHaveText(`Created ${user.email}.`);
}
