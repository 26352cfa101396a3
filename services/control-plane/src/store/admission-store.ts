import type { Execution } from "@baton/db";
import type { ActiveRun, AdmissionLimits, Candidate, RunnerSlotView, Waiting } from "../domain/admission/admit.js";
import type { StoredEvent } from "../domain/events.js";
import { iso, type Queryable } from "./run-store.js";

/** Every admission pass, on any control plane, holds this transaction-level advisory lock: one decision at a time. */
const ADMISSION_LOCK = 0x0ba7_0a0d;
/**
 * The runs that hold a slot, the one definition of one: given to a runner (or
 * claimed) and not ended. Each with the runner, CPU and memory it holds and
 * what it counts against the limits. There is no counter to drift: when a run
 * ends by any path, it leaves this set.
 */
export const HOLDING_SLOTS = `SELECT "taskId", "dagId", pool, "concurrencyKey", COALESCE("assignedRunnerId", "runnerId") AS runner,
         "cpuMillis" AS cpu, "memoryBytes" AS mem
  FROM executions WHERE status IN ('DISPATCHED', 'RUNNING')`;

/** BEGIN and the lock in one round trip; the pass's prepared statements keep their one generic plan. */
export const BEGIN_ADMISSION = `BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SELECT pg_advisory_xact_lock(${ADMISSION_LOCK})`;

/** What a pass decides from: what just expired, the queue heads, the fleet, the active runs, the limits. */
export interface PassInput {
  expired: StatusChange[];
  candidates: Candidate[];
  runners: (RunnerSlotView & { lastHeartbeatAt: Date })[];
  active: ActiveRun[];
  limits: AdmissionLimits;
  /** The highest turn any task was given (see Candidate.taskTurn). */
  lastTurn: number;
}

interface ReadRow {
  expired: { id: string; lastSeq: number; cause: string }[] | null;
  candidates: (Omit<Candidate, "queuedAt"> & { queuedAt: string })[] | null;
  runners: (RunnerSlotView & { lastHeartbeatAt: string })[] | null;
  active: (ActiveRun & { runner: string | null; cpu: number; mem: number })[] | null;
  tasks: { id: string; max: number }[] | null;
  dags: { id: string; max: number }[] | null;
  pools: { id: string; max: number }[] | null;
  lastTurn: number | null;
}

/** A run admission gave to a runner, with what its RunCommand needs. */
export interface AssignedRun {
  row: Execution;
  taskName: string;
  event: StoredEvent;
}

/** A run that ended by the SQL of this store (EXPIRED), or went back to QUEUED. */
export interface StatusChange {
  executionId: string;
  event: StoredEvent;
}

/** An assignment whose runner has not claimed the run yet. */
export interface PendingAssignment {
  row: Execution;
  taskName: string;
  runnerFresh: boolean;
}

/**
 * The SQL of admission (docs/architecture.md, "Admission"). A slot is the
 * run's own state: an execution DISPATCHED or RUNNING with its
 * assignedRunnerId holds its runner's slot, CPU and memory, so nothing can
 * drift: when the run ends by any path, the slot is free.
 */
export class AdmissionStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Everything a pass decides from, in one round trip:
   * - QUEUED runs past their time-to-live end EXPIRED, each with its STATUS event;
   * - the head of every task's queue (at most perTask runs each, by priority
   *   then age), skipping runs whose backoff has not passed or that just
   *   expired: enough to fill any free slot, whatever the queue's length,
   *   while every task is looked at; each with its task's last turn;
   * - the runners heard from within freshMs (database time), the active runs
   *   (what they hold of their runner, and what they count against the
   *   limits), and the limits of the candidates' tasks (their current
   *   release's maxConcurrent) and DAGs, and of every pool that has one.
   */
  async read(now: Date, perTask: number, freshMs: number): Promise<PassInput> {
    // Prepared once per connection and planned once (the plan took longer than the run: ~7 ms).
    const { rows } = await this.db.query<ReadRow>({
      name: "admission-read",
      text: `WITH RECURSIVE x AS (
         UPDATE executions SET status = 'EXPIRED', "endedAt" = $1, "lastSeq" = "lastSeq" + 1,
           "errorMessage" = 'waited in the queue past its time-to-live (queueTtlSeconds)'
             || COALESCE('; it was waiting: ' || "waitReason", '')
         WHERE status = 'QUEUED' AND "expiresAt" <= $1
         RETURNING id, "lastSeq", "errorMessage"),
       xev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at)
               SELECT id, "lastSeq", 'STATUS', jsonb_build_object('status', 'EXPIRED', 'cause', "errorMessage"), $1
               FROM x),
       -- The tasks with QUEUED runs, one probe of executions_queued_idx each (a loose index scan:
       -- a plain DISTINCT would read every queued row; the ORDER BY matches that index's columns).
       t AS (
         (SELECT "taskId" FROM executions WHERE status = 'QUEUED' ORDER BY "taskId", priority DESC LIMIT 1)
         UNION ALL
         SELECT (SELECT e."taskId" FROM executions e WHERE e.status = 'QUEUED' AND e."taskId" > t."taskId"
                 ORDER BY e."taskId", e.priority DESC LIMIT 1)
         FROM t WHERE t."taskId" IS NOT NULL),
       c AS (
         SELECT c.* FROM t
         CROSS JOIN LATERAL (
           SELECT e.id, e."taskId", td.name AS "taskName", td."admittedTurn" AS "taskTurn", e."dagId",
                  d.name AS "dagName", e.platform, e.pool, e.priority, e."queuedAt", e."cpuMillis", e."memoryBytes",
                  COALESCE(e."runnerLabels", '{}') AS "runnerLabels", e."concurrencyKey", e."concurrencyLimit"
           FROM executions e
           JOIN task_definitions td ON td.id = e."taskId"
           LEFT JOIN dags d ON d.id = e."dagId"
           WHERE t."taskId" IS NOT NULL AND e.status = 'QUEUED' AND e."taskId" = t."taskId"
             AND (e."notBefore" IS NULL OR e."notBefore" <= $1)
             AND (e."expiresAt" IS NULL OR e."expiresAt" > $1)
           ORDER BY e.priority DESC, e."queuedAt", e.id
           LIMIT $2) c),
       a AS (${HOLDING_SLOTS})
       SELECT
         (SELECT json_agg(json_build_object('id', id, 'lastSeq', "lastSeq", 'cause', "errorMessage")) FROM x) AS expired,
         (SELECT json_agg(c) FROM c) AS candidates,
         (SELECT json_agg(json_build_object(
                   'id', r.id, 'lastHeartbeatAt', r."lastHeartbeatAt", 'platform', r.platform, 'pool', r.pool,
                   'labels', COALESCE(r.labels, '{}'::jsonb), 'slots', r.capacity, 'cpuMillis', r."cpuMillis",
                   'memoryBytes', r."memoryBytes", 'draining', r."drainingAt" IS NOT NULL,
                   'usedSlots', 0, 'usedCpuMillis', 0, 'usedMemoryBytes', 0) ORDER BY r.id)
          FROM runners r
          WHERE r."lastHeartbeatAt" >= (now() AT TIME ZONE 'UTC') - make_interval(secs => $3 / 1000.0)) AS runners,
         (SELECT json_agg(a) FROM a) AS active,
         (SELECT json_agg(json_build_object('id', t.id, 'max', (r.manifest->'properties'->>'maxConcurrent')::int))
          FROM task_definitions t JOIN releases r ON r."taskId" = t.id AND r.revision = t."currentRevision"
          WHERE t.id IN (SELECT "taskId" FROM c) AND r.manifest->'properties' ? 'maxConcurrent') AS tasks,
         (SELECT json_agg(json_build_object('id', id, 'max', "maxConcurrent"))
          FROM dags WHERE id IN (SELECT "dagId" FROM c) AND "maxConcurrent" IS NOT NULL) AS dags,
         (SELECT json_agg(json_build_object('id', name, 'max', "maxConcurrent"))
          FROM pools WHERE "maxConcurrent" IS NOT NULL) AS pools,
         (SELECT max("admittedTurn") FROM task_definitions) AS "lastTurn"`,
      values: [iso(now), perTask, freshMs],
    });
    const row = rows[0];
    const utc = (text: string): Date => new Date(`${text}Z`);
    const expired: StatusChange[] = (row?.expired ?? []).map((r) => ({
      executionId: r.id,
      event: {
        executionId: r.id,
        seq: r.lastSeq,
        kind: "STATUS",
        payload: { status: "EXPIRED", cause: r.cause },
        at: now,
      },
    }));
    const candidates: Candidate[] = (row?.candidates ?? []).map((c) => ({ ...c, queuedAt: utc(c.queuedAt) }));
    const active = row?.active ?? [];
    const runners = (row?.runners ?? []).map((r) => ({ ...r, lastHeartbeatAt: utc(r.lastHeartbeatAt) }));
    const byId = new Map(runners.map((r) => [r.id, r]));
    for (const a of active) {
      const r = a.runner ? byId.get(a.runner) : undefined;
      if (!r) continue;
      r.usedSlots++;
      r.usedCpuMillis += a.cpu;
      r.usedMemoryBytes += a.mem;
    }
    const toMap = (xs: { id: string; max: number }[] | null) => new Map((xs ?? []).map((x) => [x.id, x.max]));
    return {
      expired,
      candidates,
      runners,
      active: active.map(({ taskId, dagId, pool, concurrencyKey }) => ({ taskId, dagId, pool, concurrencyKey })),
      limits: { task: toMap(row?.tasks ?? null), dag: toMap(row?.dags ?? null), pool: toMap(row?.pools ?? null) },
      lastTurn: row?.lastTurn ?? 0,
    };
  }

  /**
   * In one statement: QUEUED -> DISPATCHED to the chosen runners, with their
   * STATUS events; each admitted task's new turn (round robin across
   * passes); and why each other candidate still waits (written only where
   * the reason changed).
   */
  async assign(
    assignments: readonly { executionId: string; runnerId: string }[],
    waiting: readonly Waiting[],
    turns: ReadonlyMap<string, number>,
    now: Date,
  ): Promise<AssignedRun[]> {
    if (assignments.length === 0 && waiting.length === 0) return [];
    const { rows } = await this.db.query<Execution & { taskName: string }>({
      name: "admission-assign",
      text: `WITH a AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS a(id, runner)),
       tt AS (UPDATE task_definitions t SET "admittedTurn" = tt.turn
              FROM unnest($6::uuid[], $7::float8[]) AS tt(id, turn) WHERE t.id = tt.id),
       w AS (UPDATE executions e SET "waitReason" = w.reason
             FROM unnest($4::uuid[], $5::text[]) AS w(id, reason)
             WHERE e.id = w.id AND e.status = 'QUEUED' AND e."waitReason" IS DISTINCT FROM w.reason),
       u AS (UPDATE executions e SET status = 'DISPATCHED', "assignedRunnerId" = a.runner, "dispatchedAt" = $3,
               "waitReason" = NULL, "lastSeq" = e."lastSeq" + 1
             FROM a WHERE e.id = a.id AND e.status = 'QUEUED' RETURNING e.*),
       ev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at)
              SELECT id, "lastSeq", 'STATUS',
                     jsonb_build_object('status', 'DISPATCHED', 'cause', 'given to runner ' || "assignedRunnerId"), $3
              FROM u)
       SELECT u.*, t.name AS "taskName" FROM u JOIN task_definitions t ON t.id = u."taskId"`,
      values: [
        assignments.map((a) => a.executionId),
        assignments.map((a) => a.runnerId),
        iso(now),
        waiting.map((w) => w.executionId),
        waiting.map((w) => w.reason),
        [...turns.keys()],
        [...turns.values()],
      ],
    });
    return rows.map(({ taskName, ...row }) => ({
      row: row as Execution,
      taskName,
      event: {
        executionId: row.id,
        seq: row.lastSeq,
        kind: "STATUS",
        payload: { status: "DISPATCHED", cause: `given to runner ${row.assignedRunnerId}` },
        at: now,
      },
    }));
  }

  /**
   * DISPATCHED but never claimed -> QUEUED again (its runner refused it, is
   * gone, or went silent): admission gives it to a runner again. A claim
   * that won the row first keeps it (claimedAt is set), so a run is never
   * both started and re-queued.
   */
  async unassign(ids: readonly string[], cause: string, now: Date): Promise<StatusChange[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query<{ id: string; lastSeq: number }>(
      `WITH u AS (
         UPDATE executions SET status = 'QUEUED', "assignedRunnerId" = NULL, "dispatchedAt" = NULL,
           "waitReason" = $2, "lastSeq" = "lastSeq" + 1
         WHERE id = ANY($1::uuid[]) AND status = 'DISPATCHED' AND "claimedAt" IS NULL AND "runnerSeq" = 0
         RETURNING id, "lastSeq"),
       ev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at)
              SELECT id, "lastSeq", 'STATUS', jsonb_build_object('status', 'QUEUED', 'cause', $2::text), $3 FROM u)
       SELECT id, "lastSeq" FROM u`,
      [ids, cause, iso(now)],
    );
    return rows.map((r) => ({
      executionId: r.id,
      event: { executionId: r.id, seq: r.lastSeq, kind: "STATUS", payload: { status: "QUEUED", cause }, at: now },
    }));
  }

  /** Assignments not claimed for olderThanMs, and whether their runner is still heard from. */
  async unclaimed(olderThanMs: number, freshMs: number, now: Date): Promise<PendingAssignment[]> {
    const { rows } = await this.db.query<Execution & { taskName: string; runnerFresh: boolean }>(
      `SELECT e.*, t.name AS "taskName",
              COALESCE(r."lastHeartbeatAt" >= (now() AT TIME ZONE 'UTC') - make_interval(secs => $3 / 1000.0), false)
                AS "runnerFresh"
       FROM executions e JOIN task_definitions t ON t.id = e."taskId"
       LEFT JOIN runners r ON r.id = e."assignedRunnerId"
       WHERE e.status = 'DISPATCHED' AND e."claimedAt" IS NULL
         AND e."dispatchedAt" < $1::timestamp - make_interval(secs => $2 / 1000.0)
       ORDER BY e."dispatchedAt" LIMIT 500`,
      [iso(now), olderThanMs, freshMs],
    );
    return rows.map(({ taskName, runnerFresh, ...row }) => ({ row: row as Execution, taskName, runnerFresh }));
  }
}
