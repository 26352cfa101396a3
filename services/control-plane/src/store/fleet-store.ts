import { HOLDING_SLOTS } from "./admission-store.js";
import type { Queryable } from "./run-store.js";

const NOW = `(now() AT TIME ZONE 'UTC')`;

/** A runner row with what its active runs hold. */
export interface RunnerRow {
  id: string;
  platform: string;
  pool: string;
  capacity: number;
  running: number;
  hostname: string;
  pid: number;
  startedAt: Date;
  lastHeartbeatAt: Date;
  cpuMillis: number;
  memoryBytes: number;
  labels: Record<string, string> | null;
  version: string | null;
  drainingAt: Date | null;
  fresh: boolean;
  usedSlots: number;
  usedCpuMillis: number;
  usedMemoryBytes: number;
}

export interface PoolRow {
  name: string;
  maxConcurrent: number | null;
  updatedAt: Date;
}

/** Per task and pool: what waits, since when, and why the oldest waits. */
export interface QueueRow {
  pool: string;
  taskName: string;
  queued: number;
  oldestQueuedAt: Date;
  reason: string | null;
  running: number;
}

/** The fleet and queue views, and the operator's changes to them. Times are the database's. */
export class FleetStore {
  constructor(private readonly db: Queryable) {}

  async runners(freshMs: number, includeOffline: boolean): Promise<RunnerRow[]> {
    const { rows } = await this.db.query<RunnerRow>(
      `SELECT r.*, r."lastHeartbeatAt" >= ${NOW} - make_interval(secs => $1 / 1000.0) AS fresh,
              COALESCE(u.slots, 0)::int AS "usedSlots", COALESCE(u.cpu, 0)::int AS "usedCpuMillis",
              COALESCE(u.mem, 0)::float8 AS "usedMemoryBytes"
       FROM runners r
       LEFT JOIN (SELECT runner, count(*) AS slots, sum(cpu) AS cpu, sum(mem) AS mem
                  FROM (${HOLDING_SLOTS}) h GROUP BY runner) u ON u.runner = r.id
       WHERE $2 OR r."lastHeartbeatAt" >= ${NOW} - make_interval(secs => $1 / 1000.0)
       ORDER BY r.id`,
      [freshMs, includeOffline],
    );
    return rows;
  }

  /** Sets or clears drainingAt; undefined when no runner has that id. */
  async setDraining(id: string, draining: boolean): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE runners SET "drainingAt" = CASE WHEN $2 THEN COALESCE("drainingAt", ${NOW}) ELSE NULL END WHERE id = $1`,
      [id, draining],
    );
    return rowCount === 1;
  }

  async pools(): Promise<PoolRow[]> {
    const { rows } = await this.db.query<PoolRow>(`SELECT * FROM pools ORDER BY name`);
    return rows;
  }

  async setPoolLimit(name: string, maxConcurrent: number | null): Promise<PoolRow> {
    const { rows } = await this.db.query<PoolRow>(
      `INSERT INTO pools (name, "maxConcurrent", "updatedAt") VALUES ($1, $2, ${NOW})
       ON CONFLICT (name) DO UPDATE SET "maxConcurrent" = $2, "updatedAt" = ${NOW} RETURNING *`,
      [name, maxConcurrent],
    );
    return rows[0] as PoolRow;
  }

  async queue(): Promise<QueueRow[]> {
    const { rows } = await this.db.query<QueueRow>(
      `WITH q AS (
         SELECT e.pool, e."taskId", count(*)::int AS queued, min(e."queuedAt") AS "oldestQueuedAt",
                (array_agg(e."waitReason" ORDER BY e.priority DESC, e."queuedAt")
                   FILTER (WHERE e."waitReason" IS NOT NULL))[1] AS reason
         FROM executions e WHERE e.status = 'QUEUED' GROUP BY e.pool, e."taskId"),
       a AS (SELECT pool, "taskId", count(*)::int AS running FROM (${HOLDING_SLOTS}) h GROUP BY pool, "taskId")
       SELECT q.pool, t.name AS "taskName", q.queued, q."oldestQueuedAt", q.reason, COALESCE(a.running, 0) AS running
       FROM q JOIN task_definitions t ON t.id = q."taskId"
       LEFT JOIN a ON a.pool = q.pool AND a."taskId" = q."taskId"
       ORDER BY q."oldestQueuedAt"`,
    );
    return rows;
  }

  /** Active runs per pool (for pools with nothing queued too). */
  async activeByPool(): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ pool: string; n: number }>(
      `SELECT pool, count(*)::int AS n FROM (${HOLDING_SLOTS}) h GROUP BY pool`,
    );
    return new Map(rows.map((r) => [r.pool, r.n]));
  }

  /**
   * Each QUEUED run's place in its pool's line, in admission's order:
   * priority, then round robin between tasks (each task's runs ranked by
   * age; of equal ranks, the task served longest ago first), then age.
   */
  async positions(): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ id: string; pos: number }>(
      `WITH q AS (
         SELECT e.id, e.pool, e.priority, e."queuedAt", t."admittedTurn" AS turn,
                row_number() OVER (PARTITION BY e."taskId", e.priority ORDER BY e."queuedAt", e.id) AS rn
         FROM executions e JOIN task_definitions t ON t.id = e."taskId" WHERE e.status = 'QUEUED')
       SELECT id, row_number() OVER (PARTITION BY pool ORDER BY priority DESC, rn, turn, "queuedAt", id)::int AS pos
       FROM q`,
    );
    return new Map(rows.map((r) => [r.id, r.pos]));
  }

  /** The chain of attempts the execution belongs to, first attempt first. */
  async attempts(id: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `WITH RECURSIVE back AS (
         SELECT id, "retryOfId", attempt FROM executions WHERE id = $1
         UNION ALL SELECT e.id, e."retryOfId", e.attempt FROM executions e JOIN back b ON e.id = b."retryOfId"),
       fwd AS (
         SELECT id, attempt FROM executions WHERE id = $1
         UNION ALL SELECT e.id, e.attempt FROM executions e JOIN fwd f ON e."retryOfId" = f.id)
       SELECT id FROM (SELECT id, attempt FROM back UNION SELECT id, attempt FROM fwd) c ORDER BY attempt`,
      [id],
    );
    return rows.map((r) => r.id);
  }
}
