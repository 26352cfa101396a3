import type { Queryable } from "./run-store.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = async (db: Queryable, text: string, value: string): Promise<string[] | undefined> => {
  const { rows } = await db.query<{ names: (string | null)[] }>(text, [value]);
  const names = rows[0]?.names.filter((n): n is string => n !== null);
  return names && names.length > 0 ? names : undefined;
};

/**
 * The task and DAG names an id or name stands for, so a grant limited to a
 * name prefix can be checked before the operation runs. undefined: nothing
 * by that id (the caller answers exactly as for someone else's).
 */
export const authTargets = {
  executionTask: (db: Queryable, id: string): Promise<string[] | undefined> =>
    UUID.test(id)
      ? one(
          db,
          `SELECT ARRAY[t.name] AS names FROM executions e JOIN task_definitions t ON t.id = e."taskId" WHERE e.id = $1`,
          id,
        )
      : Promise.resolve(undefined),
  dagRunDag: (db: Queryable, id: string): Promise<string[] | undefined> =>
    UUID.test(id)
      ? one(db, `SELECT ARRAY[d.name] AS names FROM dag_runs r JOIN dags d ON d.id = r."dagId" WHERE r.id = $1`, id)
      : Promise.resolve(undefined),
  scheduleTarget: (db: Queryable, name: string): Promise<string[] | undefined> =>
    one(db, `SELECT ARRAY[COALESCE("taskName", "dagName")] AS names FROM schedules WHERE name = $1`, name),
  triggerTarget: (db: Queryable, name: string): Promise<string[] | undefined> =>
    one(db, `SELECT ARRAY[COALESCE("taskName", "dagName")] AS names FROM triggers WHERE name = $1`, name),
};
