import type { TestEnv } from "./env.js";

const statements = new WeakMap<TestEnv, Promise<string>>();

/** SELECT (SELECT count(*) FROM "a") AS "a", ... over every table of the public schema. */
async function countStatement(env: TestEnv): Promise<string> {
  const tables = await env.sql<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return `SELECT ${tables.map((t) => `(SELECT count(*) FROM public.${q(t.name)}) AS ${q(t.name)}`).join(", ")}`;
}

/**
 * The number of rows of every table in the public schema (audit, DAG and
 * migration tables included), read by one SQL statement: the proof that a
 * refused call wrote nothing.
 */
export async function rowCounts(env: TestEnv): Promise<Record<string, number>> {
  let statement = statements.get(env);
  if (!statement) {
    statement = countStatement(env);
    statements.set(env, statement);
  }
  const [row] = await env.sql<Record<string, string>>(await statement);
  return Object.fromEntries(Object.entries(row ?? {}).map(([t, n]) => [t, Number(n)]));
}
