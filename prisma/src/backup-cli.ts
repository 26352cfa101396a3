#!/usr/bin/env node
// `npm run backup` / `npm run restore`: Baton's metadata to one file and back (prisma/src/backup/).
import { fileURLToPath } from "node:url";
import { redactUrl } from "./backup/catalog.js";
import { parseCli, USAGE } from "./backup/cli-options.js";
import { dump } from "./backup/dump.js";
import { BackupInputError } from "./backup/format.js";
import { restore } from "./backup/restore.js";

const say = (line: string) => process.stdout.write(`${line}\n`);
const table = (rows: { name: string; rows: number }[]) => {
  const width = Math.max(...rows.map((r) => r.name.length), 5);
  for (const r of rows) say(`  ${r.name.padEnd(width)}  ${String(r.rows).padStart(8)}`);
  say(`  ${"total".padEnd(width)}  ${String(rows.reduce((n, r) => n + r.rows, 0)).padStart(8)}`);
};
const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** A connection failure as a sentence a person can act on. */
function connectionProblem(err: unknown, url: string): string | undefined {
  const code = (err as { code?: string }).code;
  const where = redactUrl(url);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "EHOSTUNREACH") {
    return `Cannot reach PostgreSQL at ${where} (${code}): start Baton with \`npm start\`, or give the database with --database-url or DATABASE_URL.`;
  }
  if (code === "3D000") return `The database of ${where} does not exist: create it first (CREATE DATABASE ...).`;
  if (code === "28P01" || code === "28000")
    return `PostgreSQL refused the login of ${where}: check the user and password.`;
  return undefined;
}

async function main(): Promise<number> {
  const command = parseCli(process.argv.slice(2), {
    env: process.env,
    cwd: process.env.INIT_CWD ?? process.cwd(),
    repoRoot: fileURLToPath(new URL("../../..", import.meta.url)),
    now: new Date(),
  });
  if (command.command === "help") {
    say(USAGE);
    return 0;
  }
  try {
    if (command.command === "backup") {
      const result = await dump(command);
      const parts = ["definitions", ...(command.history ? ["history"] : []), ...(command.audit ? ["audit"] : [])];
      say(`Backed up ${parts.join(", ")} of ${redactUrl(command.databaseUrl)} in one snapshot:`);
      table(result.header.tables);
      say(`Wrote ${result.file} (${size(result.bytes)}) in ${(result.ms / 1000).toFixed(1)} s.`);
      say(
        "It holds trigger secrets and API token hashes: it is readable by you only; keep it as private as the database.",
      );
    } else {
      const result = await restore(command);
      say(`Restored ${command.file} (made ${result.header.createdAt}) into ${redactUrl(command.databaseUrl)}:`);
      table(result.tables);
      say(
        `Done in ${(result.ms / 1000).toFixed(1)} s${result.migratedAfter.length ? `; then applied newer migrations: ${result.migratedAfter.join(", ")}` : ""}.`,
      );
      say("Start (or restart) the control plane on this database so it loads the restored schedules and triggers.");
    }
    return 0;
  } catch (err) {
    const problem = connectionProblem(err, command.databaseUrl);
    if (problem) {
      process.stderr.write(`${problem}\n`);
      return 1;
    }
    throw err;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof BackupInputError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
