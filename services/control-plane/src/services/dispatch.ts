import type { Execution, PrismaClient } from "@baton/db";
import type { RunCommand, RunSpec } from "@baton/proto";
import type { RunStore } from "../store/run-store.js";
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
    private readonly store: RunStore,
    private readonly bus: RunDispatcher,
    private readonly live: EventPublisher,
    private readonly log: (msg: string) => void = console.error,
  ) {}

  /** Publishes and records DISPATCHED; returns the updated row, or undefined when the bus refused (it stays QUEUED). */
  async send(row: Execution, task: string): Promise<Execution | undefined> {
    try {
      await this.bus.dispatch(commandOf(row, task));
    } catch (err) {
      this.log(`dispatch of execution ${row.id} failed, will retry: ${(err as Error).message}`);
      return undefined;
    }
    try {
      const marked = await this.store.markDispatched(row.id, new Date());
      if (!marked) return this.store.get(row.id);
      this.live.publish(row.id, [marked.event]);
      return marked.row;
    } catch (err) {
      // Published but not marked: the run proceeds; DISPATCHED is only skipped.
      this.log(`marking ${row.id} DISPATCHED failed: ${(err as Error).message}`);
      return row;
    }
  }

  /**
   * send() for many runs at once (a schedule's batch): the publishes go out
   * together and one statement records every DISPATCHED, so a thousand runs
   * take one database round trip here, not a thousand.
   */
  async sendMany(runs: readonly { row: Execution; task: string }[]): Promise<void> {
    if (runs.length === 0) return;
    const published = await Promise.all(
      runs.map(async ({ row, task }) => {
        try {
          await this.bus.dispatch(commandOf(row, task));
          return row.id;
        } catch (err) {
          this.log(`dispatch of execution ${row.id} failed, will retry: ${(err as Error).message}`);
          return undefined;
        }
      }),
    );
    const ids = published.filter((id): id is string => id !== undefined);
    try {
      for (const event of await this.store.markDispatchedMany(ids, new Date()))
        this.live.publish(event.executionId, [event]);
    } catch (err) {
      this.log(`marking ${ids.length} execution(s) DISPATCHED failed: ${(err as Error).message}`);
    }
  }

  /** Publishes again every execution left QUEUED for longer than olderThanMs (bus down at launch, crash). */
  async redispatchStale(olderThanMs: number): Promise<number> {
    const rows = await this.db.execution.findMany({
      where: { status: "QUEUED", runnerId: null, queuedAt: { lt: new Date(Date.now() - olderThanMs) } },
      include: { task: { select: { name: true } } },
      orderBy: { queuedAt: "asc" },
      take: 500,
    });
    let sent = 0;
    for (const { task, ...row } of rows) if (await this.send(row, task.name)) sent++;
    return sent;
  }
}

function commandOf(row: Execution, task: string): RunCommand {
  return {
    v: 1,
    executionId: row.id,
    task,
    revision: row.releaseRevision,
    platform: row.platform,
    pool: row.pool,
    spec: row.spec as unknown as RunSpec,
  };
}
