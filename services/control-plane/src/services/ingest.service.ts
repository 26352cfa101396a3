import type { Prisma, PrismaClient } from "@baton/db";
import type { ClaimReply, RunEvent } from "@baton/proto";
import type { StoredEvent } from "../domain/events.js";
import { isTerminal } from "../domain/execution-state.js";
import { applyRunEvent, type StepState } from "../domain/run-events.js";
import { appendEvents, lockExecution, type Tx } from "./execution-store.js";
import type { EventPublisher } from "./ports.js";

export type IngestResult = "applied" | "duplicate" | "early" | "unknown";

/**
 * Turns runner events into execution state, exactly once and in order:
 * runner events are numbered 1..n per execution, and an event is applied
 * only when it is the next one (a redelivered one is a duplicate; one that
 * overtook its predecessor is "early" and is delivered again later).
 */
export class IngestService {
  constructor(
    private readonly db: PrismaClient,
    private readonly live: EventPublisher,
  ) {}

  async ingest(event: RunEvent): Promise<IngestResult> {
    const result = await this.db.$transaction(async (tx): Promise<IngestResult | StoredEvent[]> => {
      const row = await lockExecution(tx, event.executionId);
      if (!row) return "unknown";
      if (event.rseq <= row.runnerSeq) return "duplicate";
      if (event.rseq > row.runnerSeq + 1) return "early";
      const steps = event.type === "report" || event.type === "exited" ? await loadSteps(tx, row.id) : new Map();
      const outcome = applyRunEvent(row.status, steps, event);
      const stored = await appendEvents(tx, row.id, row.lastSeq, outcome.events);
      for (const step of outcome.steps) await saveStep(tx, row.id, step);
      const { handle, ...change } = outcome.execution;
      await tx.execution.update({
        where: { id: row.id },
        data: {
          ...change,
          ...(handle ? { handle } : {}),
          runnerSeq: event.rseq,
          lastSeq: row.lastSeq + stored.length,
        },
      });
      return stored;
    });
    if (typeof result === "string") return result;
    this.live.publish(event.executionId, result);
    return "applied";
  }

  /**
   * A runner asks before starting a run, so a run starts at most once and a
   * run cancelled while queued never starts.
   */
  async claim(executionId: string, runnerId: string): Promise<ClaimReply> {
    return this.db.$transaction(async (tx) => {
      const row = await lockExecution(tx, executionId);
      if (!row) return { ok: false, retry: false, reason: "unknown execution" };
      if (isTerminal(row.status)) return { ok: false, retry: false, reason: `execution is ${row.status}` };
      if (row.runnerId && row.runnerId !== runnerId) {
        return { ok: false, retry: false, reason: `already claimed by ${row.runnerId}` };
      }
      if (row.runnerSeq > 0) return { ok: false, retry: false, reason: "already started" };
      await tx.execution.update({ where: { id: executionId }, data: { runnerId } });
      return { ok: true, retry: false };
    });
  }
}

async function loadSteps(tx: Tx, executionId: string): Promise<Map<string, StepState>> {
  const rows = await tx.stepExecution.findMany({ where: { executionId } });
  return new Map(
    rows.map((r) => [
      r.name,
      {
        name: r.name,
        status: r.status,
        readCount: r.readCount,
        writeCount: r.writeCount,
        commitCount: r.commitCount,
        rollbackCount: r.rollbackCount,
        skipCount: r.skipCount,
        filterCount: r.filterCount,
        exitMessage: r.exitMessage,
        startedAt: r.startedAt?.toISOString() ?? null,
        endedAt: r.endedAt?.toISOString() ?? null,
        checkpoint: r.checkpoint,
        position: r.position,
      },
    ]),
  );
}

async function saveStep(tx: Tx, executionId: string, s: StepState): Promise<void> {
  const data = {
    status: s.status,
    readCount: s.readCount,
    writeCount: s.writeCount,
    commitCount: s.commitCount,
    rollbackCount: s.rollbackCount,
    skipCount: s.skipCount,
    filterCount: s.filterCount,
    exitMessage: s.exitMessage,
    checkpoint: (s.checkpoint ?? undefined) as Prisma.InputJsonValue | undefined,
    startedAt: s.startedAt ? new Date(s.startedAt) : null,
    endedAt: s.endedAt ? new Date(s.endedAt) : null,
    position: s.position,
  };
  await tx.stepExecution.upsert({
    where: { executionId_name: { executionId, name: s.name } },
    create: { executionId, name: s.name, ...data },
    update: data,
  });
}
