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
 * A Prisma client over node-postgres (Prisma 7 needs a driver adapter). The
 * pool is ours so that a connection the server drops (a restart, a shutdown)
 * is reported instead of crashing the process: node-postgres emits 'error' on
 * the pool for an idle connection and on the client for one in use, and an
 * 'error' event nobody listens to ends the process. Every connection gets a
 * listener for its whole life. A dead server fails queries after at most
 * ACQUIRE_TIMEOUT_MS instead of queueing them for ever.
 */
export function createPrisma(
  connectionString: string,
  poolSize = 10,
  onConnectionError: (err: Error) => void = () => undefined,
): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: ACQUIRE_TIMEOUT_MS });
  const report = guardPool(pool, onConnectionError);
  // A transaction waits for its connection as long as a query does (Prisma's default is 2 s,
  // which a loaded machine's first connection can take by itself).
  return new PrismaClient({
    adapter: new PrismaPg(pool, { onConnectionError: report }),
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
