import { createReadStream } from "node:fs";
import { copyFile, mkdir, mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import pg from "pg";
import { applyMigrations, migrationsDir, readMigrations } from "../migrate.js";
import {
  appliedMigrations,
  type ColumnInfo,
  checkDatabaseMigrations,
  ident,
  publicTables,
  redactUrl,
  tableColumns,
} from "./catalog.js";
import {
  type BackupHeader,
  BackupInputError,
  checkMigrations,
  checkTableOrder,
  JSON_NULL_KEY,
  parseHeader,
  parseSection,
  splitLines,
} from "./format.js";
import { BACKUP_TABLES } from "./tables.js";

export interface RestoreOptions {
  databaseUrl: string;
  file: string;
}

export interface RestoreResult {
  header: BackupHeader;
  tables: { name: string; rows: number }[];
  /** This build's migrations newer than the backup's, applied after loading. */
  migratedAfter: string[];
  ms: number;
}

const BATCH_ROWS = 2000;
const BATCH_CHARS = 8 * 1024 * 1024;

/** The INSERT of one batch ($1: a JSON array of row objects) into `table`, naming `columns` only. */
export function insertQuery(table: string, columns: readonly ColumnInfo[]): string {
  const names = columns.map((c) => ident(c.name)).join(", ");
  const values = columns
    .map((c) =>
      c.json
        ? `CASE WHEN COALESCE((x.j -> '${JSON_NULL_KEY}')::jsonb ? '${c.name.replace(/'/g, "''")}', false) THEN 'null'::jsonb ELSE r.${ident(c.name)} END`
        : `r.${ident(c.name)}`,
    )
    .join(", ");
  return `INSERT INTO ${ident(table)} (${names}) SELECT ${values} FROM json_array_elements($1::json) AS x(j) CROSS JOIN LATERAL json_populate_record(NULL::${ident(table)}, x.j) AS r`;
}

/** The file's lines, gunzipped when it starts with gzip's magic bytes. */
async function openLines(file: string): Promise<{ lines: AsyncGenerator<string>; close: () => void }> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new BackupInputError(`${file} does not exist; give the path of a file made by \`npm run backup\`.`);
  if (!info.isFile()) throw new BackupInputError(`${file} is not a file; give the path of a backup file.`);
  const handle = await open(file, "r");
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const source = createReadStream(file);
  let text: Readable = source;
  if (magic[0] === 0x1f && magic[1] === 0x8b) {
    const gunzip = createGunzip();
    source.on("error", (err) => gunzip.destroy(err));
    text = source.pipe(gunzip);
  }
  text.setEncoding("utf8");
  async function* lines(): AsyncGenerator<string> {
    try {
      yield* splitLines(text as AsyncIterable<string>);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      if (code.startsWith("Z_")) {
        throw new BackupInputError(
          `${file} is damaged or incomplete (gzip says: ${(err as Error).message}); copy the backup again.`,
        );
      }
      throw err;
    }
  }
  return { lines: lines(), close: () => source.destroy() };
}

/** Rows in any table a backup can hold (runners excluded: they are live state and never conflict). */
async function existingRows(db: pg.ClientBase): Promise<{ name: string; rows: number }[]> {
  const present = await publicTables(db);
  const found: { name: string; rows: number }[] = [];
  for (const { name } of BACKUP_TABLES) {
    if (!present.has(name)) continue;
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(name)}`);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) found.push({ name, rows: n });
  }
  return found;
}

function refuseNonEmpty(found: { name: string; rows: number }[], where: string): void {
  if (found.length === 0) return;
  const what = found.map((f) => `${f.rows} ${f.rows === 1 ? "row" : "rows"} in ${f.name}`).join(", ");
  throw new BackupInputError(
    `The database ${where} already holds Baton data (${what}); restore only into an empty database: create one (CREATE DATABASE baton_restored, or createdb) and pass its URL with --database-url, or, for npm start's own PostgreSQL, stop Baton, move .baton/postgres aside and start it again.`,
  );
}

/** Applies the first `names` of this build's migrations (the schema the backup was dumped from). */
async function applyPrefix(databaseUrl: string, names: readonly string[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "baton-restore-"));
  try {
    for (const name of names) {
      await mkdir(join(dir, name));
      await copyFile(join(migrationsDir, name, "migration.sql"), join(dir, name, "migration.sql"));
    }
    await applyMigrations(databaseUrl, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Columns of the backup's rows (keys of the first), each of which the table must have. */
function rowColumns(firstRow: string, table: string, columns: ColumnInfo[], file: string): ColumnInfo[] {
  let keys: string[];
  try {
    keys = Object.keys(JSON.parse(firstRow) as object).filter((k) => k !== JSON_NULL_KEY);
  } catch {
    throw new BackupInputError(`${file} has a row of table ${table} that is not JSON; the file is damaged.`);
  }
  return keys.map((k) => {
    const column = columns.find((c) => c.name === k);
    if (!column) {
      throw new BackupInputError(
        `${file} has column ${k} in table ${table}, which this database's ${table} lacks; restore into an empty database with the Baton that made the backup.`,
      );
    }
    return column;
  });
}

/** Re-points every sequence of the restored tables past their largest value (none today: keys are UUIDs). */
async function resetSequences(db: pg.ClientBase, tables: readonly string[]): Promise<void> {
  const { rows } = await db.query<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ANY($1::text[])
        AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`,
    [tables],
  );
  for (const { t, c } of rows) {
    await db.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${ident(c)}) FROM ${ident(t)}), 0) + 1, false)`,
      [ident(t), c],
    );
  }
}

/**
 * Restores a backup into an empty database: applies the backup's migrations,
 * loads every table in one transaction (all or nothing), resets sequences,
 * then applies this build's newer migrations (so they treat restored rows as
 * they treat any).
 */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const { file, databaseUrl } = options;
  const where = `at ${redactUrl(databaseUrl)}`;
  const { lines, close } = await openLines(file);
  const next = async (): Promise<string | undefined> => {
    const r = await lines.next();
    return r.done ? undefined : r.value;
  };
  const db = new pg.Client({ connectionString: databaseUrl });
  db.on("error", () => undefined);
  let connected = false;
  try {
    const header = parseHeader(await next(), file);
    checkTableOrder(header, file);
    const known = (await readMigrations()).map((m) => m.name);
    checkMigrations(header.migrations, known, file);

    await db.connect();
    connected = true;
    checkDatabaseMigrations((await appliedMigrations(db)) ?? [], known, where);
    refuseNonEmpty(await existingRows(db), where);
    await applyPrefix(databaseUrl, header.migrations);

    const loaded: { name: string; rows: number }[] = [];
    await db.query("BEGIN");
    try {
      // Checked again inside the transaction: nothing slipped in since.
      refuseNonEmpty(await existingRows(db), where);
      for (const table of header.tables) {
        parseSection(await next(), table, file);
        const columns = await tableColumns(db, table.name);
        let insert: string | undefined;
        let batch: string[] = [];
        let chars = 0;
        const flush = async () => {
          if (batch.length === 0 || !insert) return;
          await db.query(insert, [`[${batch.join(",")}]`]);
          batch = [];
          chars = 0;
        };
        for (let i = 0; i < table.rows; i++) {
          const line = await next();
          if (line === undefined) {
            throw new BackupInputError(
              `${file} ends inside table ${table.name} (row ${i + 1} of ${table.rows}); the file is incomplete (copy it again).`,
            );
          }
          insert ??= insertQuery(table.name, rowColumns(line, table.name, columns, file));
          batch.push(line);
          chars += line.length;
          if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
        }
        await flush();
        const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table.name)}`);
        const count = Number(rows[0]?.n ?? 0);
        if (count !== table.rows) {
          throw new BackupInputError(
            `${file} lists ${table.rows} rows of ${table.name} but ${count} loaded; the file is damaged; nothing was restored.`,
          );
        }
        loaded.push({ name: table.name, rows: count });
      }
      for (let line = await next(); line !== undefined; line = await next()) {
        if (line.trim() !== "")
          throw new BackupInputError(`${file} has more lines than its header lists; the file is damaged.`);
      }
      await resetSequences(
        db,
        header.tables.map((t) => t.name),
      );
      await db.query("COMMIT");
    } catch (err) {
      await db.query("ROLLBACK").catch(() => undefined);
      const code = (err as { code?: string }).code ?? "";
      // Postgres refusing a value (22xxx: bad JSON, a bad timestamp...) means the file is damaged.
      if (code.startsWith("22")) {
        throw new BackupInputError(
          `${file} holds a value Postgres refuses (${(err as Error).message}); the file is damaged; nothing was restored.`,
        );
      }
      throw err;
    }
    const migratedAfter = await applyMigrations(databaseUrl);
    return { header, tables: loaded, migratedAfter, ms: Date.now() - started };
  } finally {
    close();
    if (connected) await db.end().catch(() => undefined);
  }
}
