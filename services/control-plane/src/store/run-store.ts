import { randomUUID } from "node:crypto";
import type { Execution, ExecutionEvent } from "@baton/db";
import type { ClaimReply, RunSpec } from "@baton/proto";
import type pg from "pg";
import { NO_DEMAND, type RunDemand } from "../domain/admission/demand.js";
import { maskSecrets } from "../domain/definitions/mask.js";
import type { NewEvent, StoredEvent } from "../domain/events.js";
import type { ExecutionStatus } from "../domain/execution-state.js";
import type { Origin } from "../domain/origin.js";
import type { RequestContext } from "../services/context.js";
import type { AuditEntry } from "./audit.js";
import { insertEventsSql, linesOf } from "./event-rows.js";
import { INGEST_STATE_SQL, type IngestState, numbered, toIngestState } from "./ingest-store.js";

export type Queryable = pg.Pool | pg.PoolClient;

export interface NewRun {
  taskId: string;
  revision: number;
  platform: string;
  pool: string;
  spec: RunSpec;
  arguments: string[];
  idempotencyKey?: string;
  restartOfId?: string;
  /** The properties given at launch (before the merge over the task's), kept for a relaunch. */
  launchProperties?: unknown;
  /** Why it starts; MANUAL by the request's actor when not given. */
  origin?: Origin;
  /** What admission needs (priority, requests, limits, TTL, retry policy); none when not given. */
  demand?: RunDemand;
}

/** A run with its id chosen by the caller (who records it elsewhere in the same transaction). */
export interface NewQueuedRun extends NewRun {
  id: string;
  cause: string;
}

/** The DAG node an execution runs for, recorded with it. */
export interface NodeLink {
  dagRunId: string;
  nodeId: string;
  attempt: number;
}

export interface LockedExecution {
  id: string;
  status: ExecutionStatus;
  lastSeq: number;
  runnerSeq: number;
  runnerId: string | null;
  /** Whether it carries a retry policy (only then is a retry looked for when it ends). */
  retries: boolean;
}

/** What ingestion reads of an execution besides its state, for the metrics. */
export interface IngestFacts {
  task: string;
  queuedAt: Date;
  startedAt: Date | null;
  /** Set for a DAG node's execution. */
  dagId: string | null;
}

/** A Date as the hot path's SQL passes it (UTC). */
export const iso = (d: Date): string => d.toISOString();

/**
 * Hand-written SQL for the run hot path (launch, dispatch, claim, ingest,
 * event reads): each state change is one statement or one short transaction,
 * where the Prisma equivalents took several round trips each (see
 * docs/architecture.md, "The hot path"). Column names are Prisma's, so rows
 * have the shape of Prisma's generated types.
 */
export class RunStore {
  constructor(readonly pool: pg.Pool) {}

  /** Inserts the execution, its QUEUED event and the audit record in one statement. */
  async insertQueued(
    run: NewRun,
    cause: string,
    now: Date,
    ctx: RequestContext,
    audit: AuditEntry,
    db: Queryable = this.pool,
    node?: NodeLink,
  ): Promise<{ row: Execution; event: StoredEvent }> {
    const id = randomUUID();
    const payload = { status: "QUEUED" as const, cause };
    const origin: Origin = run.origin ?? { kind: "MANUAL", actor: ctx.actor };
    const { rows } = await db.query<Execution>(
      `WITH e AS (
         INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec,
                                 "idempotencyKey", "restartOfId", "queuedAt", "lastSeq",
                                 "originKind", "originName", origin, "scheduleId",
                                 priority, "concurrencyKey", "concurrencyLimit", "cpuMillis", "memoryBytes",
                                 "runnerLabels", "expiresAt", "retryPolicy", "dagId", "launchProperties")
         SELECT $1, $2, $3, 'QUEUED', $4, $5, $6, $7, $8, $9, $10, 1, $21, $22, $23, $24,
                d.priority, d."concurrencyKey", d."concurrencyLimit", d."cpuMillis", d."memoryBytes",
                d."runnerLabels", $10::timestamp + make_interval(secs => d."queueTtlSeconds"), d."retryPolicy",
                (SELECT "dagId" FROM dag_runs WHERE id = $18::uuid), $27::jsonb
         FROM jsonb_to_record($25::jsonb) AS d(priority int, "concurrencyKey" text, "concurrencyLimit" int,
                "cpuMillis" int, "memoryBytes" float8, "runnerLabels" jsonb, "queueTtlSeconds" int, "retryPolicy" jsonb)
         RETURNING *),
       ev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at)
              SELECT id, 1, 'STATUS', $11, $10 FROM e),
       au AS (INSERT INTO audit_records (id, at, actor, "actorSubject", action, target, "correlationId", input)
              SELECT $12, $10, $13, $26, $14, id::text, $15, $16 FROM e),
       nr AS (INSERT INTO dag_node_runs (id, "dagRunId", "nodeId", attempt, "executionId", current, "createdAt")
              SELECT $17, $18, $19, $20, id, true, $10 FROM e WHERE $18::uuid IS NOT NULL)
       SELECT * FROM e`,
      [
        id,
        run.taskId,
        run.revision,
        run.platform,
        run.pool,
        run.arguments,
        JSON.stringify(run.spec),
        run.idempotencyKey ?? null,
        run.restartOfId ?? null,
        iso(now),
        JSON.stringify(payload),
        randomUUID(),
        ctx.actor,
        audit.action,
        ctx.correlationId,
        JSON.stringify(maskSecrets(audit.input ?? null)),
        randomUUID(),
        node?.dagRunId ?? null,
        node?.nodeId ?? null,
        node?.attempt ?? null,
        origin.kind,
        origin.name ?? null,
        JSON.stringify(origin),
        origin.scheduleId ?? null,
        JSON.stringify(run.demand ?? NO_DEMAND),
        ctx.subject ?? null,
        run.launchProperties === undefined || run.launchProperties === null
          ? null
          : JSON.stringify(run.launchProperties),
      ],
    );
    return { row: rows[0] as Execution, event: { executionId: id, seq: 1, kind: "STATUS", payload, at: now } };
  }

  /**
   * Inserts many QUEUED executions and their first events in one statement
   * (a schedule tick's fires), on the caller's transaction. No audit record:
   * the schedule's fire rows are the record.
   */
  async insertQueuedMany(
    db: Queryable,
    runs: readonly NewQueuedRun[],
    now: Date,
  ): Promise<{ row: Execution; event: StoredEvent }[]> {
    if (runs.length === 0) return [];
    const input = runs.map((r) => ({
      id: r.id,
      task_id: r.taskId,
      revision: r.revision,
      platform: r.platform,
      pool: r.pool,
      args: r.arguments,
      spec: r.spec,
      origin_kind: r.origin?.kind ?? "MANUAL",
      origin_name: r.origin?.name ?? null,
      origin: r.origin ?? null,
      schedule_id: r.origin?.scheduleId ?? null,
      payload: { status: "QUEUED", cause: r.cause },
      demand: r.demand ?? NO_DEMAND,
    }));
    const { rows } = await db.query<Execution>(
      `WITH i AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, task_id uuid, revision int, platform text,
                    pool text, args jsonb, spec jsonb, origin_kind text, origin_name text, origin jsonb,
                    schedule_id uuid, payload jsonb, demand jsonb)),
       e AS (
         INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec,
                                 "queuedAt", "lastSeq", "originKind", "originName", origin, "scheduleId",
                                 priority, "concurrencyKey", "concurrencyLimit", "cpuMillis", "memoryBytes",
                                 "runnerLabels", "expiresAt", "retryPolicy")
         SELECT id, task_id, revision, 'QUEUED', platform, pool,
                ARRAY(SELECT jsonb_array_elements_text(args)), spec, $2, 1, origin_kind, origin_name, origin, schedule_id,
                (demand->>'priority')::int, demand->>'concurrencyKey', (demand->>'concurrencyLimit')::int,
                (demand->>'cpuMillis')::int, (demand->>'memoryBytes')::float8, NULLIF(demand->'runnerLabels', 'null'),
                $2::timestamp + make_interval(secs => (demand->>'queueTtlSeconds')::int),
                NULLIF(demand->'retryPolicy', 'null')
         FROM i RETURNING *),
       ev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at)
              SELECT id, 1, 'STATUS', payload, $2 FROM i)
       SELECT * FROM e`,
      [JSON.stringify(input), iso(now)],
    );
    const byId = new Map(runs.map((r) => [r.id, r]));
    return rows.map((row) => ({
      row,
      event: {
        executionId: row.id,
        seq: 1,
        kind: "STATUS" as const,
        payload: { status: "QUEUED" as const, cause: byId.get(row.id)?.cause ?? "" },
        at: now,
      },
    }));
  }

  /** QUEUED -> DISPATCHED plus its event, atomically; undefined if it had moved on already. */
  async markDispatched(id: string, now: Date): Promise<{ row: Execution; event: StoredEvent } | undefined> {
    const payload = { status: "DISPATCHED" as const, cause: "sent to the runner queue" };
    const { rows } = await this.pool.query<Execution>(
      `WITH u AS (
         UPDATE executions SET status = 'DISPATCHED', "dispatchedAt" = $2, "lastSeq" = "lastSeq" + 1
         WHERE id = $1 AND status = 'QUEUED' RETURNING *),
       ev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at)
              SELECT id, "lastSeq", 'STATUS', $3, $2 FROM u)
       SELECT * FROM u`,
      [id, iso(now), JSON.stringify(payload)],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { row, event: { executionId: id, seq: row.lastSeq, kind: "STATUS", payload, at: now } };
  }

  /** markDispatched for many executions in one statement; those that had moved on already are left out. */
  async markDispatchedMany(ids: readonly string[], now: Date): Promise<StoredEvent[]> {
    if (ids.length === 0) return [];
    const payload = { status: "DISPATCHED" as const, cause: "sent to the runner queue" };
    const { rows } = await this.pool.query<{ id: string; lastSeq: number }>(
      `WITH u AS (
         UPDATE executions SET status = 'DISPATCHED', "dispatchedAt" = $2, "lastSeq" = "lastSeq" + 1
         WHERE id = ANY($1::uuid[]) AND status = 'QUEUED' RETURNING id, "lastSeq"),
       ev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at)
              SELECT id, "lastSeq", 'STATUS', $3, $2 FROM u)
       SELECT id, "lastSeq" FROM u`,
      [ids, iso(now), JSON.stringify(payload)],
    );
    return rows.map((r) => ({ executionId: r.id, seq: r.lastSeq, kind: "STATUS", payload, at: now }));
  }

  /**
   * Lets the runner admission gave the run to start it, once, unless it
   * ended (was cancelled) or was taken back meanwhile. Idempotent for that
   * runner (a lost reply is asked again). claimedAt (database time) tells a
   * runner's incarnations apart. A granted claim returns the run's ingestion
   * state too (nothing is ingested before a claim, so it has no steps), which
   * spares ingestion a read of its first events.
   */
  async claim(id: string, runnerId: string): Promise<{ reply: ClaimReply; state?: IngestState }> {
    const { rows } = await this.pool.query<LockedExecution & IngestFacts>(
      `UPDATE executions e SET "runnerId" = $2, "claimedAt" = COALESCE("claimedAt", now() AT TIME ZONE 'UTC')
       FROM task_definitions t
       WHERE e.id = $1 AND e.status = 'DISPATCHED' AND e."assignedRunnerId" = $2 AND e."runnerSeq" = 0
         AND (e."runnerId" IS NULL OR e."runnerId" = $2) AND t.id = e."taskId"
       RETURNING e.id, e.status, e."lastSeq", e."runnerSeq", e."runnerId", e."retryPolicy" IS NOT NULL AS retries,
                 t.name AS task, e."queuedAt", e."startedAt", e."dagId"`,
      [id, runnerId],
    );
    const claimed = rows[0];
    if (claimed) return { reply: { ok: true, retry: false }, state: { ...claimed, steps: new Map() } };
    const row = await this.get(id);
    if (!row) return { reply: { ok: false, retry: false, reason: "unknown execution" } };
    if (row.runnerId && row.runnerId !== runnerId)
      return { reply: { ok: false, retry: false, reason: `claimed by ${row.runnerId}` } };
    if (row.status === "DISPATCHED" || row.status === "QUEUED")
      return {
        reply: {
          ok: false,
          retry: false,
          reason: `not given to ${runnerId} (admission gave it to ${row.assignedRunnerId ?? "nobody yet"})`,
        },
      };
    return { reply: { ok: false, retry: false, reason: `execution is ${row.status}` } };
  }

  /** The execution for ingestion, locked, with its steps and what the metrics need (task, times, DAG). */
  async lockWithSteps(client: pg.PoolClient, id: string): Promise<IngestState | undefined> {
    const { rows } = await client.query<Parameters<typeof toIngestState>[0]>(`${INGEST_STATE_SQL} FOR UPDATE OF e`, [
      id,
    ]);
    const row = rows[0];
    return row ? toIngestState(row) : undefined;
  }

  async lock(client: pg.PoolClient, id: string): Promise<LockedExecution | undefined> {
    const { rows } = await client.query<LockedExecution>(
      `SELECT id, status, "lastSeq", "runnerSeq", "runnerId", "retryPolicy" IS NOT NULL AS retries
       FROM executions WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0];
  }

  /** Numbers events after lastSeq and inserts them in one statement. */
  async appendEvents(db: Queryable, id: string, lastSeq: number, events: readonly NewEvent[]): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const stored = numbered(id, lastSeq, events);
    const values: unknown[] = [id];
    const param = (v: unknown): string => {
      values.push(v);
      return `$${values.length}`;
    };
    await db.query(`WITH ${insertEventsSql(stored, "$1::uuid", param).join(",\n")} SELECT 1`, values);
    return stored;
  }

  /** The live task of that name with its current release, in one query. */
  async currentRelease(taskName: string): Promise<{ taskId: string; revision: number; manifest: unknown } | undefined> {
    const { rows } = await this.pool.query<{ taskId: string; revision: number; manifest: unknown }>(
      `SELECT t.id AS "taskId", r.revision, r.manifest FROM task_definitions t
       JOIN releases r ON r."taskId" = t.id AND r.revision = t."currentRevision"
       WHERE t."liveName" = $1`,
      [taskName],
    );
    return rows[0];
  }

  async byIdempotencyKey(taskId: string, key: string): Promise<Execution | undefined> {
    const { rows } = await this.pool.query<Execution>(
      `SELECT * FROM executions WHERE "taskId" = $1 AND "idempotencyKey" = $2`,
      [taskId, key],
    );
    return rows[0];
  }

  async get(id: string): Promise<Execution | undefined> {
    const { rows } = await this.pool.query<Execution>(`SELECT * FROM executions WHERE id = $1`, [id]);
    return rows[0];
  }

  /**
   * Events with fromSeq <= seq < toSeq, in order, at most `limit`. Seqs are
   * dense (every one is an event row or a line of a chunk), so the window
   * [fromSeq, fromSeq + limit) holds at most `limit`; only lines deleted by
   * retention leave holes, which are skipped to the next stored seq. A page
   * may hold fewer than `limit` with more after it (it stops at a hole); an
   * empty page means there is nothing more in the range.
   */
  async eventsBetween(id: string, fromSeq: number, toSeq: number, limit: number): Promise<ExecutionEvent[]> {
    let from = fromSeq;
    while (from < toSeq) {
      const to = Math.min(toSeq, from + limit);
      const { rows } = await this.pool.query<WindowRow>(EVENT_WINDOW_SQL, [id, from, to]);
      const events: ExecutionEvent[] = [];
      for (const r of rows) {
        if (r.texts === null)
          events.push({ executionId: id, seq: r.seq, kind: r.kind, payload: r.payload, at: r.at } as ExecutionEvent);
        else
          events.push(
            ...linesOf(
              {
                ...r,
                executionId: id,
                firstSeq: r.firstSeq as number,
                lastSeq: r.seq,
                streams: r.streams as string,
                texts: r.texts,
                offsets: r.offsets as number[],
              },
              from,
              to,
            ),
          );
      }
      if (events.length > 0) return events.sort((a, b) => a.seq - b.seq).slice(0, limit);
      const next = await this.pool.query<{ seq: number | null }>(NEXT_STORED_SQL, [id, to]);
      const seq = next.rows[0]?.seq;
      if (seq === null || seq === undefined) return [];
      from = seq;
    }
    return [];
  }
}

/** An event row, or a chunk of lines (texts not null; seq is its lastSeq), of one window of seqs. */
interface WindowRow {
  seq: number;
  kind: string;
  payload: ExecutionEvent["payload"];
  at: Date;
  firstSeq: number | null;
  streams: string | null;
  texts: string[] | null;
  offsets: number[] | null;
}

const EVENT_WINDOW_SQL = `SELECT seq, kind, payload, at, NULL::int AS "firstSeq", NULL::text AS streams, NULL::text[] AS texts,
         NULL::int[] AS offsets
  FROM execution_events WHERE "executionId" = $1 AND seq >= $2 AND seq < $3
  UNION ALL
  SELECT "lastSeq", 'LOG', NULL, at, "firstSeq", streams, texts, offsets
  FROM execution_log_chunks WHERE "executionId" = $1 AND "lastSeq" >= $2 AND "firstSeq" < $3`;

/** The first stored seq at or after $2, in either table. */
const NEXT_STORED_SQL = `SELECT least(
    (SELECT min(seq) FROM execution_events WHERE "executionId" = $1 AND seq >= $2),
    (SELECT greatest("firstSeq", $2::int) FROM execution_log_chunks WHERE "executionId" = $1 AND "lastSeq" >= $2
     ORDER BY "lastSeq" LIMIT 1)) AS seq`;

/** Columns an event may change (the names are fixed here, never taken from input). */
export const CHANGEABLE = [
  "status",
  "startedAt",
  "endedAt",
  "exitCode",
  "exitMessage",
  "errorMessage",
  "runnerId",
  "handle",
  "runnerSeq",
  "lastSeq",
  "cancelRequestedAt",
] as const;
export type ExecutionUpdate = Partial<Record<(typeof CHANGEABLE)[number], unknown>> & {
  /** Added to the output line counters (stdoutLines, stderrLines). */
  addLines?: { stdout: number; stderr: number };
};

export async function updateExecution(db: Queryable, id: string, change: ExecutionUpdate): Promise<void> {
  const keys = CHANGEABLE.filter((k) => change[k] !== undefined);
  const values: unknown[] = keys.map((k) => {
    const v = change[k];
    if (v instanceof Date) return iso(v);
    return k === "handle" ? JSON.stringify(v) : v;
  });
  const sets = keys.map((k, i) => `"${k}" = $${i + 2}`);
  const lines = change.addLines;
  if (lines && (lines.stdout > 0 || lines.stderr > 0)) {
    values.push(lines.stdout, lines.stderr);
    sets.push(
      `"stdoutLines" = "stdoutLines" + $${values.length}`,
      `"stderrLines" = "stderrLines" + $${values.length + 1}`,
    );
  }
  if (sets.length === 0) return;
  await db.query(`UPDATE executions SET ${sets.join(", ")} WHERE id = $1`, [id, ...values]);
}
