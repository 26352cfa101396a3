import type pg from "pg";
import { TERMINAL_STATUSES } from "../domain/execution-state.js";
import type { RetentionOverride, TaskRules } from "../domain/retention.js";
import { inTransaction } from "./pool.js";

/**
 * SQL for history retention (docs/architecture.md, "Retention"). Every
 * statement is short and touches at most `limit` rows (or the given ids), so
 * a pass is many small statements, never one long one: row locks and WAL
 * stay small and the run hot path keeps going between them. Candidates are
 * found per task on executions ("taskId", "endedAt") and the partial
 * executions_logs_pending_idx; DAG runs on dag_runs ("endedAt").
 */

const TERMINAL = [...TERMINAL_STATUSES];
const DAG_TERMINAL = ["COMPLETED", "FAILED", "CANCELLED"];
const NOW = `(now() AT TIME ZONE 'UTC')`;
/** A verification run still deciding its revision must stay (verify.ts reads it). */
const NOT_VERIFYING = `e.id NOT IN (SELECT "verifyExecutionId" FROM releases
                                     WHERE status = 'PENDING' AND "verifyExecutionId" IS NOT NULL)`;

export interface DeletedRows {
  executions: number;
  steps: number;
  events: number;
}

export interface DagRunDeletion extends DeletedRows {
  dagRuns: number;
}

export class RetentionStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Every task's own settings (deleted tasks too: their history is still there). */
  async taskSettings(): Promise<(RetentionOverride & { id: string })[]> {
    const { rows } = await this.pool.query<RetentionOverride & { id: string }>(
      `SELECT id, "retentionDays", "retentionRuns", "logRetentionDays" FROM task_definitions`,
    );
    return rows;
  }

  /**
   * Ended executions older than their task's days, oldest first per task:
   * not a DAG's node (those go with their DAG run) and not a pending verification.
   */
  async expiredExecutions(rules: readonly TaskRules[], limit: number): Promise<string[]> {
    return this.endedBefore(rules, "days", `e."dagId" IS NULL AND ${NOT_VERIFYING}`, limit);
  }

  /** Ended executions behind the last keepRuns runs of their task (newest by queuedAt; DAG nodes not counted). */
  async surplusExecutions(rules: readonly TaskRules[], limit: number): Promise<string[]> {
    const r = rules.filter((x) => x.keepRuns !== undefined);
    if (r.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT x.id FROM unnest($1::uuid[], $2::int[]) AS r("taskId", keep)
       CROSS JOIN LATERAL (
         SELECT e.id FROM (
           SELECT id, status FROM executions
           WHERE "taskId" = r."taskId" AND "dagId" IS NULL
           ORDER BY "queuedAt" DESC, id OFFSET r.keep) e
         WHERE e.status = ANY($3) AND ${NOT_VERIFYING}
         LIMIT $4) x
       LIMIT $4`,
      [r.map((x) => x.taskId), r.map((x) => x.keepRuns), TERMINAL, limit],
    );
    return rows.map((x) => x.id);
  }

  /**
   * Up to `limit` event rows (only LOG lines with logsOnly) and limit / 100
   * log chunks of these executions: how many events went (a chunk's lines
   * each count), and whether that was the last of them.
   */
  async deleteEvents(
    executionIds: readonly string[],
    limit: number,
    logsOnly = false,
  ): Promise<{ events: number; done: boolean }> {
    if (executionIds.length === 0) return { events: 0, done: true };
    const chunkLimit = Math.max(1, Math.ceil(limit / 100));
    // Log lines are stored in chunks of up to CHUNK_LINES (store/event-rows.ts): fewer rows per statement.
    const { rows } = await this.pool.query<{ lines: number; chunks: number; rows: number }>(
      `WITH lg AS (DELETE FROM execution_log_chunks WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM execution_log_chunks WHERE "executionId" = ANY($1::uuid[]) LIMIT $3))
         RETURNING "lastSeq" - "firstSeq" + 1 AS lines),
       ev AS (DELETE FROM execution_events WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM execution_events WHERE "executionId" = ANY($1::uuid[]) ${logsOnly ? `AND kind = 'LOG'` : ""}
           LIMIT $2))
         RETURNING 1)
       SELECT (SELECT coalesce(sum(lines), 0) FROM lg)::int AS lines, (SELECT count(*) FROM lg)::int AS chunks,
              (SELECT count(*) FROM ev)::int AS rows`,
      [executionIds, limit, chunkLimit],
    );
    const r = rows[0] ?? { lines: 0, chunks: 0, rows: 0 };
    return { events: r.lines + r.rows, done: r.chunks < chunkLimit && r.rows < limit };
  }

  /**
   * Deletes ended executions with their steps and whatever events are left
   * (deleteEvents took the bulk), in one statement. Rows that name them
   * without a foreign key (schedule fires, trigger events, retryOf/restartOf,
   * a release's verification run) keep the id; the API reads it as null.
   */
  async deleteExecutions(ids: readonly string[]): Promise<DeletedRows> {
    if (ids.length === 0) return { executions: 0, steps: 0, events: 0 };
    const { rows } = await this.pool.query<DeletedRows>(
      `WITH gone AS (SELECT id FROM executions WHERE id = ANY($1::uuid[]) AND status = ANY($2)),
       s AS (DELETE FROM step_executions WHERE "executionId" IN (SELECT id FROM gone) RETURNING 1),
       v AS (DELETE FROM execution_events WHERE "executionId" IN (SELECT id FROM gone) RETURNING 1),
       e AS (DELETE FROM executions WHERE id IN (SELECT id FROM gone) RETURNING 1)
       SELECT (SELECT count(*) FROM e)::int AS executions, (SELECT count(*) FROM s)::int AS steps,
              (SELECT count(*) FROM v)::int AS events`,
      [ids, TERMINAL],
    );
    return rows[0] ?? { executions: 0, steps: 0, events: 0 };
  }

  /** Ended executions past their task's log horizon whose log lines are still there. */
  async logsDue(rules: readonly TaskRules[], limit: number): Promise<string[]> {
    return this.endedBefore(rules, "logDays", `e."endedAt" IS NOT NULL AND e."logsExpiredAt" IS NULL`, limit);
  }

  /**
   * Per task, up to `limit` ended executions (oldest first) that ended more
   * than the task's `field` days ago and match `condition`: one LATERAL scan
   * of executions ("taskId", "endedAt") per task.
   */
  private async endedBefore(
    rules: readonly TaskRules[],
    field: "days" | "logDays",
    condition: string,
    limit: number,
  ): Promise<string[]> {
    const r = rules.filter((x) => x[field] !== undefined);
    if (r.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT x.id FROM unnest($1::uuid[], $2::int[]) AS r("taskId", days)
       CROSS JOIN LATERAL (
         SELECT e.id FROM executions e
         WHERE e."taskId" = r."taskId" AND e."endedAt" < ${NOW} - make_interval(days => r.days)
           AND e.status = ANY($3) AND ${condition}
         ORDER BY e."endedAt" LIMIT $4) x
       LIMIT $4`,
      [r.map((x) => x.taskId), r.map((x) => x[field]), TERMINAL, limit],
    );
    return rows.map((x) => x.id);
  }

  /** Records that these executions' log lines are gone (they leave the partial index). */
  async markLogsExpired(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query(`UPDATE executions SET "logsExpiredAt" = ${NOW} WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Ended DAG runs older than `days` whose node executions have all ended. */
  async expiredDagRuns(days: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT d.id FROM dag_runs d
       WHERE d."endedAt" < ${NOW} - make_interval(days => $1) AND d.status = ANY($2)
         AND NOT EXISTS (SELECT 1 FROM dag_node_runs n JOIN executions e ON e.id = n."executionId"
                         WHERE n."dagRunId" = d.id AND e.status <> ALL($3))
       ORDER BY d."endedAt" LIMIT $4`,
      [days, DAG_TERMINAL, TERMINAL, limit],
    );
    return rows.map((x) => x.id);
  }

  /** The executions of these DAG runs: every node attempt and the earlier attempts its retries replaced. */
  async dagRunExecutions(dagRunIds: readonly string[], db: pg.Pool | pg.PoolClient = this.pool): Promise<string[]> {
    if (dagRunIds.length === 0) return [];
    const { rows } = await db.query<{ id: string }>(
      `WITH RECURSIVE x AS (
         SELECT n."executionId" AS id FROM dag_node_runs n WHERE n."dagRunId" = ANY($1::uuid[])
         UNION SELECT e."retryOfId" FROM executions e JOIN x ON e.id = x.id WHERE e."retryOfId" IS NOT NULL)
       SELECT id FROM x`,
      [dagRunIds],
    );
    return rows.map((x) => x.id);
  }

  /**
   * Deletes DAG runs (their node rows cascade) with their executions, steps and
   * remaining events, in one short transaction that re-checks each run is
   * still ended under its row lock (a restart may have reopened it).
   */
  async deleteDagRuns(dagRunIds: readonly string[]): Promise<DagRunDeletion> {
    const none = { dagRuns: 0, executions: 0, steps: 0, events: 0 };
    if (dagRunIds.length === 0) return none;
    return inTransaction(this.pool, async (client) => {
      const locked = await client.query<{ id: string }>(
        `SELECT id FROM dag_runs WHERE id = ANY($1::uuid[]) AND status = ANY($2) AND "endedAt" IS NOT NULL
         ORDER BY id FOR UPDATE`,
        [dagRunIds, DAG_TERMINAL],
      );
      const runs = locked.rows.map((r) => r.id);
      if (runs.length === 0) return none;
      const executions = await this.dagRunExecutions(runs, client);
      const { rows } = await client.query<DagRunDeletion>(
        `WITH d AS (DELETE FROM dag_runs WHERE id = ANY($1::uuid[]) RETURNING 1),
         s AS (DELETE FROM step_executions WHERE "executionId" = ANY($2::uuid[]) RETURNING 1),
         v AS (DELETE FROM execution_events WHERE "executionId" = ANY($2::uuid[]) RETURNING 1),
         e AS (DELETE FROM executions WHERE id = ANY($2::uuid[]) RETURNING 1)
         SELECT (SELECT count(*) FROM d)::int AS "dagRuns", (SELECT count(*) FROM e)::int AS executions,
                (SELECT count(*) FROM s)::int AS steps, (SELECT count(*) FROM v)::int AS events`,
        [runs, executions],
      );
      return rows[0] ?? none;
    });
  }

  /** Up to `limit` audit records older than `days`; how many went. */
  async deleteAudit(days: number, limit: number): Promise<number> {
    const res = await this.pool.query(
      `DELETE FROM audit_records WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM audit_records WHERE at < ${NOW} - make_interval(days => $1) LIMIT $2))`,
      [days, limit],
    );
    return res.rowCount ?? 0;
  }
}
