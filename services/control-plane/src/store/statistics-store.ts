import type { Queryable } from "./run-store.js";

/** One step's aggregates: `runs`, and `<measure>_<min|max|mean|stddev>` for each measure, as Postgres returns them. */
export type StepStatisticsRow = Record<string, string | number | null>;

/** What is measured of each finished step, as SQL over step_executions `s`. */
const MEASURES = {
  duration: `EXTRACT(EPOCH FROM (s."endedAt" - s."startedAt")) * 1000`,
  read: `s."readCount"`,
  write: `s."writeCount"`,
  commit: `s."commitCount"`,
  rollback: `s."rollbackCount"`,
  skip: `s."skipCount"`,
  filter: `s."filterCount"`,
} as const;

const COLUMNS = Object.entries(MEASURES)
  .map(
    ([k, expr]) =>
      `min(${expr}) AS "${k}_min", max(${expr}) AS "${k}_max", avg(${expr}) AS "${k}_mean", stddev_samp(${expr}) AS "${k}_stddev"`,
  )
  .join(",\n              ");

/**
 * Step statistics in one statement, aggregated in Postgres. "The task's last
 * N executions" starts from the task's ids (by name: a deleted task and its
 * successor both count, as they always have) and reads each one's newest N
 * off executions_taskId_queuedAt_id_idx (LATERAL: an index-only scan of N
 * entries), never every run of the task joined and sorted. Their steps are
 * looked up as an array of ids on step_executions' primary key: written as a
 * join, the planner hashes the whole step_executions table instead (54 ms
 * against 7 ms at 300,000 steps, and growing with every task's history).
 * See docs/architecture.md, "At a million executions".
 */
export class StatisticsStore {
  constructor(private readonly db: Queryable) {}

  async steps(task: string, last: number): Promise<StepStatisticsRow[]> {
    const { rows } = await this.db.query<StepStatisticsRow>(
      `SELECT s.name, count(*)::int AS runs, min(s.position) AS position,
              ${COLUMNS}
       FROM step_executions s
       WHERE s."executionId" = ANY(ARRAY(
               SELECT e.id FROM task_definitions t
               CROSS JOIN LATERAL (SELECT id, "queuedAt" FROM executions WHERE "taskId" = t.id
                                   ORDER BY "queuedAt" DESC LIMIT $2) e
               WHERE t.name = $1
               ORDER BY e."queuedAt" DESC LIMIT $2))
         AND s."endedAt" IS NOT NULL AND s."startedAt" IS NOT NULL
       GROUP BY s.name ORDER BY min(s.position), s.name`,
      [task, last],
    );
    return rows;
  }
}
