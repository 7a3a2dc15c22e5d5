import { chromium, type Browser, type Page } from "@playwright/test";

/** The benchmarks' browser: Debian's Chromium, headless, with what adds noise turned off (as playwright.config.ts). */
export function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Signs the page in through the form, as a user would. */
export async function signIn(page: Page, base: string, admin: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").waitFor();
}
