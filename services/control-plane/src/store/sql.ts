import type { Prisma } from "@baton/db";
import type { Queryable } from "./run-store.js";

/**
 * Where a statement of store/ can run: node-postgres (the pool, or the client
 * of an `inTransaction`) or a Prisma interactive transaction. Both take the
 * same text with $1, $2... parameters, so a statement is written once and
 * runs inside whichever transaction its caller has.
 */
export type SqlClient = Queryable | Prisma.TransactionClient;

/** Runs one statement on `db`; its rows. */
export async function query<T>(db: SqlClient, text: string, values: readonly unknown[]): Promise<T[]> {
  if ("$queryRawUnsafe" in db) return db.$queryRawUnsafe<T[]>(text, ...values);
  const { rows } = await db.query(text, [...values]);
  return rows as T[];
}

/** Runs one statement that returns no rows on `db`; how many rows it changed. */
export async function execute(db: SqlClient, text: string, values: readonly unknown[]): Promise<number> {
  if ("$executeRawUnsafe" in db) return db.$executeRawUnsafe(text, ...values);
  const { rowCount } = await db.query(text, [...values]);
  return rowCount ?? 0;
}
