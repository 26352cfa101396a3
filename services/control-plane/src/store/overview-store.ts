import type { Queryable } from "./run-store.js";

/** How many executions have one status. */
export interface StatusCountRow {
  status: string;
  count: number;
}

/** Executions queued within one hour (UTC), by their status now. */
export interface HourCountRow {
  /** The hour's start, epoch milliseconds. */
  hour: number;
  status: string;
  count: number;
}

/** The overview's aggregates, all at one instant of the database's clock. */
export interface OverviewRows {
  /** The window's start: `until` minus the hours asked for. */
  since: Date;
  /** The database's now. */
  until: Date;
  /** Executions in each of the given (active) statuses now, whenever queued. */
  active: StatusCountRow[];
  /** Executions in each of the given (terminal) statuses that ended within the window. */
  ended: StatusCountRow[];
  /** Executions queued within the window, per hour and status. */
  hours: HourCountRow[];
  /** Runners heard from within the freshness delay. */
  runners: number;
}

const NOW = `(now() AT TIME ZONE 'UTC')`;
const SINCE = `(${NOW} - make_interval(hours => $1::int))`;
const counts = (select: string): string =>
  `(SELECT COALESCE(json_agg(json_build_object('status', status, 'count', n)), '[]'::json) FROM (${select}) c)`;

/**
 * The overview in one statement, aggregated in Postgres (never rows shipped
 * to be counted). Each part is an index-only scan at a million executions:
 * active statuses on executions_status_idx, the ended window on
 * executions_endedAt_status_idx, the hourly buckets on
 * executions_queuedAt_status_idx (docs/architecture.md, "Console").
 * now() is the transaction's instant, so every part sees the same window.
 */
export class OverviewStore {
  constructor(private readonly db: Queryable) {}

  async overview(
    hours: number,
    active: readonly string[],
    terminal: readonly string[],
    freshMs: number,
  ): Promise<OverviewRows> {
    const { rows } = await this.db.query<OverviewRows>(
      `SELECT ${SINCE} AS since, ${NOW} AS until,
         ${counts(`SELECT status, count(*)::int AS n FROM executions
                   WHERE status = ANY($2::text[]) GROUP BY status`)} AS active,
         ${counts(`SELECT status, count(*)::int AS n FROM executions
                   WHERE "endedAt" >= ${SINCE} AND status = ANY($3::text[]) GROUP BY status`)} AS ended,
         (SELECT COALESCE(json_agg(json_build_object(
                   'hour', (extract(epoch FROM h) * 1000)::float8, 'status', status, 'count', n)), '[]'::json)
          FROM (SELECT date_trunc('hour', "queuedAt") AS h, status, count(*)::int AS n
                FROM executions WHERE "queuedAt" >= ${SINCE} GROUP BY 1, 2) b) AS hours,
         (SELECT count(*)::int FROM runners
          WHERE "lastHeartbeatAt" >= ${NOW} - make_interval(secs => $4 / 1000.0)) AS runners`,
      [hours, active, terminal, freshMs],
    );
    return rows[0] as OverviewRows;
  }
}
