import { badInput } from "../domain/errors.js";
import type { RunStore } from "../store/run-store.js";

export interface Stat {
  min: number | null;
  max: number | null;
  mean: number | null;
  stddev: number | null;
}

export interface StepStatistics {
  step: string;
  runs: number;
  duration: Stat;
  read: Stat;
  write: Stat;
  commit: Stat;
  rollback: Stat;
  skip: Stat;
  filter: Stat;
}

const MEASURES = {
  duration: `EXTRACT(EPOCH FROM (s."endedAt" - s."startedAt")) * 1000`,
  read: `s."readCount"`,
  write: `s."writeCount"`,
  commit: `s."commitCount"`,
  rollback: `s."rollbackCount"`,
  skip: `s."skipCount"`,
  filter: `s."filterCount"`,
} as const;

/**
 * The Spring Batch history picture per step: over the task's last N
 * executions, each finished step's duration (ms) and counters, as min, max,
 * mean and sample standard deviation. Aggregated in Postgres, so the history
 * is never shipped to the control plane.
 */
export class StatisticsService {
  constructor(private readonly store: RunStore) {}

  async steps(task: string, last?: number | null): Promise<StepStatistics[]> {
    const n = last ?? 100;
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw badInput("last must be a whole number from 1 to 10000.");
    const columns = Object.entries(MEASURES)
      .map(
        ([k, expr]) =>
          `min(${expr}) AS "${k}_min", max(${expr}) AS "${k}_max", avg(${expr}) AS "${k}_mean", stddev_samp(${expr}) AS "${k}_stddev"`,
      )
      .join(",\n       ");
    const { rows } = await this.store.pool.query<Record<string, string | number | null>>(
      `WITH recent AS (
         SELECT e.id FROM executions e JOIN task_definitions t ON t.id = e."taskId"
         WHERE t.name = $1 ORDER BY e."queuedAt" DESC LIMIT $2)
       SELECT s.name, count(*)::int AS runs, min(s.position) AS position,
       ${columns}
       FROM step_executions s JOIN recent r ON r.id = s."executionId"
       WHERE s."endedAt" IS NOT NULL AND s."startedAt" IS NOT NULL
       GROUP BY s.name ORDER BY min(s.position), s.name`,
      [task, n],
    );
    const num = (v: string | number | null | undefined): number | null =>
      v === null || v === undefined ? null : Number(v);
    return rows.map((r) => {
      const stat = (k: string): Stat => ({
        min: num(r[`${k}_min`]),
        max: num(r[`${k}_max`]),
        mean: num(r[`${k}_mean`]),
        stddev: num(r[`${k}_stddev`]),
      });
      return {
        step: String(r.name),
        runs: Number(r.runs),
        duration: stat("duration"),
        read: stat("read"),
        write: stat("write"),
        commit: stat("commit"),
        rollback: stat("rollback"),
        skip: stat("skip"),
        filter: stat("filter"),
      };
    });
  }
}
