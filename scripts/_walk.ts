import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.BASE ?? "http://127.0.0.1:3300";
const out = (k: string, v: unknown) => console.log(`${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
const page = await ctx.newPage();
page.setDefaultTimeout(90_000);
async function signIn(email: string, password: string) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").waitFor();
}
await signIn("admin@example.com", "perfops-demo");
const editor = { email: `editor-${Date.now()}@example.com`, password: "editor-password-1" };
await page.getByRole("link", { name: "Users" }).click();
const form = page.getByRole("form", { name: "New user" });
await form.getByLabel("Email").fill(editor.email);
await form.getByLabel("Name").fill("Eddie Editor");
await form.getByLabel("Password").fill(editor.password);
await form.getByLabel("Role").selectOption("EDITOR");
await form.getByRole("button", { name: "Create" }).click();
await page.getByRole("status").waitFor();
await page.getByRole("button", { name: "Sign out" }).click();
await signIn(editor.email, editor.password);

async function hold(label: string) {
  await page.goto(`${BASE}/reviews`);
  const f = page.getByRole("form", { name: "hold a review" });
  await f.getByLabel("period").fill(label);
  await f.getByLabel("order-service").check();
  const t0 = Date.now();
  await f.getByRole("button", { name: "Hold review" }).click();
  await page.waitForURL(/\/reviews\/[a-z0-9]+$/);
  await page.getByTestId("figures-order-service-service-levels").waitFor();
  out(`held ${label} in ms`, Date.now() - t0);
}
const lastWeek = await (async () => { await page.goto(`${BASE}/reviews`); return page.getByRole("form", { name: "hold a review" }).getByLabel("period").inputValue(); })();
out("last week", lastWeek);
await hold(lastWeek);
const lastWeekUrl = page.url();
for (const row of await page.getByTestId("figures-order-service-service-levels").locator("tbody tr").all()) out("figure", (await row.locator("td").allInnerTexts()).slice(0, 5).join(" | "));
for (const row of await page.getByTestId("incident-table").locator("tbody tr").all()) out("incident", (await row.locator("td").allInnerTexts()).join(" | "));
for (const row of await page.getByTestId("slo-table").locator("tbody tr").all()) out("slo", (await row.locator("td").allInnerTexts()).join(" | "));
const endpoints = page.getByTestId("table-order-service-endpoint-p95");
for (const row of await endpoints.locator("tbody tr").all()) out("endpoint", (await row.locator("td").allInnerTexts()).join(" | "));
out("changes", await page.getByTestId("change-table").locator("tbody tr").count());
await page.getByLabel("decision").fill("Keep the HPA; look at order search first");
await page.getByRole("button", { name: "Add decision" }).click();
await page.getByTestId("decision-list").getByText("Keep the HPA").waitFor();
await page.getByLabel("action item").fill("Add an index for order search");
await page.getByLabel("owner").fill("orders-team");
await page.getByLabel("due date").fill("2026-12-18");
await page.getByRole("button", { name: "Add action item" }).click();
await page.getByTestId("action-items").getByText("Add an index for order search").waitFor();
await page.screenshot({ path: "/tmp/walk/review.png", fullPage: false });
// meeting mode
await page.getByRole("button", { name: "Meeting mode" }).click();
await page.keyboard.press("ArrowRight");
await page.keyboard.press("ArrowRight");
await page.screenshot({ path: "/tmp/walk/meeting.png" });
await page.keyboard.press("Escape");
// PDF
const dl = page.waitForEvent("download");
const t0 = Date.now();
await page.getByRole("link", { name: "PDF" }).click();
await (await dl).saveAs("/tmp/walk/review.pdf");
out("pdf ms", Date.now() - t0);
const text = execFileSync("pdftotext", ["-layout", "/tmp/walk/review.pdf", "-"], { encoding: "utf8" });
writeFileSync("/tmp/walk/review.txt", text);
execFileSync("pdftoppm", ["-r", "60", "-png", "/tmp/walk/review.pdf", "/tmp/walk/page"]);
// a push this week, then this week's review: the item carried over, the change listed
await page.goto(`${BASE}/alerts`);
out("this week", "next");
const thisWeek = execFileSync("node", ["-e", "const d=new Date();const day=(d.getUTCDay()+6)%7;const m=new Date(Date.UTC(d.getUTCFullYear(),d.getUTCMonth(),d.getUTCDate()-day+3));const y=m.getUTCFullYear();const w=Math.floor((m-Date.UTC(y,0,1))/864e5/7)+1;console.log(`${y}-W${String(w).padStart(2,'0')}`)"], { encoding: "utf8" }).trim();
await hold(thisWeek);
for (const row of await page.getByTestId("action-items").locator("tbody tr").all()) out("item", (await row.locator("td").allInnerTexts()).join(" | "));
// roadmap
await page.goto(`${BASE}/roadmap`);
const sub = page.locator('[data-testid="roadmap-item"][data-title="Sub-100 ms P95 response times"]');
await sub.getByTestId("target-status").waitFor();
out("roadmap sub-100", (await sub.getByTestId("target-cell").innerText()).replace(/\s+/g, " "));
await page.screenshot({ path: "/tmp/walk/roadmap.png", fullPage: true });
// load test import: a real k6 handleSummary file
await page.goto(`${BASE}/loadtests`);
const imp = page.getByTestId("loadtest-import");
await imp.getByLabel("Run name").fill("baseline_load");
await imp.getByLabel("k6 summary (JSON)").setInputFiles("test/fixtures/k6/handle-summary-k6-reporter-grpc.json");
await imp.getByRole("button", { name: "Import" }).click();
await page.waitForTimeout(3000);
writeFileSync("/tmp/walk/loadtest.txt", await page.locator("main").innerText());
await page.screenshot({ path: "/tmp/walk/loadtest.png", fullPage: true });
out("review url", lastWeekUrl);
await browser.close();
void readFileSync;
