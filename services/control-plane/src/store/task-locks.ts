import { query, type SqlClient } from "./sql.js";

/**
 * Locks the live task of that name until the caller's transaction ends: every
 * change to a task's releases happens under it. Its id, or undefined when no
 * live task has that name.
 */
export async function lockLiveTask(db: SqlClient, name: string): Promise<string | undefined> {
  const rows = await query<{ id: string }>(db, `SELECT id FROM task_definitions WHERE "liveName" = $1 FOR UPDATE`, [
    name,
  ]);
  return rows[0]?.id;
}

/** Locks the task row with that id (live or deleted) until the caller's transaction ends. */
export async function lockTaskById(db: SqlClient, id: string): Promise<void> {
  await query(db, `SELECT id FROM task_definitions WHERE id = $1::uuid FOR UPDATE`, [id]);
}
