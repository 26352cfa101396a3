import pg from "pg";

const TIMESTAMP = 1114; // timestamp without time zone: Prisma stores UTC wall time there

/** How long a query waits for a pool connection (or a new one to open) before it fails as "database unavailable". */
export const ACQUIRE_TIMEOUT_MS = 5000;

/**
 * A node-postgres pool for the run hot path. Sessions run in UTC and
 * timestamps are read as UTC, matching what Prisma writes to the same columns.
 * `onConnectionError` hears every connection the server drops (idle or in use):
 * see `guardPool`.
 */
export function createPool(connectionString: string, max: number, onConnectionError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: ACQUIRE_TIMEOUT_MS,
    options: "-c timezone=UTC",
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === TIMESTAMP
          ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  guardPool(pool, onConnectionError);
  return pool;
}

/**
 * PostgreSQL going away (a restart, a crash, a failover) makes node-postgres
 * emit 'error' on the pool for idle connections and on the client itself for
 * one that is checked out between two queries; an 'error' event nobody
 * listens to ends the process. So every connection gets a listener for its
 * whole life: the failure is reported, the query in flight (if any) fails
 * with it, and the pool replaces the connection when it is released.
 */
export function guardPool(pool: pg.Pool, onConnectionError: (err: Error) => void): void {
  // An idle connection's error reaches both listeners: report it once.
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
}

/** Runs fn in a transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    // A connection that cannot roll back is not given back to the pool.
    await client.query("ROLLBACK").catch((rollbackErr: Error) => {
      broken = rollbackErr;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
