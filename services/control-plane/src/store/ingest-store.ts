import type { NewEvent, StoredEvent } from "../domain/events.js";
import type { ExecutionStatus } from "../domain/execution-state.js";
import type { StepState } from "../domain/run-events.js";
import { insertEventsSql } from "./event-rows.js";
import {
  CHANGEABLE,
  type ExecutionUpdate,
  type IngestFacts,
  iso,
  type LockedExecution,
  type Queryable,
} from "./run-store.js";
import { type StepJson, stepFromJson } from "./steps.js";

/** What ingestion folds a batch against: the execution's state, its steps, and the facts the metrics need. */
export type IngestState = LockedExecution & IngestFacts & { steps: Map<string, StepState> };

/** The state a batch was folded against; the write happens only if the row still has it. */
export interface Expected {
  status: ExecutionStatus;
  lastSeq: number;
  runnerSeq: number;
}

/** The columns ingestion reads, for a plain read or under FOR UPDATE. */
export const INGEST_STATE_SQL = `SELECT e.id, e.status, e."lastSeq", e."runnerSeq", e."runnerId", e."retryPolicy" IS NOT NULL AS retries,
        t.name AS task, e."queuedAt", e."startedAt", e."dagId",
        (SELECT json_agg(s) FROM step_executions s WHERE s."executionId" = e.id) AS steps
 FROM executions e JOIN task_definitions t ON t.id = e."taskId" WHERE e.id = $1`;

type StateRow = LockedExecution & IngestFacts & { steps: StepJson[] | null };

export const toIngestState = (row: StateRow): IngestState => ({
  ...row,
  steps: new Map((row.steps ?? []).map((s) => [s.name, stepFromJson(s)])),
});

/** The execution's ingestion state, read without a lock (an optimistic write checks it). */
export async function readIngestState(db: Queryable, id: string): Promise<IngestState | undefined> {
  const { rows } = await db.query<StateRow>(INGEST_STATE_SQL, [id]);
  const row = rows[0];
  return row ? toIngestState(row) : undefined;
}

/**
 * Writes one folded batch in ONE statement, without a transaction: the
 * execution's update, its new events and its steps, all conditioned on the
 * row still being in the state the batch was folded against (status,
 * lastSeq, runnerSeq). Postgres re-checks that condition on the newest row
 * version under the UPDATE's row lock, and the inserts happen only when the
 * update did, so the batch is applied whole, once, or not at all (false:
 * another writer came first; read again and fold again).
 */
export async function commitIngestBatch(
  db: Queryable,
  id: string,
  expected: Expected,
  change: ExecutionUpdate,
  events: readonly StoredEvent[],
  steps: readonly StepState[],
): Promise<boolean> {
  const values: unknown[] = [id, expected.status, expected.lastSeq, expected.runnerSeq];
  const param = (v: unknown): string => {
    values.push(v);
    return `$${values.length}`;
  };
  const sets: string[] = [];
  // The run-store's columns (read at call time: the two modules import each other).
  for (const k of CHANGEABLE) {
    const v = change[k];
    if (v === undefined || k === "cancelRequestedAt") continue; // only a cancel writes that
    sets.push(`"${k}" = ${param(v instanceof Date ? iso(v) : k === "handle" ? JSON.stringify(v) : v)}`);
  }
  const lines = change.addLines;
  if (lines && (lines.stdout > 0 || lines.stderr > 0))
    sets.push(
      `"stdoutLines" = "stdoutLines" + ${param(lines.stdout)}`,
      `"stderrLines" = "stderrLines" + ${param(lines.stderr)}`,
    );
  if (sets.length === 0) sets.push(`"runnerSeq" = "runnerSeq"`);
  const parts = [
    `u AS (UPDATE executions SET ${sets.join(", ")}
            WHERE id = $1 AND status = $2 AND "lastSeq" = $3 AND "runnerSeq" = $4 RETURNING id)`,
  ];
  parts.push(...insertEventsSql(events, "$1", param, "EXISTS (SELECT 1 FROM u)"));
  if (steps.length > 0)
    parts.push(`st AS (INSERT INTO step_executions ("executionId", name, status, "readCount", "writeCount", "commitCount",
         "rollbackCount", "skipCount", "filterCount", "exitMessage", checkpoint, "startedAt", "endedAt", position)
       SELECT $1, s.name, s.status, s."readCount", s."writeCount", s."commitCount", s."rollbackCount", s."skipCount",
              s."filterCount", s."exitMessage", s.checkpoint, s."startedAt", s."endedAt", s.position
       FROM jsonb_to_recordset(${param(JSON.stringify(steps.map(stepRecord)))}::jsonb) AS s(name text, status text,
              "readCount" int, "writeCount" int, "commitCount" int, "rollbackCount" int, "skipCount" int,
              "filterCount" int, "exitMessage" text, checkpoint jsonb, "startedAt" timestamp, "endedAt" timestamp,
              position int)
       WHERE EXISTS (SELECT 1 FROM u)
       ON CONFLICT ("executionId", name) DO UPDATE SET status = EXCLUDED.status, "readCount" = EXCLUDED."readCount",
         "writeCount" = EXCLUDED."writeCount", "commitCount" = EXCLUDED."commitCount",
         "rollbackCount" = EXCLUDED."rollbackCount", "skipCount" = EXCLUDED."skipCount",
         "filterCount" = EXCLUDED."filterCount", "exitMessage" = EXCLUDED."exitMessage",
         checkpoint = EXCLUDED.checkpoint, "startedAt" = EXCLUDED."startedAt", "endedAt" = EXCLUDED."endedAt")`);
  const { rows } = await db.query<{ n: number }>(`WITH ${parts.join(",\n")} SELECT count(*)::int AS n FROM u`, values);
  return rows[0]?.n === 1;
}

/** A step as the recordset above reads it (a null checkpoint stays SQL NULL, as saveStep writes it). */
const stepRecord = (s: StepState) => ({ ...s, checkpoint: s.checkpoint ?? null });

/** Numbers events after lastSeq (what commitIngestBatch and appendEvents insert). */
export const numbered = (id: string, lastSeq: number, events: readonly NewEvent[]): StoredEvent[] =>
  events.map((e, i) => ({ ...e, executionId: id, seq: lastSeq + i + 1 }) as StoredEvent);
