import { spawn } from "node:child_process";
import { mkdtempSync, chmodSync, readFileSync, rmSync, writeFileSync, mkdirSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { env } from "./env";

const admin = () => new pg.Client({ connectionString: env.databaseUrl });
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `migrate_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const c = admin();
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  created.push(name);
  const url = new URL(env.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  const c = admin();
  await c.connect();
  for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});

describe("migrations", () => {
  it("applies each migration exactly once when several replicas start together", async () => {
    const url = await freshDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const migrations = await readMigrations(path.join(process.cwd(), "prisma", "migrations"));
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, migrations.length]);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = await c.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.rows.map((r: { migration_name: string }) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(rows.rows[0].checksum).toBe(migrations[0]?.checksum);
    expect(rows.rows[0].finished_at).toBeInstanceOf(Date);
    const tables = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    expect(tables.rows.map((r: { tablename: string }) => r.tablename)).toEqual(["AuditLog", "Document", "DocumentPush", "DocumentVersion", "LoadTestRun", "LoginAttempt", "Review", "ReviewActionItem", "ReviewDecision", "RoadmapItem", "Session", "User", "_prisma_migrations"]);
    await c.end();
  });

  it("moves rule files, their pushes and SLOs into documents with their ids, versions and history (20261210000000_documents)", async () => {
    const url = await freshDatabase();
    const all = path.join(process.cwd(), "prisma", "migrations");
    const before = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(all, before, { recursive: true });
    rmSync(path.join(before, "20261210000000_documents"), { recursive: true });
    await migrate(url, before);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`INSERT INTO "RuleFile" (id, name, source, head, "updatedAt") VALUES ('rf1', 'perf.rules.yml', 'directory', 2, now())`);
      await c.query(`INSERT INTO "RuleVersion" (id, "fileId", version, content, sha256, message, "authorEmail") VALUES ('rv1', 'rf1', 1, 'groups: []\n', 'x1', 'first', 'a@example.com'), ('rv2', 'rf1', 2, '# kept\ngroups: []\n', 'x2', 'second', 'b@example.com')`);
      await c.query(`INSERT INTO "RulePush" (id, "fileId", version, sha256, target, outcome, message, steps, warnings, "durationMs", "actorEmail") VALUES ('rp1', 'rf1', 2, 'x2', 'prometheus', 'ok', 'pushed', '[{"step":"write","ok":true,"detail":"d","ms":3}]', '[]', 40, 'b@example.com')`);
      await c.query(`INSERT INTO "Slo" (id, name, service, head, "updatedAt") VALUES ('s1', 'order-service-availability', 'order-service', 1, now())`);
      await c.query(`INSERT INTO "SloVersion" (id, "sloId", version, spec, message, "authorEmail") VALUES ('sv1', 's1', 1, '{"name":"availability","objective":99.9,"labels":{"team":"checkout"}}', 'made', 'c@example.com')`);
      expect((await migrate(url, all)).applied).toEqual(["20261210000000_documents"]);
      const docs = await c.query(`SELECT id, kind, name, service, source, head FROM "Document" ORDER BY id`);
      expect(docs.rows).toEqual([
        { id: "rf1", kind: "rules", name: "perf.rules.yml", service: null, source: "directory", head: 2 },
        { id: "s1", kind: "slo", name: "order-service-availability", service: "order-service", source: "console", head: 1 },
      ]);
      const versions = await c.query(`SELECT id, "documentId", version, content, sha256, message, "authorEmail" FROM "DocumentVersion" ORDER BY id`);
      expect(versions.rows.slice(0, 2)).toEqual([
        { id: "rv1", documentId: "rf1", version: 1, content: "groups: []\n", sha256: "x1", message: "first", authorEmail: "a@example.com" },
        { id: "rv2", documentId: "rf1", version: 2, content: "# kept\ngroups: []\n", sha256: "x2", message: "second", authorEmail: "b@example.com" },
      ]);
      const slo = versions.rows[2];
      expect(JSON.parse(slo.content)).toEqual({ name: "availability", objective: 99.9, labels: { team: "checkout" } });
      expect(slo.sha256).toMatch(/^[0-9a-f]{64}$/);
      const pushes = await c.query(`SELECT id, "documentId", target, outcome, steps FROM "DocumentPush"`);
      expect(pushes.rows).toEqual([{ id: "rp1", documentId: "rf1", target: "prometheus", outcome: "ok", steps: [{ step: "write", ok: true, detail: "d", ms: 3 }] }]);
      expect((await c.query(`SELECT to_regclass('"RuleFile"') AS a, to_regclass('"Slo"') AS b`)).rows[0]).toEqual({ a: null, b: null });
    } finally {
      await c.end();
      rmSync(before, { recursive: true, force: true });
    }
  });

  it("rolls back a failing migration completely and refuses a changed one", async () => {
    const url = await freshDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    cpSync(path.join(process.cwd(), "prisma", "migrations"), dir, { recursive: true });
    mkdirSync(path.join(dir, "29990101000000_broken"));
    writeFileSync(path.join(dir, "29990101000000_broken", "migration.sql"), `CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";`);
    await expect(migrate(url, dir)).rejects.toThrow(/29990101000000_broken failed and was rolled back: relation "NoSuchTable" does not exist/);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const half = await c.query(`SELECT to_regclass('"Half"') AS t`);
    expect(half.rows[0].t).toBeNull();
    await c.end();
    rmSync(path.join(dir, "29990101000000_broken"), { recursive: true });
    const first = (await readMigrations(dir))[0]!.name;
    writeFileSync(path.join(dir, first, "migration.sql"), readFileSync(path.join(dir, first, "migration.sql"), "utf8") + "\n-- edited\n");
    await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`migration ${first} was changed after it was applied`));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("embedded PostgreSQL", () => {
  it("recovers from a console that was killed with SIGKILL (stale server and pid file)", async () => {
    // /var/tmp: traversable by the postgres user when these tests run as root
    const base = mkdtempSync(path.join("/var/tmp", "perfops-embedded-test-"));
    chmodSync(base, 0o755);
    const script = `
      import { startEmbeddedPostgres } from "${path.join(process.cwd(), "lib/db/embedded.ts")}";
      const pg = await startEmbeddedPostgres({ baseDir: "${base}", log: () => {} });
      console.log(JSON.stringify({ pid: pg.pid, launcher: process.pid }));
      setInterval(() => {}, 1000);
    `;
    const launcher = path.join(base, "launcher.mts");
    writeFileSync(launcher, script);
    const child = spawn(path.join(process.cwd(), "node_modules/.bin/tsx"), [launcher], { stdio: ["ignore", "pipe", "inherit"] });
    const first = await new Promise<{ pid: number; launcher: number }>((resolve, reject) => {
      child.stdout.once("data", (d: Buffer) => resolve(JSON.parse(d.toString()) as { pid: number; launcher: number }));
      child.once("exit", (code) => reject(new Error(`launcher exited ${code}`)));
    });
    // tsx runs the script in a child node process: kill that one, the console's stand-in.
    process.kill(first.launcher, "SIGKILL");
    child.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 300));
    // The launcher is gone; its PostgreSQL is still running, holding the data folder.
    expect(() => process.kill(first.pid, 0)).not.toThrow();

    const logs: string[] = [];
    const db = await startEmbeddedPostgres({ baseDir: base, log: (l) => logs.push(l) }).catch((err: unknown) => {
      // leave nothing running if recovery failed
      try {
        process.kill(first.pid, "SIGINT");
      } catch {
        // already gone
      }
      throw err;
    });
    try {
      expect(logs.join("\n")).toContain(`stopping a stale embedded PostgreSQL (pid ${first.pid})`);
      expect(() => process.kill(first.pid, 0)).toThrow();
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      expect((await c.query("SELECT 1 AS one")).rows[0].one).toBe(1);
      await c.end();
    } finally {
      await db.stop();
      rmSync(base, { recursive: true, force: true });
    }
    expect(() => process.kill(db.pid, 0)).toThrow();
  });
});
