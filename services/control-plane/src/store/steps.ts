import type { StepState } from "../domain/run-events.js";
import type { Queryable } from "./run-store.js";

/** A step_executions row as json_agg renders it: StepState's shape, timestamps as text in UTC without a zone. */
export type StepJson = StepState;

const utc = (t: string | null): string | null => (t ? new Date(`${t}Z`).toISOString() : null);

export function stepFromJson(s: StepJson): StepState {
  return {
    name: s.name,
    status: s.status,
    readCount: s.readCount,
    writeCount: s.writeCount,
    commitCount: s.commitCount,
    rollbackCount: s.rollbackCount,
    skipCount: s.skipCount,
    filterCount: s.filterCount,
    exitMessage: s.exitMessage,
    checkpoint: s.checkpoint,
    startedAt: utc(s.startedAt),
    endedAt: utc(s.endedAt),
    position: s.position,
  };
}

export async function saveStep(db: Queryable, executionId: string, s: StepState): Promise<void> {
  await db.query(
    `INSERT INTO step_executions ("executionId", name, status, "readCount", "writeCount", "commitCount", "rollbackCount",
       "skipCount", "filterCount", "exitMessage", checkpoint, "startedAt", "endedAt", position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT ("executionId", name) DO UPDATE SET status = $3, "readCount" = $4, "writeCount" = $5,
       "commitCount" = $6, "rollbackCount" = $7, "skipCount" = $8, "filterCount" = $9, "exitMessage" = $10,
       checkpoint = $11, "startedAt" = $12, "endedAt" = $13`,
    [
      executionId,
      s.name,
      s.status,
      s.readCount,
      s.writeCount,
      s.commitCount,
      s.rollbackCount,
      s.skipCount,
      s.filterCount,
      s.exitMessage,
      s.checkpoint === null || s.checkpoint === undefined ? null : JSON.stringify(s.checkpoint),
      s.startedAt,
      s.endedAt,
      s.position,
    ],
  );
}
