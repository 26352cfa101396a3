import type { PrismaClient, Runner } from "@baton/db";
import type { Heartbeat } from "@baton/proto";
import { statusEvent } from "../domain/events.js";
import { appendEvents, lockExecution } from "./execution-store.js";
import type { EventPublisher } from "./ports.js";

/** The fleet as the control plane sees it: heartbeats in, LOST verdicts out. */
export class RunnersService {
  constructor(
    private readonly db: PrismaClient,
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
      const events = await this.db.$transaction(async (tx) => {
        const row = await lockExecution(tx, c.id);
        if (!row || (row.status !== "DISPATCHED" && row.status !== "RUNNING")) return [];
        const cause = `runner ${c.runnerId} stopped sending heartbeats`;
        const stored = await appendEvents(tx, c.id, row.lastSeq, [statusEvent("LOST", cause, now)]);
        await tx.execution.update({
          where: { id: c.id },
          data: { status: "LOST", endedAt: now, errorMessage: cause, lastSeq: row.lastSeq + stored.length },
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
