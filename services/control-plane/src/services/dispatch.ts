import type { Execution, PrismaClient } from "@baton/db";
import type { RunCommand, RunSpec } from "@baton/proto";
import { statusEvent } from "../domain/events.js";
import { appendEvents, lockExecution } from "./execution-store.js";
import type { EventPublisher, RunDispatcher } from "./ports.js";

/**
 * Hands QUEUED executions to the bus. The row is committed before the
 * command is published, so a crash in between leaves a QUEUED row that
 * `redispatchStale` publishes again; JetStream's duplicate window and the
 * runner's claim make a second copy harmless.
 */
export class Dispatch {
  constructor(
    private readonly db: PrismaClient,
    private readonly bus: RunDispatcher,
    private readonly live: EventPublisher,
    private readonly log: (msg: string) => void = console.error,
  ) {}

  /** Publishes and records DISPATCHED; returns the updated row, or undefined when the bus refused (it stays QUEUED). */
  async send(row: Execution): Promise<Execution | undefined> {
    const task = await this.db.taskDefinition.findUniqueOrThrow({ where: { id: row.taskId }, select: { name: true } });
    const command: RunCommand = {
      v: 1,
      executionId: row.id,
      task: task.name,
      revision: row.releaseRevision,
      platform: row.platform,
      pool: row.pool,
      spec: row.spec as unknown as RunSpec,
    };
    try {
      await this.bus.dispatch(command);
    } catch (err) {
      this.log(`dispatch of execution ${row.id} failed, will retry: ${(err as Error).message}`);
      return undefined;
    }
    return this.markDispatched(row.id);
  }

  private async markDispatched(id: string): Promise<Execution> {
    const now = new Date();
    const events = await this.db.$transaction(async (tx) => {
      const row = await lockExecution(tx, id);
      if (row?.status !== "QUEUED") return [];
      const stored = await appendEvents(tx, id, row.lastSeq, [
        statusEvent("DISPATCHED", "sent to the runner queue", now),
      ]);
      await tx.execution.update({
        where: { id },
        data: { status: "DISPATCHED", dispatchedAt: now, lastSeq: row.lastSeq + stored.length },
      });
      return stored;
    });
    this.live.publish(id, events);
    return this.db.execution.findUniqueOrThrow({ where: { id } });
  }

  /** Publishes again every execution left QUEUED for longer than olderThanMs (bus down at launch, crash). */
  async redispatchStale(olderThanMs: number): Promise<number> {
    const rows = await this.db.execution.findMany({
      where: { status: "QUEUED", runnerId: null, queuedAt: { lt: new Date(Date.now() - olderThanMs) } },
      orderBy: { queuedAt: "asc" },
      take: 500,
    });
    let sent = 0;
    for (const row of rows) if (await this.send(row)) sent++;
    return sent;
  }
}
