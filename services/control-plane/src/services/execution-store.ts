import type { Prisma } from "@baton/db";
import type { NewEvent, StoredEvent } from "../domain/events.js";
import type { ExecutionStatus } from "../domain/execution-state.js";

export type Tx = Prisma.TransactionClient;

export interface LockedExecution {
  id: string;
  status: ExecutionStatus;
  lastSeq: number;
  runnerSeq: number;
  runnerId: string | null;
  cancelRequestedAt: Date | null;
}

/** Row lock: every writer of an execution's state and events goes through it, so seqs never collide. */
export async function lockExecution(tx: Tx, id: string): Promise<LockedExecution | undefined> {
  const rows = await tx.$queryRaw<LockedExecution[]>`
    SELECT id, status, "lastSeq", "runnerSeq", "runnerId", "cancelRequestedAt"
    FROM executions WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0];
}

/** Numbers and inserts events after lastSeq; the caller stores the new lastSeq. */
export async function appendEvents(
  tx: Tx,
  executionId: string,
  lastSeq: number,
  events: readonly NewEvent[],
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const stored = events.map((e, i) => ({ ...e, executionId, seq: lastSeq + i + 1 }) as StoredEvent);
  await tx.executionEvent.createMany({
    data: stored.map((e) => ({
      executionId,
      seq: e.seq,
      kind: e.kind,
      payload: e.payload as unknown as Prisma.InputJsonValue,
      at: e.at,
    })),
  });
  return stored;
}

export function toStoredEvent(row: {
  executionId: string;
  seq: number;
  kind: string;
  payload: unknown;
  at: Date;
}): StoredEvent {
  return {
    executionId: row.executionId,
    seq: row.seq,
    kind: row.kind,
    payload: row.payload,
    at: row.at,
  } as StoredEvent;
}
