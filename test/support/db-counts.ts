import type { TestEnv } from "./env.js";

/**
 * The row count of every table in the public schema (audit, DAG and
 * migration tables included), in one statement, keyed by table name. For
 * "a refused call writes nothing": compare the counts before and after.
 * A table added by a later migration is counted without editing this file.
 */
export async function tableCounts(sql: TestEnv["sql"]): Promise<Record<string, number>> {
  const rows = await sql<{ name: string; n: string }>(
    `SELECT table_name AS name,
            (xpath('/row/n/text()',
                   query_to_xml(format('SELECT count(*) AS n FROM public.%I', table_name), false, true, '')))[1]::text AS n
       FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      ORDER BY table_name`,
  );
  if (rows.length === 0) throw new Error("no tables found in the public schema");
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}
