import type { PrismaClient, Runner } from "@baton/db";
import type { Heartbeat } from "@baton/proto";
import { statusEvent } from "../domain/events.js";
import { inTransaction } from "../store/pool.js";
import { type RunStore, updateExecution } from "../store/run-store.js";
import type { EventPublisher } from "./ports.js";

/** The fleet as the control plane sees it: heartbeats in, LOST verdicts out. */
export class RunnersService {
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
      const now = new Date();
      const events = await inTransaction(this.store.pool, async (tx) => {
        const row = await this.store.lock(tx, c.id);
        if (!row || (row.status !== "DISPATCHED" && row.status !== "RUNNING")) return [];
        const cause = `runner ${c.runnerId} stopped sending heartbeats`;
        const stored = await this.store.appendEvents(tx, c.id, row.lastSeq, [statusEvent("LOST", cause, now)]);
        await updateExecution(tx, c.id, {
          status: "LOST",
          endedAt: now,
          errorMessage: cause,
          lastSeq: row.lastSeq + 1,
        });
        return stored;
      });
      if (events.length > 0) {
        this.live.publish(c.id, events);
        lost.push(c.id);
      }
    }
    return lost;
  }
}
