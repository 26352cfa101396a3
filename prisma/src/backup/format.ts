import { tableSpec } from "./tables.js";

/**
 * The backup file: gzip of JSON lines. Line 1 is the header; then, for each
 * table of header.tables in order, a section line {"table", "rows"} and that
 * many rows, each the object Postgres's row_to_json made (so values are
 * Postgres's own text: timestamps to the microsecond, floats exact, arrays,
 * JSON). A jsonb value that is JSON null (not SQL NULL, which row_to_json
 * writes the same way) is listed in the row's "$jsonNull" key.
 */
export const FORMAT = "baton-backup";
export const FORMAT_VERSION = 1;
export const JSON_NULL_KEY = "$jsonNull";

export interface BackupHeader {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  /** Migrations applied to the database it was made from, in order. */
  migrations: string[];
  history: boolean;
  audit: boolean;
  tables: { name: string; rows: number }[];
}

export interface SectionLine {
  table: string;
  rows: number;
}

/** Bad input: the CLI prints the message (one sentence) and exits with code 2. */
export class BackupInputError extends Error {
  override readonly name = "BackupInputError";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** The header of `file` from its first line, or a BackupInputError saying what is wrong. */
export function parseHeader(line: string | undefined, file: string): BackupHeader {
  const notBackup = (why: string) =>
    new BackupInputError(`${file} is not a Baton backup (${why}); give a file made by \`npm run backup\`.`);
  if (line === undefined || line.trim() === "") throw notBackup("it is empty");
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw notBackup("its first line is not JSON");
  }
  if (!isObject(value) || value.format !== FORMAT) throw notBackup(`its first line has no "format": "${FORMAT}"`);
  const version = value.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw notBackup("its header has no valid format version");
  }
  if (version > FORMAT_VERSION) {
    throw new BackupInputError(
      `${file} is in backup format version ${version}, made by a newer Baton; this one reads version ${FORMAT_VERSION}: restore it with the Baton that made it (or a newer one).`,
    );
  }
  const { migrations, tables, createdAt, history, audit } = value;
  if (!Array.isArray(migrations) || !migrations.every((m) => typeof m === "string")) {
    throw notBackup("its header has no list of migrations");
  }
  if (!Array.isArray(tables) || !tables.every((t) => isObject(t) && typeof t.name === "string" && isCount(t.rows))) {
    throw notBackup("its header has no valid list of tables");
  }
  if (typeof createdAt !== "string" || typeof history !== "boolean" || typeof audit !== "boolean") {
    throw notBackup("its header lacks createdAt, history or audit");
  }
  return {
    format: FORMAT,
    version,
    createdAt,
    migrations: migrations as string[],
    history,
    audit,
    tables: (tables as { name: string; rows: number }[]).map((t) => ({ name: t.name, rows: t.rows })),
  };
}

/**
 * The header's tables are ones this build knows, each once, each after the
 * tables it references (so rows load in file order without breaking a key).
 */
export function checkTableOrder(header: BackupHeader, file: string): void {
  const seen = new Set<string>();
  for (const { name } of header.tables) {
    const spec = tableSpec(name);
    if (!spec) {
      throw new BackupInputError(
        `${file} holds a table this Baton does not know (${name}); restore it with the Baton that made it.`,
      );
    }
    if (seen.has(name)) throw new BackupInputError(`${file} lists table ${name} twice; the file is damaged.`);
    const missing = spec.references.find((r) => header.tables.some((t) => t.name === r) && !seen.has(r));
    if (missing) {
      throw new BackupInputError(`${file} lists ${name} before ${missing}, which it references; the file is damaged.`);
    }
    seen.add(name);
  }
}

/**
 * The backup's migrations must be this build's first ones, in order (equal or
 * a prefix): rows are loaded into the schema they were dumped from.
 */
export function checkMigrations(backup: readonly string[], known: readonly string[], file: string): void {
  backup.forEach((name, i) => {
    if (known[i] !== name) {
      throw new BackupInputError(
        known.includes(name)
          ? `${file} lists migrations in an order this build does not have (${name} at position ${i + 1}); the file is damaged.`
          : `${file} was made by a Baton with a migration this build does not have (${name}); restore it with that Baton version or a newer one.`,
      );
    }
  });
}

/** A section line ({"table": ..., "rows": ...}) for the table the header says comes next. */
export function parseSection(line: string | undefined, expected: { name: string; rows: number }, file: string): void {
  let value: unknown;
  try {
    value = line === undefined ? undefined : JSON.parse(line);
  } catch {
    value = undefined;
  }
  if (!isObject(value) || value.table !== expected.name || value.rows !== expected.rows) {
    throw new BackupInputError(
      line === undefined
        ? `${file} ends before table ${expected.name}; the file is incomplete (copy it again).`
        : `${file} does not have the section of table ${expected.name} where its header says; the file is damaged.`,
    );
  }
}

/**
 * A row line: Postgres's row_to_json text, plus the JSON-null columns (if
 * any) as a first key. Only the text is spliced: values stay Postgres's.
 */
export function rowLine(rowJson: string, jsonNullColumns: readonly string[]): string {
  if (jsonNullColumns.length === 0) return rowJson;
  if (!rowJson.startsWith("{") || rowJson === "{}") throw new Error(`not a row object: ${rowJson.slice(0, 40)}`);
  return `{${JSON.stringify(JSON_NULL_KEY)}:${JSON.stringify(jsonNullColumns)},${rowJson.slice(1)}`;
}

/** backup-<UTC time>.jsonl.gz, e.g. baton-backup-20261206T211258Z.jsonl.gz. */
export function defaultBackupName(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:]/g, "");
  return `baton-backup-${stamp}.jsonl.gz`;
}

/** Splits text chunks into lines (no trailing "\n"); the last line may lack one. */
export async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of chunks) {
    rest += chunk;
    let at = rest.indexOf("\n");
    let from = 0;
    while (at !== -1) {
      yield rest.slice(from, at);
      from = at + 1;
      at = rest.indexOf("\n", from);
    }
    rest = rest.slice(from);
  }
  if (rest !== "") yield rest;
}
