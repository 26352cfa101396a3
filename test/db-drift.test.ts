import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { cloneTemplate, withDatabase } from "./support/global-setup.js";

// Tables, columns (type, nullability, default), indexes and constraints, as text.
const CATALOG = `
  SELECT 'col ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS item
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
  UNION ALL SELECT 'idx ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  UNION ALL SELECT 'con ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace AND conrelid <> coalesce(to_regclass('public._prisma_migrations'), 0)
  ORDER BY 1`;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("prisma/migrations and schema.prisma", () => {
  it("describe the same database", async () => {
    const { schemaSql } = await import("../prisma/tools/diff.mjs");
    const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await admin.connect();
    const fresh = `baton_drift_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${fresh}`);
    await admin.query(`CREATE DATABASE ${fresh}`);
    await admin.end();
    const fromSchema = new pg.Client({ connectionString: withDatabase(inject("pgAdminUrl"), fresh) });
    const migrated = await cloneTemplate(inject("pgAdminUrl"), inject("templateDb"), `baton_migrated_${process.pid}`);
    const fromMigrations = new pg.Client({ connectionString: migrated });
    await Promise.all([fromSchema.connect(), fromMigrations.connect()]);
    try {
      await fromSchema.query(schemaSql(inject("pgAdminUrl")));
      await fromSchema.query(readFileSync(join(repoRoot, "prisma", "partial-indexes.sql"), "utf8"));
      const a = (await fromMigrations.query(CATALOG)).rows.map((r) => r.item);
      const b = (await fromSchema.query(CATALOG)).rows.map((r) => r.item);
      expect(a.length).toBeGreaterThan(20);
      expect(a, "a migration is missing: write one with `npm run gen:migration -w @baton/db`").toEqual(b);
    } finally {
      await Promise.all([fromSchema.end(), fromMigrations.end()]);
    }
  });
});
