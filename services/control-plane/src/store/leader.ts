import type pg from "pg";

/** pg_advisory_lock key of the control planes' leader ("baton" in ASCII). */
export const LEADER_LOCK_KEY = 0x6261746f6e;

/** Takes the leader lock on this session if nobody holds it; true when this session holds it. */
export async function tryLeaderLock(client: pg.Client, key = LEADER_LOCK_KEY): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [key]);
  return rows[0]?.locked === true;
}

/** Fails unless the session is alive and still holds the lock. */
export async function checkLeaderLock(client: pg.Client, key = LEADER_LOCK_KEY): Promise<void> {
  const { rows } = await client.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
       AND ((classid::bigint << 32) | objid::bigint) = $1) AS held`,
    [key],
  );
  if (rows[0]?.held !== true) throw new Error("the leader lock is no longer held");
}
