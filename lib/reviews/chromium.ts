import "server-only";
import { existsSync } from "node:fs";

/** The Chromium the PDF export drives: CHROMIUM_PATH, or Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/** Why PDF export cannot work on this server, or undefined when Chromium is there. */
export function chromiumMissing(): string | undefined {
  const exe = chromiumPath();
  // the path is the server's, read at run time: nothing for the build to trace
  return existsSync(/* turbopackIgnore: true */ exe) ? undefined : `PDF export needs Chromium on the server: install Debian's chromium package or set CHROMIUM_PATH (not found: ${exe})`;
}
