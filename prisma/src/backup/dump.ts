import { createWriteStream, existsSync } from "node:fs";
import { rename, stat, unlink } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";
import { readMigrations } from "../migrate.js";
import {
  appliedMigrations,
  type ColumnInfo,
  checkDatabaseMigrations,
  ident,
  publicTables,
  redactUrl,
  tableColumns,
  unclassifiedTables,
} from "./catalog.js";
import { type BackupHeader, BackupInputError, FORMAT, FORMAT_VERSION, rowLine } from "./format.js";
import { type TableSpec, tablesFor } from "./tables.js";

export interface DumpOptions {
  databaseUrl: string;
  /** The file to write; refused when it exists. */
  out: string;
  /** Executions, their steps and events, DAG runs, schedule fires, trigger events. */
  history: boolean;
  /** The audit trail. */
  audit: boolean;
}

export interface DumpResult {
  file: string;
  bytes: number;
  header: BackupHeader;
  ms: number;
}

const FETCH_ROWS = 2000;

/** The SELECT of one table's rows: row_to_json text and the columns holding JSON null, in key order. */
export function dumpQuery(spec: TableSpec, columns: readonly ColumnInfo[], history: boolean): string {
  const cleared = new Set(history ? [] : (spec.clearWithoutHistory ?? []));
  const select = columns.map((c) => (cleared.has(c.name) ? `NULL AS ${ident(c.name)}` : `s.${ident(c.name)}`));
  const jsonNulls = columns
    .filter((c) => c.json && !cleared.has(c.name))
    .map((c) => `CASE WHEN jsonb_typeof(t.${ident(c.name)}::jsonb) = 'null' THEN '${c.name.replace(/'/g, "''")}' END`);
  const nulls = jsonNulls.length ? `array_remove(ARRAY[${jsonNulls.join(", ")}]::text[], NULL)` : `'{}'::text[]`;
  const order = spec.primaryKey.map((k) => `t.${ident(k)}`).join(", ");
  return `SELECT row_to_json(t)::text AS r, ${nulls} AS n FROM (SELECT ${select.join(", ")} FROM ${ident(spec.name)} s) t ORDER BY ${order}`;
}

/**
 * Writes a backup of the database as it was at one instant: every read runs
 * in one REPEATABLE READ, READ ONLY transaction (one snapshot), so rows
 * written meanwhile by a running Baton are either all in or all out.
 */
export async function dump(options: DumpOptions): Promise<DumpResult> {
  const started = Date.now();
  if (existsSync(options.out)) {
    throw new BackupInputError(`${options.out} already exists; choose another --out or move that file away.`);
  }
  const known = (await readMigrations()).map((m) => m.name);
  const db = new pg.Client({ connectionString: options.databaseUrl });
  db.on("error", () => undefined); // a dropped connection fails the query in flight instead
  await db.connect();
  const partial = `${options.out}.partial`;
  try {
    await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // Postgres 12+ prints floats shortest-exact whenever this is positive.
    await db.query("SET LOCAL extra_float_digits = 3");
    const where = `at ${redactUrl(options.databaseUrl)}`;
    const migrations = await appliedMigrations(db);
    if (!migrations || migrations.length === 0) {
      throw new BackupInputError(
        `The database ${where} has no Baton schema (no migrations applied): check --database-url or DATABASE_URL.`,
      );
    }
    checkDatabaseMigrations(migrations, known, where);
    const present = await publicTables(db);
    const unclassified = unclassifiedTables(present);
    if (unclassified.length) {
      throw new Error(
        `The database ${where} has tables this build's backup does not classify (${unclassified.join(", ")}); add them to prisma/src/backup/tables.ts.`,
      );
    }
    const specs = tablesFor(options).filter((t) => present.has(t.name));
    const tables: { spec: TableSpec; columns: ColumnInfo[]; rows: number }[] = [];
    for (const spec of specs) {
      const count = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(spec.name)}`);
      tables.push({ spec, columns: await tableColumns(db, spec.name), rows: Number(count.rows[0]?.n ?? 0) });
    }
    const header: BackupHeader = {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      migrations,
      history: options.history,
      audit: options.audit,
      tables: tables.map((t) => ({ name: t.spec.name, rows: t.rows })),
    };
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify(header)}\n`;
      for (const { spec, columns, rows } of tables) {
        yield `${JSON.stringify({ table: spec.name, rows })}\n`;
        await db.query(`DECLARE backup_rows NO SCROLL CURSOR FOR ${dumpQuery(spec, columns, options.history)}`);
        let written = 0;
        for (;;) {
          const batch = await db.query<{ r: string; n: string[] }>(`FETCH FORWARD ${FETCH_ROWS} FROM backup_rows`);
          if (batch.rows.length === 0) break;
          yield `${batch.rows.map((row) => rowLine(row.r, row.n)).join("\n")}\n`;
          written += batch.rows.length;
        }
        await db.query("CLOSE backup_rows");
        // One snapshot: the count and the rows cannot disagree, unless something is badly wrong.
        if (written !== rows) throw new Error(`table ${spec.name}: counted ${rows} rows but read ${written}`);
      }
    }
    await pipeline(lines, createGzip(), createWriteStream(partial, { flags: "wx", mode: 0o600 }));
    await db.query("COMMIT");
    await rename(partial, options.out);
    return { file: options.out, bytes: (await stat(options.out)).size, header, ms: Date.now() - started };
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  } finally {
    await db.end().catch(() => undefined);
  }
}
