import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BackupInputError, defaultBackupName } from "./format.js";

export const USAGE = `Usage:
  npm run backup -- [--out FILE] [--with-history] [--with-audit] [--database-url URL]
  npm run restore -- --in FILE [--database-url URL]

backup    Writes Baton's definitions (apps and their versions, tasks and every release,
          DAGs and their versions, schedules, triggers with their secrets, pool limits,
          API token hashes) to one gzip file of JSON lines, read in one snapshot.
  --out FILE          the file to write (default: baton-backup-<UTC time>.jsonl.gz in the
                      current folder); an existing file is never overwritten
  --with-history      also executions with their steps and events, DAG runs, schedule
                      fires and trigger events
  --with-audit        also the audit trail

restore   Loads a backup into an empty database: applies the backup's migrations, loads
          every table in one transaction (all or nothing), then applies newer migrations.
  --in FILE           the backup to load

  --database-url URL  the database (default: DATABASE_URL, else the PostgreSQL that
                      \`npm start\` runs)
  --help              this text

Exit codes: 0 done, 2 bad input (the sentence says what to change), 1 anything else.`;

export type CliCommand =
  | { command: "help" }
  | { command: "backup"; databaseUrl: string; out: string; history: boolean; audit: boolean }
  | { command: "restore"; databaseUrl: string; file: string };

export interface CliContext {
  env: Record<string, string | undefined>;
  /** The folder relative paths are resolved against (npm's INIT_CWD: where the user typed the command). */
  cwd: string;
  /** The checkout: npm start keeps its data in <BATON_HOME or this>/.baton. */
  repoRoot: string;
  now: Date;
}

/** The URL of the PostgreSQL `npm start` runs: its port from the server's postmaster.pid, else the default 54329. */
export function embeddedDatabaseUrl(env: CliContext["env"], repoRoot: string): string {
  const home = resolve(repoRoot, env.BATON_HOME ?? ".");
  let port = 54329;
  try {
    // Line 4 of postmaster.pid is the port the running server listens on.
    const fromPid = Number(
      readFileSync(join(home, ".baton", "postgres", "data", "postmaster.pid"), "utf8").split("\n")[3],
    );
    if (Number.isInteger(fromPid) && fromPid > 0) port = fromPid;
  } catch {
    // Not running (or never started): the default port, and the connection error will say so.
  }
  return `postgresql://postgres:postgres@127.0.0.1:${port}/baton`;
}

/** The command line as a command, or a BackupInputError with a sentence. */
export function parseCli(argv: readonly string[], ctx: CliContext): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    const unknown = /'([^']+)'/.exec((err as Error).message)?.[1];
    throw new BackupInputError(
      (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown
        ? `Unknown option ${unknown}; see --help.`
        : `${(err as Error).message.replace(/\.$/, "")}; see --help.`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help" };
  const [command, ...extra] = positionals;
  if (command !== "backup" && command !== "restore") {
    throw new BackupInputError(
      command === undefined
        ? "Say which command to run: backup or restore (see --help)."
        : `Unknown command "${command}": use backup or restore (see --help).`,
    );
  }
  if (extra.length) throw new BackupInputError(`Unexpected argument "${extra[0]}"; see --help.`);
  const url =
    values["database-url"] ?? (ctx.env.DATABASE_URL || undefined) ?? embeddedDatabaseUrl(ctx.env, ctx.repoRoot);
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new BackupInputError(`The database URL must start with postgresql:// (got "${url.slice(0, 40)}").`);
  }
  const path = (p: string) => (isAbsolute(p) ? p : resolve(ctx.cwd, p));
  if (command === "backup") {
    if (values.in !== undefined) throw new BackupInputError("backup writes a file: use --out, not --in.");
    if (values.out === "") throw new BackupInputError("--out needs a file name.");
    return {
      command,
      databaseUrl: url,
      out: path(values.out ?? defaultBackupName(ctx.now)),
      history: values["with-history"] ?? false,
      audit: values["with-audit"] ?? false,
    };
  }
  if (values.out !== undefined || values["with-history"] || values["with-audit"]) {
    throw new BackupInputError(
      "restore takes --in (and --database-url) only: what a backup holds was chosen when it was made.",
    );
  }
  if (!values.in) throw new BackupInputError("Say which backup to restore: --in FILE.");
  return { command, databaseUrl: url, file: path(values.in) };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: "string" },
      in: { type: "string" },
      "with-history": { type: "boolean" },
      "with-audit": { type: "boolean" },
      "database-url": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
