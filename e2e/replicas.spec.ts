import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { ADMIN, requireEnv, signIn, signOut } from "./helpers";

/**
 * Two console processes on one PostgreSQL, as two replicas behind a load balancer:
 * `npm test` starts both at once on a fresh database (BASE_URL and
 * BROKEN_PROMETHEUS_BASE_URL), so each ran the migrations and the first-admin
 * creation at the same moment. Cookies are not kept apart by port, so the browser
 * carries one session to both, as it would through a load balancer.
 */

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: requireEnv("DATABASE_URL") });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

test("two consoles started together on one database applied each migration once and created one admin", async () => {
  const rows = await query<{ migration_name: string; n: number; finished: boolean }>(
    `SELECT migration_name, count(*)::int AS n, bool_and(finished_at IS NOT NULL AND rolled_back_at IS NULL) AS finished
       FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
  );
  const committed = readdirSync(path.resolve("prisma", "migrations"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  expect(rows.map((r) => r.migration_name)).toEqual(committed);
  for (const r of rows) expect(r, r.migration_name).toMatchObject({ n: 1, finished: true });
  expect(await query(`SELECT id FROM "User" WHERE email = $1`, [ADMIN.email])).toHaveLength(1);
});

test("a session made on one console is valid on the other, and signing out on either ends it on both", async ({ page }) => {
  const [a, b] = [requireEnv("BASE_URL"), requireEnv("BROKEN_PROMETHEUS_BASE_URL")];
  await signIn(page, ADMIN.email, ADMIN.password, a);
  await page.goto(`${b}/admin/users`);
  await expect(page.getByTestId("current-user")).toBeVisible();
  await expect(page.getByTestId("users-table")).toContainText(ADMIN.email);
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).toContain("perfops_session");
  await signOut(page);
  // the session ended in the shared database: the first console refuses the very same cookie
  await page.context().addCookies(cookies);
  await page.goto(`${a}/rules`);
  await expect(page).toHaveURL(/\/login\?next=%2Frules$/);
});
