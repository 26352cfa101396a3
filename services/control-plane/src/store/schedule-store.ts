import type { NameWindow } from "../domain/name-window.js";
import { nameWindowSql } from "./name-window-sql.js";
import type { Queryable } from "./run-store.js";

export interface ScheduleRow {
  id: string;
  name: string;
  taskName: string | null;
  dagName: string | null;
  cron: string;
  timezone: string;
  arguments: string[];
  properties: Record<string, unknown>;
  enabled: boolean;
  startAt: Date | null;
  endAt: Date | null;
  overlap: string;
  misfire: string;
  nextFireAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
}

export type FireKind = "SCHEDULED" | "MISFIRE" | "BACKFILL";
export type FireOutcome = "STARTED" | "WAITING" | "SKIPPED" | "MISSED" | "PAUSED" | "FAILED";

export interface FireRow {
  id: string;
  scheduleId: string;
  scheduledAt: Date;
  kind: FireKind;
  outcome: FireOutcome;
  reason: string | null;
  executionId: string | null;
  dagRunId: string | null;
  maxActive: number | null;
  createdAt: Date;
  firedAt: Date | null;
}

/** A fire to record; its run (executionId or dagRunId) is inserted by the caller only if the fire was new. */
export type NewFire = Omit<FireRow, "createdAt">;

/** The columns a schedule's create or update sets (never taken from input names). */
const COLUMNS = [
  "taskName",
  "dagName",
  "cron",
  "timezone",
  "arguments",
  "properties",
  "enabled",
  "startAt",
  "endAt",
  "overlap",
  "misfire",
  "nextFireAt",
] as const;
export type ScheduleFields = Pick<ScheduleRow, (typeof COLUMNS)[number]>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const value = (k: (typeof COLUMNS)[number], f: ScheduleFields): unknown => {
  const v = f[k];
  if (v instanceof Date) return iso(v);
  return k === "properties" ? JSON.stringify(v) : v;
};

/** SQL for schedules and their fires (node-postgres, like the run hot path the scheduler feeds). */
export const scheduleStore = {
  async insert(db: Queryable, id: string, name: string, f: ScheduleFields, actor: string): Promise<ScheduleRow> {
    const cols = COLUMNS.map((c) => `"${c}"`).join(", ");
    const params = COLUMNS.map((_, i) => `$${i + 3}`).join(", ");
    const { rows } = await db.query<ScheduleRow>(
      `INSERT INTO schedules (id, name, ${cols}, "createdBy", "createdAt", "updatedAt")
       VALUES ($1, $2, ${params}, $${COLUMNS.length + 3}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING *`,
      [id, name, ...COLUMNS.map((k) => value(k, f)), actor],
    );
    return rows[0] as ScheduleRow;
  },

  async update(db: Queryable, id: string, f: ScheduleFields): Promise<ScheduleRow> {
    const sets = COLUMNS.map((c, i) => `"${c}" = $${i + 2}`).join(", ");
    const { rows } = await db.query<ScheduleRow>(
      `UPDATE schedules SET ${sets}, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1 RETURNING *`,
      [id, ...COLUMNS.map((k) => value(k, f))],
    );
    return rows[0] as ScheduleRow;
  },

  async remove(db: Queryable, id: string): Promise<void> {
    await db.query(`DELETE FROM schedules WHERE id = $1`, [id]);
  },

  async byName(db: Queryable, name: string, lock = false): Promise<ScheduleRow | undefined> {
    const { rows } = await db.query<ScheduleRow>(
      `SELECT * FROM schedules WHERE name = $1 ${lock ? "FOR UPDATE" : ""}`,
      [name],
    );
    return rows[0];
  },

  async byId(db: Queryable, id: string): Promise<ScheduleRow | undefined> {
    const { rows } = await db.query<ScheduleRow>(`SELECT * FROM schedules WHERE id = $1`, [id]);
    return rows[0];
  },

  async list(db: Queryable, window?: NameWindow): Promise<ScheduleRow[]> {
    const page = nameWindowSql(window);
    const { rows } = await db.query<ScheduleRow>(`SELECT * FROM schedules ${page.sql}`, page.params);
    return rows;
  },

  /** Schedules whose next fire time has come (not locked: the targets are prepared before the transaction). */
  async due(db: Queryable, now: Date, limit: number): Promise<ScheduleRow[]> {
    const { rows } = await db.query<ScheduleRow>(
      `SELECT * FROM schedules WHERE enabled AND "nextFireAt" <= $1 ORDER BY "nextFireAt" LIMIT $2`,
      [iso(now), limit],
    );
    return rows;
  },

  /** The same, locked; rows another transaction holds are left for the next tick. */
  async lockDue(db: Queryable, ids: string[], now: Date): Promise<ScheduleRow[]> {
    const { rows } = await db.query<ScheduleRow>(
      `SELECT * FROM schedules WHERE id = ANY($1::uuid[]) AND enabled AND "nextFireAt" <= $2
       ORDER BY "nextFireAt" FOR UPDATE SKIP LOCKED`,
      [ids, iso(now)],
    );
    return rows;
  },

  async earliestNextFire(db: Queryable): Promise<Date | null> {
    const { rows } = await db.query<{ at: Date | null }>(`SELECT min("nextFireAt") AS at FROM schedules WHERE enabled`);
    return rows[0]?.at ?? null;
  },

  /** Moves each schedule's next fire time forward (never back: a second writer changes nothing). */
  async setNextFire(db: Queryable, next: { id: string; at: Date | null; from: Date }[]): Promise<void> {
    if (next.length === 0) return;
    await db.query(
      `UPDATE schedules s SET "nextFireAt" = n.at
       FROM unnest($1::uuid[], $2::timestamp[], $3::timestamp[]) AS n(id, at, from_at)
       WHERE s.id = n.id AND s."nextFireAt" = n.from_at`,
      [next.map((n) => n.id), next.map((n) => iso(n.at)), next.map((n) => iso(n.from))],
    );
  },

  /**
   * Inserts fires; a fire time already recorded for its schedule is left as
   * it was (unique on schedule and time). Returns the ids actually inserted:
   * only their runs may be started.
   */
  async insertFires(db: Queryable, fires: readonly NewFire[]): Promise<Set<string>> {
    if (fires.length === 0) return new Set();
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO schedule_fires (id, "scheduleId", "scheduledAt", kind, outcome, reason, "executionId", "dagRunId",
                                   "maxActive", "firedAt", "createdAt")
       SELECT id, schedule_id, scheduled_at, kind, outcome, reason, execution_id, dag_run_id, max_active, fired_at,
              now() AT TIME ZONE 'UTC'
       FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, schedule_id uuid, scheduled_at timestamp, kind text, outcome text,
            reason text, execution_id uuid, dag_run_id uuid, max_active int, fired_at timestamp)
       ON CONFLICT ("scheduleId", "scheduledAt") DO NOTHING RETURNING id`,
      [
        JSON.stringify(
          fires.map((f) => ({
            id: f.id,
            schedule_id: f.scheduleId,
            scheduled_at: iso(f.scheduledAt),
            kind: f.kind,
            outcome: f.outcome,
            reason: f.reason,
            execution_id: f.executionId,
            dag_run_id: f.dagRunId,
            max_active: f.maxActive,
            fired_at: iso(f.firedAt),
          })),
        ),
      ],
    );
    return new Set(rows.map((r) => r.id));
  },

  /**
   * Fires in the given times that started nothing (paused, skipped, missed,
   * failed) become WAITING backfill fires: a backfill may run them, since
   * they never ran. Returns how many.
   */
  async reopenFires(db: Queryable, scheduleId: string, times: Date[], maxActive: number, reason: string) {
    const { rowCount } = await db.query(
      `UPDATE schedule_fires SET outcome = 'WAITING', kind = 'BACKFILL', "maxActive" = $3,
              reason = $4 || ' (was ' || outcome || COALESCE(': ' || reason, '') || ')', "firedAt" = NULL
       WHERE "scheduleId" = $1 AND "scheduledAt" = ANY($2::timestamp[])
         AND outcome IN ('PAUSED', 'SKIPPED', 'MISSED', 'FAILED')`,
      [scheduleId, times.map((t) => iso(t)), maxActive, reason],
    );
    return rowCount ?? 0;
  },

  /** Fire times of one schedule already recorded, among the given ones. */
  async recordedTimes(db: Queryable, scheduleId: string, times: Date[]): Promise<Set<number>> {
    const { rows } = await db.query<{ scheduledAt: Date }>(
      `SELECT "scheduledAt" FROM schedule_fires WHERE "scheduleId" = $1 AND "scheduledAt" = ANY($2::timestamp[])`,
      [scheduleId, times.map((t) => iso(t))],
    );
    return new Set(rows.map((r) => r.scheduledAt.getTime()));
  },

  /** Runs (executions and DAG runs) of each schedule that have not ended. */
  async activeRuns(db: Queryable, scheduleIds: string[]): Promise<Map<string, number>> {
    const active = new Map<string, number>();
    if (scheduleIds.length === 0) return active;
    const { rows } = await db.query<{ scheduleId: string; n: string }>(
      `SELECT "scheduleId", count(*) AS n FROM (
         SELECT "scheduleId" FROM executions
           WHERE "scheduleId" = ANY($1::uuid[]) AND status IN ('QUEUED', 'DISPATCHED', 'RUNNING')
         UNION ALL
         SELECT "scheduleId" FROM dag_runs WHERE "scheduleId" = ANY($1::uuid[]) AND status = 'RUNNING') a
       GROUP BY "scheduleId"`,
      [scheduleIds],
    );
    for (const r of rows) active.set(r.scheduleId, Number(r.n));
    return active;
  },

  /** Schedules with WAITING fires (QUEUE overlap, bounded backfills), oldest first. */
  async withWaiting(db: Queryable, limit: number): Promise<string[]> {
    const { rows } = await db.query<{ scheduleId: string }>(
      `SELECT "scheduleId" FROM schedule_fires WHERE outcome = 'WAITING'
       GROUP BY "scheduleId" ORDER BY min("scheduledAt") LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.scheduleId);
  },

  async waitingCount(db: Queryable, scheduleIds: string[]): Promise<Map<string, number>> {
    const waiting = new Map<string, number>();
    if (scheduleIds.length === 0) return waiting;
    const { rows } = await db.query<{ scheduleId: string; n: string }>(
      `SELECT "scheduleId", count(*) AS n FROM schedule_fires
       WHERE outcome = 'WAITING' AND "scheduleId" = ANY($1::uuid[]) GROUP BY "scheduleId"`,
      [scheduleIds],
    );
    for (const r of rows) waiting.set(r.scheduleId, Number(r.n));
    return waiting;
  },

  async waitingFires(db: Queryable, scheduleId: string, limit: number): Promise<FireRow[]> {
    const { rows } = await db.query<FireRow>(
      `SELECT * FROM schedule_fires WHERE "scheduleId" = $1 AND outcome = 'WAITING' ORDER BY "scheduledAt" LIMIT $2`,
      [scheduleId, limit],
    );
    return rows;
  },

  /** A WAITING fire's run started (or it could not start: FAILED with the reason). */
  async settleFire(
    db: Queryable,
    id: string,
    outcome: FireOutcome,
    run: { executionId?: string | null; dagRunId?: string | null; reason?: string | null },
    at: Date,
  ): Promise<void> {
    await db.query(
      `UPDATE schedule_fires SET outcome = $2, "executionId" = $3, "dagRunId" = $4, reason = COALESCE($5, reason),
              "firedAt" = $6 WHERE id = $1 AND outcome = 'WAITING'`,
      [id, outcome, run.executionId ?? null, run.dagRunId ?? null, run.reason ?? null, iso(at)],
    );
  },

  /** A schedule's fire history, newest first. */
  async fires(db: Queryable, scheduleId: string, first: number, before?: Date | null): Promise<FireRow[]> {
    const { rows } = await db.query<FireRow>(
      `SELECT * FROM schedule_fires WHERE "scheduleId" = $1 AND ($2::timestamp IS NULL OR "scheduledAt" < $2)
       ORDER BY "scheduledAt" DESC LIMIT $3`,
      [scheduleId, iso(before ?? null), first],
    );
    return rows;
  },

  /** The newest fire that is not in the future's queue (the "last fire" a console shows). */
  async lastFire(db: Queryable, scheduleId: string): Promise<FireRow | undefined> {
    const { rows } = await db.query<FireRow>(
      `SELECT * FROM schedule_fires WHERE "scheduleId" = $1 AND kind <> 'BACKFILL' ORDER BY "scheduledAt" DESC LIMIT 1`,
      [scheduleId],
    );
    return rows[0];
  },
};
