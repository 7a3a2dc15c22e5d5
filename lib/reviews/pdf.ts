import "server-only";
import { chromium } from "playwright-core";
import { chromiumMissing, chromiumPath } from "./chromium";

/**
 * PDF export: the console's own print page, rendered by Chromium on the server
 * (Debian's `chromium`, or CHROMIUM_PATH) with the caller's session, so the PDF shows
 * exactly what that user may see, with its charts. Under a budget: one rendering at
 * a time per server process (a second waits, a third is refused), 30 s per
 * rendering, pages only from the allow-list below, and only from this server.
 */

/** Console paths that may be printed (nothing else, no other host). */
const PRINTABLE = [/^\/reviews\/[A-Za-z0-9_-]{1,40}\/print$/, /^\/reports\/print(\?[A-Za-z0-9_.:%&=+-]{0,2000})?$/];

export function printablePath(path: string): boolean {
  return PRINTABLE.some((re) => re.test(path));
}

export class PdfError extends Error {
  constructor(
    readonly status: 400 | 429 | 503 | 504,
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 30_000;
let running = 0;
let waiting = 0;
const queue: (() => void)[] = [];

/** Where Chromium reaches this server: CONSOLE_INTERNAL_URL, or loopback on PORT. */
function internalOrigin(): string {
  return (process.env.CONSOLE_INTERNAL_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

export async function renderPdf(path: string, cookies: { name: string; value: string }[]): Promise<Buffer> {
  if (!printablePath(path)) throw new PdfError(400, `path: only a review's or a report's print page can be exported, not "${path.slice(0, 80)}"`);
  const missing = chromiumMissing();
  if (missing) throw new PdfError(503, missing);
  const exe = chromiumPath();
  if (running > 0) {
    if (waiting >= 1) throw new PdfError(429, "another PDF is being made; try again in a few seconds");
    waiting++;
    await new Promise<void>((r) => queue.push(r));
    waiting--;
  }
  running++;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    browser = await chromium.launch({ executablePath: exe, timeout: TIMEOUT_MS, args: ["--disable-dev-shm-usage"] }).catch((err: unknown) => {
      throw new PdfError(503, `Chromium did not start: ${(err as Error).message.split("\n")[0]}`);
    });
    const origin = internalOrigin();
    const context = await browser.newContext({ colorScheme: "light" });
    await context.addCookies(cookies.map((c) => ({ name: c.name, value: c.value, url: origin })));
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const res = await page.goto(`${origin}${path}`, { waitUntil: "networkidle", timeout: TIMEOUT_MS }).catch((err: unknown) => {
      throw new PdfError(504, `the page did not load within ${TIMEOUT_MS / 1000} s: ${(err as Error).message.split("\n")[0]}`);
    });
    if (!res || res.status() >= 400) throw new PdfError(res?.status() === 404 ? 400 : 503, `the print page answered HTTP ${res?.status() ?? "nothing"}`);
    if (new URL(page.url()).pathname === "/login") throw new PdfError(400, "the session was not accepted by the print page");
    await page.emulateMedia({ media: "print" });
    return await page.pdf({ format: "A4", printBackground: true, margin: { top: "14mm", bottom: "14mm", left: "12mm", right: "12mm" } });
  } finally {
    await browser?.close().catch(() => undefined);
    running--;
    queue.shift()?.();
  }
}
