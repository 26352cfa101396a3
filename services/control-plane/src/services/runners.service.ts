import type { PrismaClient, Runner } from "@baton/db";
import type { Heartbeat } from "@baton/proto";
import { statusEvent } from "../domain/events.js";
import { inTransaction } from "../store/pool.js";
import { type RunStore, updateExecution } from "../store/run-store.js";
import type { EventPublisher } from "./ports.js";

/** The fleet as the control plane sees it: heartbeats in, LOST verdicts out. */
export class RunnersService {
  /** Runner id -> (execution id -> when that runner's heartbeat first left it out). */
  private readonly missingSince = new Map<string, Map<string, number>>();

  constructor(
    private readonly db: PrismaClient,
    private readonly store: RunStore,
    private readonly live: EventPublisher,
  ) {}

  async heartbeat(hb: Heartbeat): Promise<void> {
    const data = {
      platform: hb.platform,
      pool: hb.pool,
      capacity: hb.capacity,
      running: hb.running.length,
      hostname: hb.hostname,
      pid: hb.pid,
      startedAt: new Date(hb.startedAt),
      lastHeartbeatAt: new Date(),
    };
    await this.db.runner.upsert({ where: { id: hb.runnerId }, create: { id: hb.runnerId, ...data }, update: data });
  }

  /**
   * Runs a runner says it does not hold, though claimed by it and started
   * a while ago: the runner restarted under the same id and lost them.
   */
  async markDisowned(hb: Heartbeat, graceMs: number): Promise<string[]> {
    const cutoff = new Date(Date.now() - graceMs);
    const rows = await this.db.execution.findMany({
      where: {
        runnerId: hb.runnerId,
        // Only runs it started a while ago: a run just claimed may not be in a heartbeat yet.
        status: "RUNNING",
        startedAt: { lt: cutoff },
        id: { notIn: hb.running },
      },
      select: { id: true },
      take: 500,
    });
    // A run just finished leaves the runner's list before its exit is ingested:
    // only a run missing for the whole grace period is lost.
    const now = Date.now();
    const before = this.missingSince.get(hb.runnerId);
    const missing = new Map<string, number>();
    const lost: string[] = [];
    for (const { id } of rows) {
      const since = before?.get(id) ?? now;
      if (now - since < graceMs) missing.set(id, since);
      else if (await this.lose(id, `runner ${hb.runnerId} restarted and no longer holds this run`)) lost.push(id);
    }
    if (missing.size > 0) this.missingSince.set(hb.runnerId, missing);
    else this.missingSince.delete(hb.runnerId);
    return lost;
  }

  runners(activeWithinMs: number): Promise<Runner[]> {
    return this.db.runner.findMany({
      where: { lastHeartbeatAt: { gte: new Date(Date.now() - activeWithinMs) } },
      orderBy: { id: "asc" },
    });
  }

  /** Claimed runs whose runner has been silent for lostAfterMs become LOST. */
  async markLost(lostAfterMs: number): Promise<string[]> {
    const cutoff = new Date(Date.now() - lostAfterMs);
    const candidates = await this.db.$queryRaw<{ id: string; runnerId: string }[]>`
      SELECT e.id, e."runnerId" FROM executions e LEFT JOIN runners r ON r.id = e."runnerId"
      WHERE e.status IN ('DISPATCHED', 'RUNNING') AND e."runnerId" IS NOT NULL
        AND COALESCE(e."startedAt", e."dispatchedAt", e."queuedAt") < ${cutoff}
        AND (r.id IS NULL OR r."lastHeartbeatAt" < ${cutoff})
      LIMIT 500`;
    const lost: string[] = [];
    for (const c of candidates) {
      if (await this.lose(c.id, `runner ${c.runnerId} stopped sending heartbeats`)) lost.push(c.id);
    }
    return lost;
  }

  private async lose(id: string, cause: string): Promise<boolean> {
    const now = new Date();
    const events = await inTransaction(this.store.pool, async (tx) => {
      const row = await this.store.lock(tx, id);
      if (!row || (row.status !== "DISPATCHED" && row.status !== "RUNNING")) return [];
      const stored = await this.store.appendEvents(tx, id, row.lastSeq, [statusEvent("LOST", cause, now)]);
      await updateExecution(tx, id, { status: "LOST", endedAt: now, errorMessage: cause, lastSeq: row.lastSeq + 1 });
      return stored;
    });
    if (events.length > 0) this.live.publish(id, events);
    return events.length > 0;
  }
}
