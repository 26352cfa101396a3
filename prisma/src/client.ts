import v8 from "node:v8";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type {
  ApiToken,
  App,
  AppVersion,
  AuditRecord,
  Dag,
  DagNodeRun,
  DagRun,
  DagVersion,
  Execution,
  ExecutionEvent,
  Release,
  Runner,
  StepExecution,
  TaskDefinition,
} from "../generated/prisma/client.js";
export { Prisma, PrismaClient } from "../generated/prisma/client.js";

/** How long a query waits for a pool connection (or a new one to open) before it fails. */
export const ACQUIRE_TIMEOUT_MS = 5000;

/**
 * A Prisma client over the process's node-postgres pool (Prisma 7 needs a
 * driver adapter): one pool per process, so its size bounds every connection
 * the process opens, Prisma's included. The pool's owner guards it (see
 * `guardPool`: a connection the server drops is reported instead of crashing
 * the process) and ends it after `$disconnect()`. Prisma's adapter passes its
 * own type parsers with every query and formats the values it sends itself,
 * so the pool's parsers and session settings do not change what Prisma reads
 * or writes. A transaction waits for its connection as long as a query does
 * (Prisma's default is 2 s, which a loaded machine's first connection can take
 * by itself); a dead server fails queries after at most ACQUIRE_TIMEOUT_MS.
 */
export function createPrisma(pool: pg.Pool): PrismaClient {
  // Prisma's query compiler is WebAssembly, compiled at the first query. V8's optimizing tier for it
  // (TurboFan) kept 35-65 MB more resident in an idle control plane (bench/footprint.mjs) and bought no
  // measurable query time: the baseline tier (Liftoff) runs it. Process-wide; set before that compile.
  v8.setFlagsFromString("--liftoff-only");
  return new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: ACQUIRE_TIMEOUT_MS },
  });
}

/**
 * PostgreSQL going away (a restart, a crash, a failover) makes node-postgres
 * emit 'error' on the pool for idle connections and on the client itself for
 * one that is checked out between two queries; an 'error' event nobody
 * listens to ends the process. So every connection gets a listener for its
 * whole life: the failure is reported (once: an idle connection's error
 * reaches both listeners), the query in flight (if any) fails with it, and
 * the pool replaces the connection when it is released. Returns the reporter.
 */
export function guardPool(pool: pg.Pool, onConnectionError: (err: Error) => void): (err: Error) => void {
  const reported = new WeakSet<Error>();
  const report = (err: Error) => {
    if (reported.has(err)) return;
    reported.add(err);
    onConnectionError(err);
  };
  pool.on("error", report);
  pool.on("connect", (client) => {
    client.on("error", report);
  });
  return report;
}
