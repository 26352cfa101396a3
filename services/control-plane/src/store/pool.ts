import { ACQUIRE_TIMEOUT_MS, guardPool } from "@baton/db";
import pg from "pg";

const TIMESTAMP = 1114; // timestamp without time zone: Prisma stores UTC wall time there

/**
 * The process's one node-postgres pool: the hot path's queries and Prisma's
 * (createPrisma takes this pool), so `max` (BATON_DB_POOL) bounds every
 * connection the control plane opens except the leader's own. Sessions run in
 * UTC, timestamps are read as UTC and Dates are sent as UTC, matching what
 * Prisma writes to the same columns, whatever TZ the process has (Prisma's
 * adapter parses and formats its own values per query, so this changes
 * nothing it reads or writes). Its connections are named `applicationName`
 * in pg_stat_activity. `onConnectionError` hears every connection the server
 * drops (idle or in use): see `guardPool`.
 */
export function createPool(
  connectionString: string,
  max: number,
  onConnectionError: (err: Error) => void,
  applicationName = "baton-control-plane",
): pg.Pool {
  // Process-wide (node-postgres has no per-pool switch): a Date parameter is sent as UTC, not in the
  // process's TZ, which a timestamp-without-time-zone column would store as it stands.
  pg.defaults.parseInputDatesAsUTC = true;
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: ACQUIRE_TIMEOUT_MS,
    options: "-c timezone=UTC",
    application_name: applicationName.slice(0, 63),
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
 * Runs fn in a transaction on one connection; rolls back on any error.
 * `begin` may add parameterless statements to the BEGIN round trip (a lock).
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  begin = "BEGIN",
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
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
