/**
 * Spring Batch's step counters (BATCH_STEP_EXECUTION's READ_COUNT, ...).
 * A plain mutable object so a tasklet can write `ctx.counters.write += n`;
 * values are checked when they are reported.
 */
export interface Counters {
  read: number;
  write: number;
  commit: number;
  rollback: number;
  skip: number;
  filter: number;
}

export const COUNTER_NAMES = ["read", "write", "commit", "rollback", "skip", "filter"] as const;

export function zeroCounters(): Counters {
  return { read: 0, write: 0, commit: 0, rollback: 0, skip: 0, filter: 0 };
}

export function addCounters(into: Counters, from: Readonly<Counters>): Counters {
  for (const name of COUNTER_NAMES) into[name] += from[name];
  return into;
}

/** The first counter that is not a whole number from 0 up, described for an error message; undefined if all are. */
export function invalidCounter(counters: Readonly<Counters>): string | undefined {
  for (const name of COUNTER_NAMES) {
    const value = counters[name];
    if (!Number.isSafeInteger(value) || value < 0) return `counters.${name} is ${String(value)}`;
  }
  return undefined;
}
