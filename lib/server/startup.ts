import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, getConfig, resetConfigCache } from "@/lib/config";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { ensureAdmin } from "@/lib/users";

/**
 * Start-up of a console process (called from instrumentation.ts): validate the
 * configuration, bring up the database (embedded when DATABASE_URL is unset), apply
 * migrations, create the first admin when asked to.
 */

function ensureSessionSecret(dataDir: string): void {
  if (process.env.SESSION_SECRET) return;
  const file = path.join(dataDir, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    console.log(`[perfops] SESSION_SECRET is unset: created one in ${file} (set SESSION_SECRET when running several replicas)`);
  }
  process.env.SESSION_SECRET = readFileSync(file, "utf8").trim();
}

export async function startConsole(): Promise<void> {
  let cfg;
  try {
    cfg = getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[perfops] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  ensureSessionSecret(cfg.dataDir);
  if (!cfg.databaseUrl) {
    const pg = await startEmbeddedPostgres({ baseDir: cfg.dataDir });
    process.env.DATABASE_URL = pg.url;
    console.log(`[perfops] embedded PostgreSQL on 127.0.0.1:${pg.port} (data in ${pg.dataDir})`);
  }
  resetConfigCache();
  const url = process.env.DATABASE_URL as string;
  const result = await migrate(url);
  if (result.applied.length) console.log(`[perfops] applied migrations: ${result.applied.join(", ")}`);
  const admin = getConfig().initialAdmin;
  if (admin && (await ensureAdmin(admin.email, admin.password)) === "created") {
    console.log(`[perfops] created the first admin ${admin.email}`);
  }
  await seedDemoSlos();
  if (process.env.DEMO_SEED_ROADMAP === "1") {
    // `npm run demo`: the reference roadmap of PRODUCT.md, when the table is empty
    const { seedReferenceRoadmap } = await import("@/lib/roadmap/reference");
    const { prisma } = await import("@/lib/db/client");
    const n = await seedReferenceRoadmap(prisma());
    if (n) console.log(`[perfops] created the reference roadmap (${n} items)`);
  }
}

/** `npm run demo` sets DEMO_SEED_SLOS: the reference SLOs are created once, if missing. */
async function seedDemoSlos(): Promise<void> {
  const services = (process.env.DEMO_SEED_SLOS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (!services.length) return;
  const { demoSlos } = await import("@/lib/slo/demo");
  const { findSlo, saveSlo } = await import("@/lib/slo/store");
  const { sloId } = await import("@/lib/slo/spec");
  let created = 0;
  for (const spec of demoSlos(services)) {
    if (await findSlo(sloId(spec))) continue;
    await saveSlo(spec, 0, "Reference SLO shipped with the demo", null);
    created++;
  }
  if (created) console.log(`[perfops] created ${created} demo SLOs`);
}
