import { badInput } from "../domain/errors.js";
import { EXECUTION_STATUSES, type ExecutionStatus, TERMINAL_STATUSES } from "../domain/execution-state.js";
import type { HourCountRow, OverviewStore, StatusCountRow } from "../store/overview-store.js";

/** The longest window the overview covers: 31 days. */
export const OVERVIEW_MAX_HOURS = 24 * 31;

/** The statuses of a run not ended yet: QUEUED, DISPATCHED, RUNNING. */
export const ACTIVE_STATUSES: readonly ExecutionStatus[] = EXECUTION_STATUSES.filter(
  (s) => !TERMINAL_STATUSES.includes(s),
);

/** The terminal statuses counted as failures. */
export const FAILURE_STATUSES: readonly ExecutionStatus[] = ["FAILED", "TIMED_OUT", "LOST", "EXPIRED"];

export interface StatusCount {
  status: ExecutionStatus;
  count: number;
}

export interface OverviewBucket {
  /** The hour's start (UTC). */
  start: Date;
  total: number;
  /** Non-zero counts only, in lifecycle order. */
  counts: StatusCount[];
}

export interface Overview {
  hours: number;
  since: Date;
  until: Date;
  active: StatusCount[];
  ended: StatusCount[];
  failed: number;
  buckets: OverviewBucket[];
  runners: number;
}

const HOUR_MS = 3_600_000;

/** Every status of `statuses` with its count (0 when absent), in lifecycle order. */
export function fillCounts(statuses: readonly ExecutionStatus[], rows: readonly StatusCountRow[]): StatusCount[] {
  const by = new Map(rows.map((r) => [r.status, r.count]));
  return statuses.map((status) => ({ status, count: by.get(status) ?? 0 }));
}

/**
 * One bucket per hour from the hour `since` falls in to the hour `until`
 * falls in (so the first and the last are partial), empty ones included.
 */
export function hourBuckets(since: Date, until: Date, rows: readonly HourCountRow[]): OverviewBucket[] {
  const first = Math.floor(since.getTime() / HOUR_MS) * HOUR_MS;
  const last = Math.floor(until.getTime() / HOUR_MS) * HOUR_MS;
  const byHour = new Map<number, StatusCountRow[]>();
  for (const r of rows) byHour.set(r.hour, [...(byHour.get(r.hour) ?? []), r]);
  const buckets: OverviewBucket[] = [];
  for (let t = first; t <= last; t += HOUR_MS) {
    const counts = fillCounts(EXECUTION_STATUSES, byHour.get(t) ?? []).filter((c) => c.count > 0);
    buckets.push({ start: new Date(t), total: counts.reduce((a, c) => a + c.count, 0), counts });
  }
  return buckets;
}

/** The console's overview: counts aggregated in Postgres over a window of the last `hours`. */
export class OverviewService {
  constructor(
    private readonly store: OverviewStore,
    /** Runners heard from within this are counted (the `runners` query's default). */
    private readonly runnerFreshMs: number,
  ) {}

  async overview(hours?: number | null): Promise<Overview> {
    const h = hours ?? 24;
    if (!Number.isInteger(h) || h < 1 || h > OVERVIEW_MAX_HOURS)
      throw badInput(`hours must be a whole number from 1 to ${OVERVIEW_MAX_HOURS} (31 days); got ${h}.`, {
        field: "hours",
      });
    const rows = await this.store.overview(h, ACTIVE_STATUSES, TERMINAL_STATUSES, this.runnerFreshMs);
    const ended = fillCounts(TERMINAL_STATUSES, rows.ended);
    return {
      hours: h,
      since: rows.since,
      until: rows.until,
      active: fillCounts(ACTIVE_STATUSES, rows.active),
      ended,
      failed: ended.filter((c) => FAILURE_STATUSES.includes(c.status)).reduce((a, c) => a + c.count, 0),
      buckets: hourBuckets(rows.since, rows.until, rows.hours),
      runners: rows.runners,
    };
  }
}
