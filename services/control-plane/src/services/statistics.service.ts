import { badInput } from "../domain/errors.js";
import type { StatisticsStore, StepStatisticsRow } from "../store/statistics-store.js";

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

/**
 * The Spring Batch history picture per step: over the task's last N
 * executions, each finished step's duration (ms) and counters, as min, max,
 * mean and sample standard deviation. Aggregated in Postgres, so the history
 * is never shipped to the control plane.
 */
export class StatisticsService {
  constructor(private readonly store: StatisticsStore) {}

  async steps(task: string, last?: number | null): Promise<StepStatistics[]> {
    const n = last ?? 100;
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw badInput("last must be a whole number from 1 to 10000.");
    return (await this.store.steps(task, n)).map(toStepStatistics);
  }
}

const num = (v: string | number | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

function toStepStatistics(r: StepStatisticsRow): StepStatistics {
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
}
