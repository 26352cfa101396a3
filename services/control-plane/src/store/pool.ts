import pg from "pg";

const TIMESTAMP = 1114; // timestamp without time zone: Prisma stores UTC wall time there

/**
 * A node-postgres pool for the run hot path. Sessions run in UTC and
 * timestamps are read as UTC, matching what Prisma writes to the same columns.
 */
export function createPool(connectionString: string, max: number, onIdleError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    options: "-c timezone=UTC",
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === TIMESTAMP
          ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server dropped: report it; the pool makes a new one when needed.
  pool.on("error", onIdleError);
  return pool;
}

/** Runs fn in a transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
