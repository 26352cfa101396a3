import type { Heartbeat } from "@baton/proto";
import { TERMINAL_STATUSES } from "../domain/execution-state.js";
import { isUuid } from "../domain/validation.js";
import type { Queryable } from "./run-store.js";

/** Database time as Prisma stores it (UTC wall time in a timestamp column). */
const NOW = `(now() AT TIME ZONE 'UTC')`;
const uuids = (ids: readonly string[]): string[] => ids.filter(isUuid);

export interface ClaimedRun {
  id: string;
  runnerId: string;
}

/** A run a runner held, as a restarted runner needs it to adopt the run. */
export interface HeldRow {
  id: string;
  taskName: string;
  releaseRevision: number;
  platform: string;
  pool: string;
  spec: unknown;
  handle: Record<string, string | number> | null;
  startedAt: Date | null;
  runnerSeq: number;
  stdoutLines: number;
  stderrLines: number;
  cancelRequestedAt: Date | null;
}

/**
 * The fleet's rows. Every time here is the database's clock, never an
 * instance's, so control planes with skewed clocks agree on who is silent.
 */
export class RunnerStore {
  constructor(private readonly db: Queryable) {}

  async saveHeartbeat(hb: Heartbeat): Promise<void> {
    await this.db.query(
      `INSERT INTO runners (id, platform, pool, capacity, running, hostname, pid, "startedAt", "lastHeartbeatAt",
                            "cpuMillis", "memoryBytes", labels, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${NOW}, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET platform = $2, pool = $3, capacity = $4, running = $5, hostname = $6,
         pid = $7, "startedAt" = $8, "lastHeartbeatAt" = ${NOW}, "cpuMillis" = $9, "memoryBytes" = $10,
         labels = $11, version = $12`,
      [
        hb.runnerId,
        hb.platform,
        hb.pool,
        hb.capacity,
        hb.running.length,
        hb.hostname,
        hb.pid,
        hb.startedAt,
        hb.cpuMillis ?? 0,
        hb.memoryBytes ?? 0,
        JSON.stringify(hb.labels ?? {}),
        hb.version ?? null,
      ],
    );
  }

  /** Of the runs a runner says it holds, those that already ended here: the runner must kill them. */
  async terminalAmong(ids: readonly string[]): Promise<string[]> {
    const valid = uuids(ids);
    if (valid.length === 0) return [];
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM executions WHERE id = ANY($1::uuid[])
         AND status = ANY($2::text[])`,
      [valid, TERMINAL_STATUSES],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Runs claimed by this runner id before its current incarnation started
   * and not in its list: the incarnation that held them is gone.
   */
  async disowned(runnerId: string, incarnationStartedAt: string, running: readonly string[]): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM executions
       WHERE "runnerId" = $1 AND status IN ('DISPATCHED', 'RUNNING')
         AND COALESCE("claimedAt", "dispatchedAt", "queuedAt") < $2::timestamptz AT TIME ZONE 'UTC'
         AND NOT (id = ANY($3::uuid[]))
       LIMIT 500`,
      [runnerId, incarnationStartedAt, uuids(running)],
    );
    return rows.map((r) => r.id);
  }

  /** The runs this runner id holds (claimed and not ended), for a restarted runner to adopt. */
  async held(runnerId: string): Promise<HeldRow[]> {
    const { rows } = await this.db.query<HeldRow>(
      `SELECT e.id, td.name AS "taskName", e."releaseRevision", e.platform, e.pool, e.spec, e.handle,
              e."startedAt", e."runnerSeq", e."stdoutLines", e."stderrLines", e."cancelRequestedAt"
       FROM executions e JOIN task_definitions td ON td.id = e."taskId"
       WHERE e."runnerId" = $1 AND e.status IN ('DISPATCHED', 'RUNNING')
       ORDER BY e."claimedAt" NULLS FIRST, e.id
       LIMIT 1000`,
      [runnerId],
    );
    return rows;
  }

  /** Claimed runs whose runner has not been heard of for lostAfterMs (database time). */
  async silent(lostAfterMs: number): Promise<ClaimedRun[]> {
    const { rows } = await this.db.query<ClaimedRun>(
      `SELECT e.id, e."runnerId" FROM executions e LEFT JOIN runners r ON r.id = e."runnerId"
       WHERE e.status IN ('DISPATCHED', 'RUNNING') AND e."runnerId" IS NOT NULL
         AND COALESCE(e."claimedAt", e."dispatchedAt", e."queuedAt") < ${NOW} - make_interval(secs => $1 / 1000.0)
         AND (r.id IS NULL OR r."lastHeartbeatAt" < ${NOW} - make_interval(secs => $1 / 1000.0))
       LIMIT 500`,
      [lostAfterMs],
    );
    return rows;
  }

  /** Whether the runner is still silent (checked again under the run's lock). */
  async stillSilent(runnerId: string, lostAfterMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT 1 FROM runners WHERE id = $1 AND "lastHeartbeatAt" >= ${NOW} - make_interval(secs => $2 / 1000.0)`,
      [runnerId, lostAfterMs],
    );
    return rows.length === 0;
  }
}
