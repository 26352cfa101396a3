import { randomUUID } from "node:crypto";
import type { StoredEvent } from "../domain/events.js";
import { decideRetry, type RetryPolicy } from "../domain/retry.js";
import { iso, type Queryable } from "./run-store.js";

/** The next attempt of a run that ended, inserted QUEUED with its backoff. */
export interface RetryRun {
  executionId: string;
  retryOf: string;
  notBefore: Date;
  event: StoredEvent;
}

/**
 * Inserts the next attempt of an execution that just ended, if its retry
 * policy says so, on the transaction that wrote the terminal status (the
 * caller holds the row lock): the ended run and its retry are committed
 * together, so nothing (a DAG advancing, a subscriber) ever sees a final
 * failure that is about to be retried. The new execution copies the run
 * (revision, arguments, spec, origin, what it asks of admission), is attempt
 * n+1 linked by retryOfId (unique: one retry per attempt), waits until
 * notBefore, and takes over the DAG node the ended one ran for. Verification
 * runs are never retried: their verdict is their own.
 */
export async function insertRetry(
  tx: Queryable,
  endedId: string,
  status: string,
  now: Date,
  random: () => number = Math.random,
): Promise<RetryRun | undefined> {
  const { rows } = await tx.query<{ attempt: number; retryPolicy: RetryPolicy | null; originKind: string }>(
    `SELECT attempt, "retryPolicy", "originKind" FROM executions WHERE id = $1`,
    [endedId],
  );
  const ended = rows[0];
  if (!ended?.retryPolicy || ended.originKind === "VERIFY") return undefined;
  const decision = decideRetry(ended.retryPolicy, { status, attempt: ended.attempt }, now, random);
  if (!decision.retry) return undefined;
  const id = randomUUID();
  const cause = `retry of ${endedId}: ${decision.reason}`;
  const payload = { status: "QUEUED" as const, cause };
  const inserted = await tx.query(
    `WITH e AS (
       INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec,
                               "restartOfId", "queuedAt", "lastSeq", "originKind", "originName", origin, "scheduleId",
                               priority, "concurrencyKey", "concurrencyLimit", "cpuMillis", "memoryBytes",
                               "runnerLabels", "dagId", "expiresAt", "notBefore", "waitReason",
                               attempt, "retryOfId", "retryPolicy")
       SELECT $1, "taskId", "releaseRevision", 'QUEUED', platform, pool, arguments, spec,
              "restartOfId", $3, 1, "originKind", "originName", origin, "scheduleId",
              priority, "concurrencyKey", "concurrencyLimit", "cpuMillis", "memoryBytes",
              "runnerLabels", "dagId", $3::timestamp + ("expiresAt" - "queuedAt"), $4, $5,
              $6, id, "retryPolicy"
       FROM executions WHERE id = $2
       ON CONFLICT ("retryOfId") DO NOTHING
       RETURNING id),
     ev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at) SELECT id, 1, 'STATUS', $7, $3 FROM e),
     nr AS (UPDATE dag_node_runs SET "executionId" = e.id FROM e WHERE dag_node_runs."executionId" = $2)
     SELECT id FROM e`,
    [
      id,
      endedId,
      iso(now),
      iso(decision.notBefore),
      `backoff: ${decision.reason}`,
      decision.attempt,
      JSON.stringify(payload),
    ],
  );
  if (inserted.rowCount === 0) return undefined;
  return {
    executionId: id,
    retryOf: endedId,
    notBefore: decision.notBefore,
    event: { executionId: id, seq: 1, kind: "STATUS", payload, at: now },
  };
}
