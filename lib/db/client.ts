import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

/**
 * The Prisma client of this process (driver adapter + WASM query compiler: no
 * native engine needed). Created on first use, after start-up has settled the
 * DATABASE_URL (embedded or configured).
 */

/** A request waits at most this long for a connection (node-postgres waits forever by default: a hung database would hold every request). */
const CONNECT_TIMEOUT_MS = 5_000;

const globalKey = Symbol.for("perfops.prisma");
type GlobalWithPrisma = typeof globalThis & { [globalKey]?: { url: string; client: PrismaClient } };

export function prisma(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("the database is not ready yet: DATABASE_URL is unset and the embedded database has not started");
  }
  const g = globalThis as GlobalWithPrisma;
  if (g[globalKey]?.url === url) return g[globalKey].client;
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }) });
  g[globalKey] = { url, client };
  return client;
}

export type { PrismaClient };
