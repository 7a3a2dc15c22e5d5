import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { emailSchema, passwordSchema } from "../lib/auth/schemas";
import { migrate } from "../lib/db/migrate";
import { ensureAdmin } from "../lib/users";

/**
 * Creates an admin account in the database at DATABASE_URL (production's first
 * admin):  DATABASE_URL=… npm run admin:create -- --email ops@example.com [--name "Ops"]
 * The password is read from ADMIN_PASSWORD or asked for on the terminal; it never
 * appears in the process list or shell history.
 */

async function main() {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string", default: "Administrator" } } });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL: expected the PostgreSQL URL of the console's database");
  const email = emailSchema.safeParse(values.email ?? "");
  if (!email.success) throw new Error(`--email: ${email.error.issues[0]?.message}`);
  let password = process.env.ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question("Password for the new admin (at least 10 characters): ");
    rl.close();
  }
  const pw = passwordSchema.safeParse(password);
  if (!pw.success) throw new Error(`password: ${pw.error.issues[0]?.message}`);
  await migrate(url);
  const result = await ensureAdmin(email.data, pw.data, values.name);
  console.log(result === "created" ? `created admin ${email.data}` : `${email.data} already exists; nothing changed`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
