import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { periodContaining, previousPeriod } from "../lib/reviews/period";
import { ADMIN, requireEnv, signIn, signOut, createUserAsAdmin } from "./helpers";

/**
 * The weekly performance review, held in the browser: an editor holds the review of
 * the week before the simulator's order-service error burst and raises an action item
 * there, then holds the burst's week: p95 against 200 ms, the burst as an incident
 * with its duration, the action item carried over; adds a decision; walks through it
 * in meeting mode; exports it as PDF, whose pages (turned into images and text here
 * with poppler) show the same figures and the charts. A viewer is refused the audit log.
 */

test.describe.configure({ mode: "serial", timeout: 240_000 });

const HISTORY_END = Number(requireEnv("HISTORY_END"));
/** the simulator's order-service error burst, 20 h before the history's end (scripts/simulator/catalog.ts) */
const burst = HISTORY_END - 20 * 3600;
/** the week holding most of the burst's alert (pending at +1 min, firing until about +29 min) */
const week = periodContaining("week", burst + 15 * 60);
/** the alert lies wholly inside that week unless the history ended on a Monday between 19:28 and 20:00 UTC */
const wholeAlert = week.start <= burst && burst + 32 * 60 <= week.end;
const weekBefore = previousPeriod(week);
const item = `Find why order search is slow ${Date.now().toString(36)}`;

async function holdReview(page: Page, label: string): Promise<void> {
  await page.goto("/reviews");
  const form = page.getByRole("form", { name: "hold a review" });
  await form.getByLabel("kind").selectOption("weekly");
  await form.getByLabel("period").fill(label);
  await form.getByLabel("order-service").check();
  await form.getByRole("button", { name: "Hold review" }).click();
  await expect(page).toHaveURL(/\/reviews\/[a-z0-9]+$/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Weekly performance review ${label} · order-service`);
}

test("hold two weekly reviews: incidents, p95 against 200 ms, action items carried over, meeting mode and PDF", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);

  await holdReview(page, weekBefore.label);
  await page.getByLabel("action item").fill(item);
  await page.getByLabel("owner").fill("sre-team");
  await page.getByLabel("due date").fill("2027-01-15");
  await page.getByRole("button", { name: "Add action item" }).click();
  await expect(page.getByTestId("action-items").locator("tr", { hasText: item })).toContainText("open");

  await holdReview(page, week.label);
  const levels = page.getByTestId("figures-order-service-service-levels");
  const p95 = levels.locator('tr[data-figure="p95"]');
  await expect(p95).toContainText(/ms/);
  await expect(p95).toContainText("load-test threshold p95 < 200 ms");
  await expect(p95).toContainText("roadmap: sub-100 ms p95");
  const p95Text = (await p95.locator("td").nth(1).innerText()).trim();
  // the burst: HighErrorRate for about half an hour
  const incident = page.getByTestId("incident-table").locator("tr", { hasText: "HighErrorRate" });
  await expect(incident).toHaveCount(1);
  await expect(incident).toContainText("order-service");
  await expect(incident.locator("td").nth(4)).toHaveText(wholeAlert ? /^(2[5-9]|30) min$/ : /^\d+ min/);
  const firing = (await incident.locator("td").nth(4).innerText()).trim();
  // charts are drawn
  await expect(page.getByTestId("chart-p95").locator("svg path")).not.toHaveCount(0);
  // the action item of the week before, carried over
  const carried = page.getByTestId("action-items").locator("tr", { hasText: item });
  await expect(carried).toContainText("carried over");
  await expect(carried).toContainText("sre-team");
  await page.getByLabel("decision").fill("Keep the HPA; revisit after the search index change");
  await page.getByRole("button", { name: "Add decision" }).click();
  await expect(page.getByTestId("decision-list")).toContainText("Keep the HPA");

  // meeting mode: one section per page, keyboard navigation
  await page.getByRole("button", { name: "Meeting mode" }).click();
  const meeting = page.getByTestId("meeting-mode");
  await expect(meeting).toBeVisible();
  await expect(page.getByTestId("meeting-page")).toHaveText("1 / 8");
  await expect(meeting.getByRole("heading", { level: 2 })).toHaveText("Service levels");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(meeting.getByRole("heading", { level: 2 })).toHaveText("Incidents");
  await expect(meeting.locator(".meeting-body")).toContainText("HighErrorRate");
  await page.keyboard.press("End");
  await expect(page.getByTestId("meeting-page")).toHaveText("8 / 8");
  await expect(meeting).toContainText(item);
  await page.keyboard.press("Escape");
  await expect(meeting).toHaveCount(0);

  // PDF: rendered on the server by Chromium, with the same figures and the charts
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "PDF" }).click();
  const dir = mkdtempSync(path.join(tmpdir(), "review-pdf-"));
  const file = path.join(dir, "review.pdf");
  await (await download).saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  expect(text).toContain(`Weekly performance review ${week.label}`);
  expect(text).toContain(p95Text);
  expect(text).toContain("HighErrorRate");
  expect(text).toContain(firing);
  expect(text).toContain(item);
  expect(text).toContain("Keep the HPA");
  // the pages as images: several pages (one per section), and the charts' coloured lines on the first
  execFileSync("pdftoppm", ["-r", "72", file, path.join(dir, "page")]);
  const pages = readdirSync(dir).filter((f) => f.endsWith(".ppm")).sort();
  expect(pages.length).toBeGreaterThanOrEqual(4);
  // the first page holds the service levels and their three charts (p95 with its 200 ms line, errors, requests)
  expect(colouredPixels(readFileSync(path.join(dir, pages[0]!)))).toBeGreaterThan(300);
});

/** Pixels of a binary PPM (P6) that are clearly coloured (chart lines), not grey or white text and rules. */
function colouredPixels(ppm: Buffer): number {
  const header = ppm.toString("latin1", 0, 50).match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!header) throw new Error("not a binary PPM");
  const data = ppm.subarray(header[0].length);
  let n = 0;
  for (let i = 0; i + 2 < data.length; i += 3) {
    const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 80) n++;
  }
  return n;
}

test("the audit log: editors and admins see who changed what; a viewer is refused", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("link", { name: "Audit" }).click();
  const table = page.getByTestId("audit-table");
  await expect(table.locator("tr", { hasText: "review.create" }).first()).toBeVisible();
  // sign-ins are kept, but are not changes: shown only when asked for
  await expect(table.locator("tr", { hasText: "session.sign_in" })).toHaveCount(0);
  await page.getByLabel("sign-ins too").check();
  await expect(table.locator("tr", { hasText: "session.sign_in" }).first()).toBeVisible();
  await page.getByLabel("sign-ins too").uncheck();
  await page.getByLabel("action").fill("review.action_item");
  await expect(table.locator("tbody tr").first()).toContainText("review.action_item");
  await table.locator("tbody tr").first().getByRole("button", { name: "Before/after" }).click();
  await expect(table).toContainText(item);

  const viewer = { email: `audit-viewer-${Date.now()}@example.com`, password: "viewer-password-1" };
  await createUserAsAdmin(page, { ...viewer, name: "Vera Viewer", role: "VIEWER" });
  await signOut(page);
  await signIn(page, viewer.email, viewer.password);
  await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByRole("alert").filter({ hasText: "The audit log is for editors and admins" })).toBeVisible();
  await expect(page.getByTestId("audit-table")).toHaveCount(0);
  // and the review pages stay readable, without the editing forms
  await page.goto("/reviews");
  await expect(page.getByRole("form", { name: "hold a review" })).toHaveCount(0);
});
