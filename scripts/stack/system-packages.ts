import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, unlinkSync, writeFileSync } from "node:fs";

/**
 * The Debian packages the local stack and the browser tests need. Installed here
 * when this runs as root on Debian/Ubuntu; elsewhere we stop with the exact command.
 */

export const PACKAGES = {
  prometheus: { binaries: ["prometheus", "promtool"], pkg: "prometheus" },
  alertmanager: { binaries: ["prometheus-alertmanager"], pkg: "prometheus-alertmanager" },
  chromium: { binaries: ["chromium"], pkg: "chromium" },
  /** the browser tests turn exported PDFs into images and text (e2e/reviews.spec.ts) */
  poppler: { binaries: ["pdftoppm", "pdftotext"], pkg: "poppler-utils" },
} as const;

export type Need = keyof typeof PACKAGES;

export function which(bin: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : undefined;
}

export function ensurePackages(needs: Need[], log: (l: string) => void = console.log): void {
  const missing = needs.filter((n) => PACKAGES[n].binaries.some((b) => !which(b)));
  if (missing.length === 0) return;
  const pkgs = missing.map((n) => PACKAGES[n].pkg);
  const command = `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(" ")}`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const debian = existsSync("/etc/debian_version") && which("apt-get");
  if (!isRoot || !debian) {
    throw new Error(
      `missing ${missing.map((n) => PACKAGES[n].binaries.join("/")).join(", ")}. Install ${pkgs.join(", ")} and run again:\n  ${
        debian ? `sudo sh -c '${command}'` : `(Debian/Ubuntu package names) ${pkgs.join(" ")}`
      }`,
    );
  }
  log(`installing ${pkgs.join(", ")} from Debian's archive (one time, about a minute)…`);
  // Keep the packages' maintainer scripts from starting system daemons on 9090/9093.
  const policy = "/usr/sbin/policy-rc.d";
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } finally {
    if (ownPolicy) unlinkSync(policy);
  }
  const still = needs.filter((n) => PACKAGES[n].binaries.some((b) => !which(b)));
  if (still.length) throw new Error(`installing ${pkgs.join(", ")} did not provide ${still.join(", ")}`);
}
