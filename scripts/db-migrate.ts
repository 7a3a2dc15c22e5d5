import { migrate } from "../lib/db/migrate";

/** Applies prisma/migrations to DATABASE_URL (the console also does this at start). */
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL: expected the PostgreSQL URL of the console's database");
  const r = await migrate(url);
  console.log(r.applied.length ? `applied ${r.applied.join(", ")}` : `up to date (${r.alreadyApplied} migrations)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
