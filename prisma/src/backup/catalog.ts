import type pg from "pg";
import { BackupInputError } from "./format.js";
import { BACKUP_TABLES, EXCLUDED_TABLES } from "./tables.js";

/** A quoted SQL identifier. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface ColumnInfo {
  name: string;
  /** json or jsonb: JSON null and SQL NULL both read as null in row_to_json. */
  json: boolean;
}

/** The public schema's base tables. */
export async function publicTables(db: pg.ClientBase): Promise<Set<string>> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  return new Set(rows.map((r) => r.name));
}

/** A table's columns in their order. */
export async function tableColumns(db: pg.ClientBase, table: string): Promise<ColumnInfo[]> {
  const { rows } = await db.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => ({ name: r.name, json: r.type === "json" || r.type === "jsonb" }));
}

/** Migrations applied (Prisma's bookkeeping table), in order; undefined when the table does not exist. */
export async function appliedMigrations(db: pg.ClientBase): Promise<string[] | undefined> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('public._prisma_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return undefined;
  const { rows } = await db.query<{ name: string }>(
    `SELECT migration_name AS name FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((r) => r.name);
}

/** Refuses a database migrated by a newer Baton: this build would not know its tables or columns. */
export function checkDatabaseMigrations(applied: readonly string[], known: readonly string[], where: string): void {
  const unknown = applied.find((m) => !known.includes(m));
  if (unknown) {
    throw new BackupInputError(
      `The database ${where} has a migration this build does not have (${unknown}): it was migrated by a newer Baton; use that version's \`npm run backup\` / \`npm run restore\`.`,
    );
  }
}

/** Tables in the database that the backup code has not classified (a new migration not yet in tables.ts). */
export function unclassifiedTables(present: ReadonlySet<string>): string[] {
  const known = new Set([...BACKUP_TABLES.map((t) => t.name), ...EXCLUDED_TABLES.map((t) => t.name)]);
  return [...present].filter((t) => !known.has(t)).sort();
}

/** A database URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparsable URL)";
  }
}
